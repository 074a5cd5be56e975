import { z } from "zod";
import { ganttQuery, scheduleBody } from "./routes/schedule-routes.js";

/** OpenAPI paths and schemas of the production schedule. */

const error = { $ref: "#/components/responses/Error" };
const json = (schema: unknown) => ({ "application/json": { schema } });
const toJson = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "input", unrepresentable: "any", target: "openapi-3.0" }) as { properties?: Record<string, unknown>; required?: string[] };
const dateTime = { type: "string", format: "date-time" };
const nullableDateTime = { ...dateTime, nullable: true };

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
            jobOrderId: { type: "string" },
            workOrderId: { type: "string", nullable: true },
            equipmentId: { type: "string" },
            productId: { type: "string", nullable: true },
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
            bars: {
              type: "array",
              items: { type: "object", properties: { jobOrderId: { type: "string" }, workOrderId: { type: "string", nullable: true }, productId: { type: "string", nullable: true }, state: { type: "integer" }, plannedStart: nullableDateTime, plannedEnd: nullableDateTime, actualStart: nullableDateTime, actualEnd: nullableDateTime } },
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
