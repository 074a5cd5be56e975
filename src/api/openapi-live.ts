import { listOfAll, ok } from "./openapi-parts.js";

/** OpenAPI paths of the wall screen's overview and the live event stream. */
const ratio = { type: "number", nullable: true };
const shiftOee = { type: "object", nullable: true, properties: { oee: ratio, availability: ratio, effectiveness: ratio, quality: ratio, recorded: { ...ratio, description: "share of the shift's planned busy time the MES recorded; the rest counts as a loss" } } };
const totals = (what: string) => ({
  type: "array",
  description: `${what}: the current shift's figures, its work units' times and quantities summed, then divided (ISO 22400-2)`,
  items: {
    type: "object",
    properties: {
      id: { type: "string" },
      name: { type: "string" },
      level: { type: "string", enum: ["WorkCenter", "Site"] },
      path: { type: "array", items: { type: "string" }, description: "site and area names above it, outermost first" },
      oee: shiftOee,
      good: { type: "number", nullable: true, description: "good quantity of the current shift (GQ)" },
      scrap: { type: "number", nullable: true, description: "scrap quantity of the current shift (SQ)" },
      states: { type: "object", additionalProperties: { type: "integer" }, description: "how many of its work units are in each state now; disconnected for a lost PLC" },
      workUnits: { type: "integer" },
    },
  },
});
/** The stop a work unit is in now, every field always there. */
const openStop = {
  type: "object",
  nullable: true,
  description: "the stop the unit is in now (its state counts as delay or down time), as GET /api/v1/downtime has it; null while it runs or sets up",
  required: ["id", "startedAt", "faultCode", "reasonCode", "reason"],
  properties: {
    id: { type: "string", description: "the downtime event's id: a reason is assigned to it, a maintenance work request names it" },
    startedAt: { type: "string", format: "date-time", description: "the stop's start (a stop split by an operator starts at the split; stateSince says when the state began)" },
    faultCode: { type: "string", nullable: true },
    reasonCode: { type: "string", nullable: true },
    reason: { type: "array", nullable: true, items: { type: "string" }, description: "the reason's names, outermost first" },
  },
};
export const livePaths = {
  "/api/v1/overview": {
    get: {
      summary: "Every work unit with its live state, PLC connection, running job and progress, and the current shift's OEE with its factors; totals per line and per plant",
      responses: {
        "200": ok("the overview", {
          type: "object",
          properties: {
            tree: { type: "array", items: { $ref: "#/components/schemas/EquipmentTreeNode" } },
            workUnits: listOfAll({
              id: { type: "string" },
              name: { type: "string" },
              path: { type: "array", items: { type: "string" } },
              machineState: { type: "string" },
              stateSince: { type: "string", format: "date-time", nullable: true, description: "when the unit entered its state, from the recorded state intervals: an MES restart that found the machine in the same state does not reset it" },
              plcState: { type: "string" },
              job: {
                type: "object",
                nullable: true,
                description: "the job the MES runs (or holds) on the unit",
                properties: {
                  id: { type: "string" },
                  stateName: { type: "string" },
                  quantity: { type: "number" },
                  good: { type: "number" },
                  scrap: { type: "number" },
                  workOrderErpId: { type: "string", nullable: true },
                  step: { type: "integer", nullable: true },
                  productName: { type: "string", nullable: true },
                },
              },
              plcJob: { type: "string", nullable: true, description: "what the PLC's CurrentJob tag reports (good quality only), which may differ from the MES's job" },
              oee: shiftOee,
              stop: openStop,
            }),
            lines: totals("per production line (ISA-95 WorkCenter)"),
            sites: totals("per plant (ISA-95 Site)"),
          },
        }),
      },
    },
  },
  "/api/v1/events": {
    get: {
      summary: "Server-Sent Events: machine.state, production.counted, job.transition, plc.connection, work_order.changed, schedule.committed, quality.signal, alarm.changed (the Alarm after each change)",
      responses: { "200": { description: "an event stream", content: { "text/event-stream": { schema: { type: "string" } } } } },
    },
  },
};
