import { listOf, ok } from "./openapi-parts.js";

/** OpenAPI paths of the wall screen's overview and the live event stream. */
const ratio = { type: "number", nullable: true };
export const livePaths = {
  "/api/v1/overview": {
    get: {
      summary: "Every work unit with its live state, PLC connection, running job and progress, and the current shift's OEE with its factors",
      responses: {
        "200": ok("the overview", {
          type: "object",
          properties: {
            tree: { type: "array", items: { $ref: "#/components/schemas/EquipmentTreeNode" } },
            workUnits: listOf({
              id: { type: "string" },
              name: { type: "string" },
              path: { type: "array", items: { type: "string" } },
              machineState: { type: "string" },
              stateSince: { type: "string", format: "date-time", nullable: true },
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
              oee: { type: "object", nullable: true, properties: { oee: ratio, availability: ratio, effectiveness: ratio, quality: ratio, recorded: { ...ratio, description: "share of the shift's planned busy time the MES recorded; the rest counts as a loss" } } },
            }),
          },
        }),
      },
    },
  },
  "/api/v1/events": {
    get: {
      summary: "Server-Sent Events: machine.state, production.counted, job.transition, plc.connection, work_order.changed, schedule.committed",
      responses: { "200": { description: "an event stream", content: { "text/event-stream": { schema: { type: "string" } } } } },
    },
  },
};
