import { z } from "zod";
import { onShiftQuery, personBody, rosterBody, rosterQuery } from "./routes/personnel-routes.js";
import { ganttQuery, scheduleBody } from "./routes/schedule-routes.js";

/** OpenAPI paths and schemas of the production schedule. */

const error = { $ref: "#/components/responses/Error" };
const json = (schema: unknown) => ({ "application/json": { schema } });
const toJson = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "input", unrepresentable: "any", target: "openapi-3.0" }) as { properties?: Record<string, unknown>; required?: string[] };
const dateTime = { type: "string", format: "date-time" };
const nullableDateTime = { ...dateTime, nullable: true };

/** How a scheduled job is named, in the preview's rows and the Gantt's bars alike (as a job order is). */
const jobNaming = {
  jobOrderId: { type: "string" },
  workOrderId: { type: "string", nullable: true },
  workOrderErpId: { type: "string", nullable: true, description: "the work order's number in the ERP" },
  step: { type: "integer", nullable: true },
} as const;

export const scheduleSchemas = {
  Schedule: {
    type: "object",
    properties: {
      rule: { type: "string", enum: ["edd", "priority", "setup"] },
      computedAt: dateTime,
      horizonEnd: dateTime,
      committed: { type: "boolean" },
      jobs: {
        type: "array",
        items: {
          type: "object",
          properties: {
            ...jobNaming,
            equipmentId: { type: "string" },
            equipmentName: { type: "string" },
            productId: { type: "string", nullable: true },
            productName: { type: "string", nullable: true },
            dueAt: nullableDateTime,
            latenessMs: { type: "number", nullable: true, description: "its work order's planned end minus its due date; negative: early; null: no due date" },
            start: dateTime,
            end: dateTime,
            setupMs: { type: "number", description: "changeover before the work, inside [start, end)" },
            running: { type: "boolean", description: "already running: shown with its estimated end, never moved" },
          },
        },
      },
      unscheduled: { type: "array", items: { type: "object", properties: { jobOrderId: { type: "string" }, reason: { type: "string" } } } },
      lateness: {
        type: "array",
        items: { type: "object", properties: { workOrderId: { type: "string" }, erpId: { type: "string", nullable: true }, end: dateTime, dueAt: nullableDateTime, latenessMs: { type: "number", nullable: true, description: "end minus due date; negative: early" } } },
      },
      totalChangeoverMs: { type: "number" },
    },
  },
  Gantt: {
    type: "object",
    properties: {
      from: dateTime,
      to: dateTime,
      rows: {
        type: "array",
        items: {
          type: "object",
          properties: {
            equipmentId: { type: "string" },
            name: { type: "string", description: "the work unit's name" },
            bars: {
              type: "array",
              items: {
                type: "object",
                properties: {
                  ...jobNaming,
                  productId: { type: "string", nullable: true },
                  productName: { type: "string", nullable: true },
                  state: { type: "integer" },
                  plannedStart: nullableDateTime,
                  plannedEnd: nullableDateTime,
                  actualStart: nullableDateTime,
                  actualEnd: nullableDateTime,
                  dueAt: nullableDateTime,
                  latenessMs: { type: "number", nullable: true, description: "its end (actual, else planned) minus its work order's due date; negative: early" },
                  late: { type: "boolean", description: "ends or is planned to end after its work order is due" },
                },
              },
            },
          },
        },
      },
    },
  },
};

const ruleBody = { required: false, content: json(toJson((scheduleBody as z.ZodOptional<z.ZodType>).unwrap())) };
const gantt = toJson(ganttQuery);

export const schedulePaths = {
  "/api/v1/schedule/preview": {
    post: { summary: "Compute a schedule of the released job orders without committing it", requestBody: ruleBody, responses: { "200": { description: "the schedule", content: json({ $ref: "#/components/schemas/Schedule" }) }, "400": error } },
  },
  "/api/v1/schedule/commit": {
    post: {
      summary: "Compute and commit a schedule: planned start and end of each job order (its OPC UA StartTime/EndTime and the order stations get their jobs in)",
      requestBody: ruleBody,
      responses: { "200": { description: "the committed schedule", content: json({ $ref: "#/components/schemas/Schedule" }) }, "400": error },
    },
  },
  "/api/v1/schedule": {
    get: {
      summary: "Planned and actual bars per work unit in a window (for a Gantt chart)",
      parameters: Object.entries(gantt.properties ?? {}).map(([name, schema]) => ({ name, in: "query", required: gantt.required?.includes(name) ?? false, schema })),
      responses: { "200": { description: "the bars", content: json({ $ref: "#/components/schemas/Gantt" }) }, "400": error },
    },
  },
};

