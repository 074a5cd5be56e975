import { ALARM_KINDS } from "../domain/alarms/alarm-kinds.js";
import { body, dateTime, error, ok, pathParameter, queryParameters, ref } from "./openapi-parts.js";
import { alarmAddCommentBody, alarmCommentBody, alarmCsvQuery, alarmQuery, alarmShelveBody, alarmUnshelveBody } from "./routes/alarm-routes.js";

/** Alarms and Conditions (OPC 10000-9) over REST: the history, and the operator's answers to an alarm. */
const nullableString = { type: "string", nullable: true };
const nullableDateTime = { ...dateTime, nullable: true };
const alarmId = pathParameter("id", "alarm id (one occurrence of a condition)");

export const alarmSchemas = {
  Alarm: {
    type: "object",
    required: ["id", "kind", "conditionType", "workUnitId", "sourceName", "severity", "message", "active", "activeSince", "acknowledged", "confirmed", "shelved", "comments"],
    properties: {
      id: { type: "string" },
      kind: { type: "string", enum: [...ALARM_KINDS] },
      conditionType: { type: "string", description: "the OPC 10000-9 type of its condition, e.g. OffNormalAlarmType" },
      workUnitId: { type: "string" },
      subject: { type: "string", description: "what it is about within its kind (job order, plan, characteristic, material); empty when one per unit" },
      sourceName: { type: "string" },
      severity: { type: "integer", minimum: 1, maximum: 1000 },
      message: { type: "string" },
      active: { type: "boolean" },
      activeSince: dateTime,
      clearedAt: nullableDateTime,
      acknowledged: { type: "boolean" },
      acknowledgedBy: nullableString,
      acknowledgedAt: nullableDateTime,
      confirmed: { type: "boolean" },
      confirmedBy: nullableString,
      confirmedAt: nullableDateTime,
      shelved: { type: "string", enum: ["unshelved", "timed", "one-shot"] },
      shelvedUntil: nullableDateTime,
      retain: { type: "boolean", description: "not yet closed: active, or waiting for acknowledgement or confirmation" },
      comments: { type: "array", items: { type: "object", properties: { at: dateTime, by: { type: "string" }, text: { type: "string" } } } },
    },
  },
};

const answer = (summary: string, schema: Parameters<typeof body>[0], required = true) => ({
  post: {
    summary,
    parameters: [alarmId],
    requestBody: body(schema, required),
    responses: { "200": ok("the alarm after the change", ref("Alarm")), "400": error, "403": error, "404": error, "409": error },
  },
});

export const alarmPaths = {
  "/api/v1/alarms": {
    get: {
      summary: "Alarms, newest raised first: active or not, of a work unit, of a kind, raised in [from, to)",
      parameters: queryParameters(alarmQuery),
      responses: {
        "200": ok("one page of alarms", { type: "object", required: ["items", "total"], properties: { items: { type: "array", items: ref("Alarm") }, total: { type: "integer" }, limit: { type: "integer" }, offset: { type: "integer" } } }),
        "400": error,
      },
    },
  },
  "/api/v1/alarms.csv": {
    get: {
      summary: "The same alarms as CSV (RFC 4180), for a spreadsheet",
      parameters: queryParameters(alarmCsvQuery),
      responses: { "200": { description: "one line per alarm", content: { "text/csv": { schema: { type: "string" } } } }, "400": error },
    },
  },
  "/api/v1/alarms/{id}": {
    get: { summary: "One alarm", parameters: [alarmId], responses: { "200": ok("the alarm", ref("Alarm")), "404": error } },
  },
  "/api/v1/alarms/{id}/acknowledge": answer("Acknowledge the alarm (OPC 10000-9 Acknowledge), with an optional comment; 409 when it is acknowledged already", alarmCommentBody, false),
  "/api/v1/alarms/{id}/confirm": answer("Confirm the acknowledged alarm (OPC 10000-9 Confirm); 409 before its acknowledgement or when confirmed already", alarmCommentBody, false),
  "/api/v1/alarms/{id}/comment": answer("Add a comment (OPC 10000-9 AddComment); 400 over alarms.maxCommentLength", alarmAddCommentBody),
  "/api/v1/alarms/{id}/shelve": answer("Shelve the alarm, timed (durationMs) or one-shot (until it clears), at most alarms.maxShelvingMinutes; 400 beyond it", alarmShelveBody),
  "/api/v1/alarms/{id}/unshelve": answer("End the alarm's shelving; 409 when it is not shelved", alarmUnshelveBody, false),
};
