import { body, dateTime, error, ok, pathParameter, queryParameters, ref } from "./openapi-parts.js";
import { closeWorkBody, dueQuery, finishWorkBody, maintenancePlanBody, maintenanceRequestBody, maintenanceWorkOrderQuery, newMaintenancePlanBody, planWorkBody, reliabilityQuery, startWorkBody } from "./routes/maintenance-routes.js";

/** The maintenance door: work orders, preventive plans, what is due, MTBF/MTTR. */
const nullableString = { type: "string", nullable: true };
const nullableDateTime = { ...dateTime, nullable: true };
const nullableInteger = { type: "integer", nullable: true };
const nullableNumber = { type: "number", nullable: true };
const workOrderId = pathParameter("id", "maintenance work order id");
const planId = pathParameter("id", "maintenance plan id");
const statuses = ["requested", "planned", "in-progress", "done", "verified", "cancelled"];
const figures = { failures: { type: "integer" }, repairMs: { type: "number" }, mtbfMs: nullableNumber, mttrMs: nullableNumber };

export const maintenanceSchemas = {
  MaintenanceWorkOrder: {
    type: "object",
    required: ["id", "workUnitId", "title", "status", "source", "requestedBy", "requestedAt", "partsUsed", "commands"],
    properties: {
      id: { type: "string" },
      workUnitId: { type: "string" },
      title: { type: "string" },
      description: { type: "string" },
      priority: { type: "string", enum: ["low", "normal", "high"] },
      status: { type: "string", enum: statuses },
      source: { type: "object", required: ["kind", "id"], properties: { kind: { type: "string", enum: ["downtime", "alarm", "manual", "plan"] }, id: nullableString } },
      technician: nullableString,
      requestedBy: { type: "string" },
      requestedAt: dateTime,
      plannedStart: nullableDateTime,
      plannedDurationMinutes: nullableInteger,
      startedAt: nullableDateTime,
      finishedAt: nullableDateTime,
      finishedBy: nullableString,
      verifiedBy: nullableString,
      verifiedAt: nullableDateTime,
      timeSpentMinutes: nullableInteger,
      partsUsed: { type: "array", items: { type: "object", properties: { lotId: { type: "string" }, materialDefinitionId: { type: "string" }, quantity: { type: "number" }, unit: { type: "string" } } } },
      closedDowntimeId: nullableString,
      planId: nullableString,
      comment: nullableString,
      commands: { type: "array", items: { type: "string", enum: ["plan", "start", "finish", "verify", "cancel"] } },
    },
  },
  MaintenancePlan: {
    type: "object",
    required: ["id", "workUnitId", "title", "kind", "every", "durationMinutes", "lastDoneAt", "active"],
    properties: {
      id: { type: "string" },
      workUnitId: { type: "string" },
      title: { type: "string" },
      description: { type: "string" },
      kind: { type: "string", enum: ["calendar", "run-time", "counter"] },
      every: { type: "number", description: "days, run hours or parts between two services" },
      dueSoon: nullableNumber,
      durationMinutes: { type: "integer" },
      lastDoneAt: dateTime,
      active: { type: "boolean" },
      updatedAt: dateTime,
    },
  },
};

const command = (summary: string, schema: Parameters<typeof body>[0], required: boolean) => ({
  post: { summary, parameters: [workOrderId], requestBody: body(schema, required), responses: { "200": ok("the work order after the transition", ref("MaintenanceWorkOrder")), "400": error, "403": error, "404": error, "409": error } },
});