const personSchema = {
  type: "object",
  properties: {
    id: { type: "string" },
    name: { type: "string" },
    classes: { type: "array", items: { type: "string" } },
    qualifications: { type: "array", items: { type: "string" } },
    contractedHours: { type: "number" },
    minHours: { type: "number" },
    maxHours: { type: "number" },
    unavailable: { type: "array", items: { type: "object", properties: { start: dateTime, end: dateTime } } },
    updatedAt: dateTime,
  },
};
const assignment = { type: "object", properties: { id: { type: "string" }, personId: { type: "string" }, workCenterId: { type: "string" }, shiftKey: { type: "string" }, startsAt: dateTime, endsAt: dateTime } };
const roster = {
  type: "object",
  properties: {
    weekStart: dateTime,
    weekEnd: dateTime,
    committed: { type: "boolean" },
    assignments: { type: "array", items: { type: "object", properties: { shiftKey: { type: "string" }, workCenterId: { type: "string" }, personId: { type: "string" }, start: { type: "number" }, end: { type: "number" } } } },
    shortages: { type: "array", items: { type: "object", properties: { shiftKey: { type: "string" }, workCenterId: { type: "string" }, needed: { type: "integer" }, assigned: { type: "integer" }, reasons: { type: "array", items: { type: "string" } } } } },
    hours: { type: "object", additionalProperties: { type: "number" } },
    underMinimum: { type: "array", items: { type: "object", properties: { personId: { type: "string" }, hours: { type: "number" }, minHours: { type: "number" } } } },
  },
};
const idPath = [{ name: "id", in: "path", required: true, schema: { type: "string" } }];
const query = (schema: z.ZodType) => {
  const j = toJson(schema);
  return Object.entries(j.properties ?? {}).map(([name, s]) => ({ name, in: "query", required: j.required?.includes(name) ?? false, schema: s }));
};

export const personnelPaths = {
  "/api/v1/personnel": { get: { summary: "Personnel (ISA-95): people with classes and qualifications per work center", responses: { "200": { description: "all", content: json({ type: "object", properties: { items: { type: "array", items: personSchema } } }) } } } },
  "/api/v1/personnel/on-shift": {
    get: { summary: "Who is rostered at a moment (default now), per work center", parameters: query(onShiftQuery), responses: { "200": { description: "the people", content: json({ type: "object" }) }, "400": error } },
  },
  "/api/v1/personnel/{id}": {
    get: { summary: "One person", parameters: idPath, responses: { "200": { description: "the person", content: json(personSchema) }, "404": error } },
    put: { summary: "Create or replace a person", parameters: idPath, requestBody: { required: true, content: json(toJson(personBody)) }, responses: { "200": { description: "replaced", content: json(personSchema) }, "201": { description: "created", content: json(personSchema) }, "400": error } },
  },
  "/api/v1/rosters/preview": { post: { summary: "The roster of a week (covers every shift with qualified people within hours and rest limits, or says which shift is short and why)", requestBody: { required: true, content: json(toJson(rosterBody)) }, responses: { "200": { description: "the roster", content: json(roster) }, "400": error } } },
  "/api/v1/rosters/commit": { post: { summary: "Build and store the roster of a week, replacing that week's", requestBody: { required: true, content: json(toJson(rosterBody)) }, responses: { "200": { description: "the roster", content: json(roster) }, "400": error } } },
  "/api/v1/rosters": { get: { summary: "Roster assignments in a window", parameters: query(rosterQuery), responses: { "200": { description: "oldest first", content: json({ type: "object", properties: { items: { type: "array", items: assignment } } }) }, "400": error } } },
};
