import { z } from "zod";
import { calendarSchema } from "../config/oee-schema.js";

/** OpenAPI paths and schemas of OEE and shift calendars. */

const error = { $ref: "#/components/responses/Error" };
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ "application/json": { schema } });
const toJson = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "input", unrepresentable: "any", target: "openapi-3.0" });
const dateTime = { type: "string", format: "date-time" };
const ms = (description: string) => ({ type: "number", description: `${description}, ms` });
const ratio = (description: string) => ({ type: "number", nullable: true, description: `${description}; null when there is nothing to divide by (n/a)` });

const figures = {
  elements: {
    type: "object",
    description: "ISO 22400-2 time elements, summed over the work units; actual times count inside planned busy time",
    properties: {
      potMs: ms("POT planned operation time"),
      pdotMs: ms("PDOT planned down time"),
      pbtMs: ms("PBT planned busy time"),
      aptMs: ms("APT actual production time"),
      austMs: ms("AUST actual unit setup time"),
      adetMs: ms("ADET actual unit delay time"),
      adotMs: ms("ADOT actual unit down time"),
      communicationLossMs: ms("PLC not reachable"),
      unknownMs: ms("planned busy time with no known state"),
      microStopMs: ms("micro-stop time (in ADET under iso, in APT under tpm)"),
      microStops: { type: "integer" },
      failures: { type: "integer" },
      productionOutsidePbtMs: ms("production outside planned busy time (shown, not counted)"),
    },
  },
  quantities: {
    type: "object",
    properties: {
      pq: { type: "number", description: "produced quantity" },
      gq: { type: "number", description: "good quantity" },
      sq: { type: "number", description: "scrap quantity" },
      idealMs: ms("sum of ideal cycle time x produced quantity"),
      pqWithoutIdeal: { type: "number", description: "parts whose product has no ideal cycle time on their unit" },
    },
  },
  kpis: {
    type: "object",
    properties: {
      availability: ratio("APT / PBT"),
      effectiveness: ratio("sum(PRI x PQ) / APT; may exceed 1 (flagged)"),
      qualityRate: ratio("GQ / PQ"),
      oee: ratio("availability x effectiveness x quality rate"),
      nee: ratio("net equipment effectiveness: setup not counted as loss"),
      throughputRatePerHour: ratio("PQ / AUBT per hour"),
      setupRatio: ratio("AUST / AUBT"),
      scrapRatio: ratio("SQ / PQ"),
      allocationRatio: ratio("AUBT / PBT"),
      mtbfMs: ratio("APT / failures"),
      mttrMs: ratio("ADOT / failures"),
      flags: { type: "array", items: { type: "string", enum: ["no_planned_time", "effectiveness_above_1", "ideal_cycle_time_missing", "nothing_produced"] } },
    },
  },
};

export const oeeSchemas = {
  OeeReport: {
    type: "object",
    properties: {
      equipmentId: { type: "string" },
      from: dateTime,
      to: dateTime,
      policy: { type: "object", properties: { microStopConvention: { type: "string", enum: ["iso", "tpm"] }, microStopThresholdS: { type: "number" } } },
      workUnits: { type: "array", items: { type: "string" } },
      granularity: { type: "string", nullable: true, enum: ["hour", "shift", "day"] },
      ...figures,
      periods: { type: "array", items: { type: "object", properties: { label: { type: "string" }, from: dateTime, to: dateTime, ...figures } } },
      shift: { type: "object", nullable: true, description: "current-shift only", properties: { name: { type: "string" }, date: { type: "string" }, start: dateTime, end: dateTime } },
    },
  },
  Calendar: {
    allOf: [toJson(calendarSchema), { type: "object", properties: { id: { type: "string" }, updatedAt: dateTime } }],
  },
};

const equipmentParameter = { name: "equipmentId", in: "path", required: true, description: "any equipment: a work unit, or a work center, area, site or enterprise (rolled up)", schema: { type: "string" } };
const queryParameter = (name: string, description: string, schema: unknown, required = false) => ({ name, in: "query", required, description, schema });

export const oeePaths = {
  "/api/v1/oee/{equipmentId}": {
    get: {
      summary: "OEE (ISO 22400-2) for any equipment and period, with the times and quantities behind it, optionally per hour, shift or day",
      parameters: [
        equipmentParameter,
        queryParameter("from", "start, ISO 8601 with zone", { type: "string", format: "date-time" }, true),
        queryParameter("to", "end (exclusive); at most 400 days after from", { type: "string", format: "date-time" }, true),
        queryParameter("granularity", "periods to cut the window into (hourly for at most 31 days)", { type: "string", enum: ["hour", "shift", "day"] }),
      ],
      responses: { "200": { description: "the figures", content: json(ref("OeeReport")) }, "400": error, "404": error },
    },
  },
  "/api/v1/oee/{equipmentId}/current-shift": {
    get: { summary: "The current shift's figures so far (as on the OPC UA Oee objects)", parameters: [equipmentParameter], responses: { "200": { description: "the figures", content: json(ref("OeeReport")) }, "404": error } },
  },
  "/api/v1/calendars": { get: { summary: "Shift calendars", responses: { "200": { description: "all", content: json({ type: "object", properties: { items: { type: "array", items: ref("Calendar") } } }) } } } },
  "/api/v1/calendars/{id}": {
    get: { summary: "One shift calendar", parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }], responses: { "200": { description: "the calendar", content: json(ref("Calendar")) }, "404": error } },
    put: {
      summary: "Create or replace a shift calendar (shifts with breaks, non-working days, planned down time, the equipment it plans)",
      parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
      requestBody: { required: true, content: json(toJson(calendarSchema)) },
      responses: { "200": { description: "replaced", content: json(ref("Calendar")) }, "201": { description: "created", content: json(ref("Calendar")) }, "400": error, "409": error, "413": error, "415": error },
    },
  },
};