export const maintenancePaths = {
  "/api/v1/maintenance/work-orders": {
    post: {
      summary: "Request maintenance on a work unit: from a stop (fromDowntimeId), an alarm (fromAlarmId) or by hand",
      requestBody: body(maintenanceRequestBody),
      responses: { "201": ok("the requested work order", ref("MaintenanceWorkOrder")), "400": error, "403": error, "404": error },
    },
    get: {
      summary: "Maintenance work orders, newest first",
      parameters: queryParameters(maintenanceWorkOrderQuery),
      responses: { "200": ok("one page", { type: "object", required: ["items", "total"], properties: { items: { type: "array", items: ref("MaintenanceWorkOrder") }, total: { type: "integer" } } }), "400": error },
    },
  },
  "/api/v1/maintenance/work-orders/{id}": { get: { summary: "One maintenance work order", parameters: [workOrderId], responses: { "200": ok("the work order", ref("MaintenanceWorkOrder")), "404": error } } },
  "/api/v1/maintenance/work-orders/{id}/plan": command("Plan the work: technician and slot (planned down time of the unit's calendar)", planWorkBody, true),
  "/api/v1/maintenance/work-orders/{id}/start": command("Start the work (from requested or planned)", startWorkBody, false),
  "/api/v1/maintenance/work-orders/{id}/finish": command("Finish the work: time spent, spare parts consumed from their lots, the stop it closed", finishWorkBody, true),
  "/api/v1/maintenance/work-orders/{id}/verify": command("Production takes the machine back (not by whoever finished the work)", closeWorkBody, false),
  "/api/v1/maintenance/work-orders/{id}/cancel": command("Cancel a requested, planned or running work order", closeWorkBody, false),
  "/api/v1/maintenance/plans": {
    get: { summary: "Preventive maintenance plans", parameters: queryParameters(dueQuery), responses: { "200": ok("the plans", { type: "object", required: ["items"], properties: { items: { type: "array", items: ref("MaintenancePlan") } } }), "400": error } },
    post: { summary: "Create a preventive plan: every N days, run hours or parts", requestBody: body(newMaintenancePlanBody), responses: { "201": ok("created", ref("MaintenancePlan")), "400": error, "403": error, "409": error } },
  },
  "/api/v1/maintenance/plans/{id}": {
    get: { summary: "One preventive plan", parameters: [planId], responses: { "200": ok("the plan", ref("MaintenancePlan")), "404": error } },
    put: { summary: "Replace a preventive plan", parameters: [planId], requestBody: body(maintenancePlanBody), responses: { "200": ok("replaced", ref("MaintenancePlan")), "400": error, "403": error, "404": error } },
  },
  "/api/v1/maintenance/due": {
    get: {
      summary: "Each active plan's due status now: ok, due (within its due-soon margin or at its due point) or overdue",
      parameters: queryParameters(dueQuery),
      responses: {
        "200": ok("one entry per plan", {
          type: "array",
          items: {
            type: "object",
            properties: {
              planId: { type: "string" },
              workUnitId: { type: "string" },
              title: { type: "string" },
              kind: { type: "string", enum: ["calendar", "run-time", "counter"] },
              status: { type: "string", enum: ["ok", "due", "overdue"] },
              dueAt: nullableDateTime,
              dueCount: nullableNumber,
              countSinceDone: { type: "number" },
              runHoursSinceDone: { type: "number" },
              lastDoneAt: dateTime,
            },
          },
        }),
        "400": error,
      },
    },
  },
  "/api/v1/maintenance/reliability": {
    get: {
      summary: "MTBF and MTTR (ISO 22400-2 6.2.31, 6.2.33) per work unit and failure reason over a window (default the last 30 days)",
      parameters: queryParameters(reliabilityQuery),
      responses: {
        "200": ok("per work unit", {
          type: "object",
          properties: {
            from: dateTime,
            to: dateTime,
            items: {
              type: "array",
              items: {
                type: "object",
                properties: { workUnitId: { type: "string" }, aptMs: { type: "number" }, ...figures, reasons: { type: "array", items: { type: "object", properties: { reasonCode: nullableString, reason: { type: "array", nullable: true, items: { type: "string" } }, ...figures } } } },
              },
            },
          },
        }),
        "400": error,
        "404": error,
      },
    },
  },
};
