import { z } from "zod";
import { listOf } from "./openapi-parts.js";
import { JOB_STATE_NAMES } from "../domain/job-order-state-machine.js";
import { WORK_ORDER_STATUSES } from "../domain/work-order.js";
import { CALLBACK_EVENTS } from "../services/callback-outbox.js";
import { REST_JOB_COMMANDS, REST_POSTED_JOB_COMMANDS } from "./job-command-names.js";
import { commentBody, finishJobBody, jobOrderBody, jobOrderQuery, jobOrderUpdateBody, materialBody, productBody, releaseBody, startJobBody, workOrderBody, workOrderQuery } from "./request-schemas.js";

/** OpenAPI paths and schemas of master data, work orders and job orders; request bodies come from the very schemas the routes validate with. */

const error = { $ref: "#/components/responses/Error" };
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ "application/json": { schema } });
const ok = (description: string, schema: unknown) => ({ description, content: json(schema) });
const body = (schema: z.ZodType, required = true) => ({ required, content: json(z.toJSONSchema(schema, { io: "input", unrepresentable: "any", target: "openapi-3.0" })) });
const path = (name: string, description: string) => ({ name, in: "path", required: true, description, schema: { type: "string" } });
const page = (items: unknown) => ({
  type: "object",
  required: ["items", "total", "limit", "offset"],
  properties: { items: { type: "array", items }, total: { type: "integer" }, limit: { type: "integer" }, offset: { type: "integer" } },
});

/** Query parameters from a strict object schema: one OpenAPI parameter per field. */
function queryParameters(schema: z.ZodObject) {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any", target: "openapi-3.0" }) as { properties: Record<string, unknown> };
  return Object.entries(json.properties).map(([name, property]) => ({ name, in: "query", required: false, schema: property }));
}

const dateTime = { type: "string", format: "date-time" };
const nullableDateTime = { ...dateTime, nullable: true };
const parameter = { type: "object", properties: { id: { type: "string" }, value: {}, unit: { type: "string" } } };
const materialRequirement = {
  type: "object",
  description: "OPC 10031-4 ISA95MaterialDataType; only the fields that were given",
  properties: Object.fromEntries(["materialClassId", "materialDefinitionId", "materialLotId", "materialSublotId", "description", "materialUse", "unit"].map((field) => [field, { type: "string" }]).concat([["quantity", { type: "number" }]])),
};
/** An object whose every property is always sent (null when it has no value), so a client may rely on each. */
const everyPropertyRequired = (schema: { description?: string; properties: Record<string, unknown> }) => ({ type: "object", required: Object.keys(schema.properties), ...schema });

export const orderSchemas = {
  Material: { type: "object", required: ["id", "name", "description", "unit"], properties: { id: { type: "string" }, name: { type: "string" }, description: { type: "string", nullable: true }, unit: { type: "string" } } },
  Product: {
    type: "object",
    required: ["id", "name", "description", "materialDefinitionId", "parameters", "workUnits"],
    properties: {
      id: { type: "string" },
      name: { type: "string" },
      description: { type: "string", nullable: true },
      materialDefinitionId: { type: "string", nullable: true },
      parameters: { type: "array", items: parameter },
      workUnits: listOf({
        equipmentId: { type: "string" },
        idealCycleTimeS: { type: "number" },
        step: { type: "integer", description: "routing step, 1 first; work units of one step are alternatives" },
      }),
    },
  },
  WorkOrder: everyPropertyRequired({
    description: "a production order, the same in the list and alone",
    properties: {
      id: { type: "string" },
      erpId: { type: "string", nullable: true },
      productId: { type: "string" },
      quantity: { type: "number" },
      dueAt: nullableDateTime,
      priority: { type: "integer" },
      status: { type: "string", enum: [...WORK_ORDER_STATUSES], description: "created and cancelled by its commands; released, in_progress, completed and aborted follow its job orders" },
      allowedCommands: {
        type: "array",
        items: { type: "string", enum: ["release", "cancel"] },
        description: "the commands its status takes now, as POST /work-orders/{id}/{command}: spelt like a job order's allowedCommands",
      },
      equipmentId: { type: "string", nullable: true },
      description: { type: "string", nullable: true },
      customerRef: { type: "string", nullable: true },
      callbackUrl: { type: "string", nullable: true },
      releasedAt: nullableDateTime,
      createdAt: dateTime,
      updatedAt: dateTime,
    },
  }),
  JobOrderSummary: {
    description: "a job order of a work order: the JobOrder of /job-orders, and what it produced so far",
    allOf: [ref("JobOrder"), { type: "object", required: ["good", "scrap"], properties: { good: { type: "number" }, scrap: { type: "number" } } }],
  },
  WorkOrderDetail: {
    allOf: [
      { $ref: "#/components/schemas/WorkOrder" },
      {
        type: "object",
        required: ["jobOrders", "progress"],
        properties: {
          jobOrders: { type: "array", items: ref("JobOrderSummary") },
          progress: everyPropertyRequired({ properties: { good: { type: "number" }, scrap: { type: "number" }, completion: { type: "number", nullable: true } } }),
          created: { type: "boolean", description: "POST only: false when the request replayed an existing order (also the Idempotent-Replayed header)" },
        },
      },
    ],
  },
  Performance: everyPropertyRequired({
    description: "planned against actual (ISA-95 production performance)",
    properties: {
      workOrderId: { type: "string" },
      erpId: { type: "string", nullable: true },
      productId: { type: "string" },
      status: { type: "string" },
      dueAt: nullableDateTime,
      late: { type: "boolean", nullable: true },
      plannedQuantity: { type: "number" },
      good: { type: "number" },
      scrap: { type: "number" },
      produced: { type: "number" },
      completion: { type: "number", nullable: true, description: "good / planned" },
      qualityRatio: { type: "number", nullable: true, description: "good / produced (ISO 22400)" },
      actualStart: nullableDateTime,
      actualEnd: nullableDateTime,
      elapsedS: { type: "number", nullable: true },
      idealTimeS: { type: "number", nullable: true, description: "ideal cycle time x produced, when master data has every cycle time" },
      jobOrders: {
        type: "array",
        items: {
          allOf: [
            ref("JobOrderSummary"),
            everyPropertyRequired({
              properties: {
                idealCycleTimeS: { type: "number", nullable: true, description: "of its product on its unit, when master data has it" },
                elapsedS: { type: "number", nullable: true, description: "from its actual start to its end, or to now while it runs" },
              },
            }),
          ],
        },
      },
    },
  }),
  CallbackDelivery: everyPropertyRequired({
    properties: {
      id: { type: "string", description: "also the X-MES-Delivery header of the POST" },
      workOrderId: { type: "string" },
      event: { type: "string" },
      url: { type: "string" },
      attempts: { type: "integer" },
      nextAttemptAt: nullableDateTime,
      deliveredAt: nullableDateTime,
      lastError: { type: "string", nullable: true },
      createdAt: dateTime,
    },
  }),
  CallbackPayload: {
    type: "object",
    description: "what the MES POSTs to a work order's callbackUrl on every state change of the order and of its job orders",
    required: ["deliveryId", "event", "at", "workOrder"],
    properties: {
      deliveryId: { type: "string", description: "also the X-MES-Delivery header: the same id again is a repeat" },
      event: { type: "string", enum: [...CALLBACK_EVENTS], description: "work_order.<status> when the order's status changes; job_order.<command> when one of its job orders takes a command, the command spelt as in allowedCommands; material.consumed / material.produced when one of its job orders consumes material (a backflush on a PLC count, or POST /consumptions) or produces parts into its output lot; quality.signal when a result on one of its job orders fails its check or fires an SPC test" },
      at: dateTime,
      workOrder: everyPropertyRequired({ properties: { id: { type: "string" }, erpId: { type: "string", nullable: true }, status: { type: "string", enum: [...WORK_ORDER_STATUSES] }, productId: { type: "string" }, quantity: { type: "number" } } }),
      jobOrder: {
        description: "job_order.* events only",
        ...everyPropertyRequired({
          properties: {
            id: { type: "string" },
            equipmentId: { type: "string" },
            state: { type: "string", enum: [...JOB_STATE_NAMES, "removed"], description: "its state after the command by name, as JobOrder.state; removed after Cancel or Clear" },
            stateNumber: { type: "integer" },
            subState: { type: "integer", nullable: true },
            command: { type: "string", description: "as allowedCommands spells it (store-and-start, begin, complete, close, ...)" },
            actor: { type: "string" },
            door: { type: "string", enum: ["opcua", "rest", "ui", "plc", "config", "system"] },
            comment: { type: "string", nullable: true },
          },
        }),
      },
      material: {
        description: "material.* events only: what one job order consumed or produced in one booking (ISA-95 MaterialActual of its job response)",
        ...everyPropertyRequired({
          properties: {
            jobOrderId: { type: "string" },
            workUnitId: { type: "string", nullable: true },
            materialUse: { type: "string", enum: ["Consumed", "Produced"], description: "ISA-95 MaterialUse" },
            outputLotId: { type: "string", nullable: true, description: "the job order's output lot the material went into, or the parts were produced into" },
            items: {
              type: "array",
              items: everyPropertyRequired({
                properties: {
                  movementId: { type: "string", description: "the ledger row (GET /api/v1/movements)" },
                  lotId: { type: "string", nullable: true, description: "the lot consumed from or produced into; null for a consumption without a lot (problem unassigned)" },
                  materialDefinitionId: { type: "string" },
                  quantity: { type: "number" },
                  unit: { type: "string", description: "the lot's unit of measure (pcs, kg, m, ...)" },
                  problem: { type: "string", nullable: true, description: "unassigned: no staged lot could give it; someone must assign it" },
                },
              }),
            },
          },
        }),
      },
      quality: {
        description: "quality.signal only: the result and what it raised (GET /api/v1/quality/results, /quality/ncrs/{ncrId})",
        ...everyPropertyRequired({
          properties: {
            jobOrderId: { type: "string" },
            workUnitId: { type: "string" },
            characteristicId: { type: "string" },
            resultId: { type: "string" },
            kind: { type: "string", enum: ["failed-check", "spc"] },
            reasons: { type: "array", items: { type: "string" }, description: "each failed check or SPC test by name" },
            lotId: { type: "string", nullable: true },
            ncrId: { type: "string", nullable: true, description: "the NCR the result opened; null when one was open for it already" },
            holdsJob: { type: "boolean", description: "the plan holds the running job order for it (a job_order.hold callback follows)" },
          },
        }),
      },
    },
  },
  JobOrder: everyPropertyRequired({
    description: "a job order, the same on /job-orders and in a work order's jobOrders",
    properties: {
      id: { type: "string" },
      workOrderId: { type: "string", nullable: true },
      equipmentId: { type: "string" },
      productId: { type: "string", nullable: true },
      quantity: { type: "number" },
      priority: { type: "integer" },
      state: { type: "string", enum: [...JOB_STATE_NAMES], description: "OPC 10031-4 state by name; the `state` filter takes the same names" },
      stateNumber: { type: "integer", description: "OPC 10031-4: 1 NotAllowedToStart, 2 AllowedToStart, 3 Running, 4 Interrupted, 5 Ended, 6 Aborted" },
      subState: { type: "integer", nullable: true, description: "Interrupted: 1 Held, 2 Suspended; Ended: 1 Completed, 2 Closed" },
      stateName: { type: "string", enum: [...JOB_STATE_NAMES], deprecated: true, description: "the same as state (kept for clients of /job-orders from when state was the number)" },
      removed: { type: "boolean", description: "Cancel or Clear took it out of its JobOrderList (removedAt says when); it takes no command any more" },
      allowedCommands: {
        type: "array",
        items: { type: "string", enum: [...REST_JOB_COMMANDS] },
        description: "the commands its state takes now, by the names this API takes them: update as PUT /job-orders/{id}, the others as POST /job-orders/{id}/{command}",
      },
      plannedStart: nullableDateTime,
      plannedEnd: nullableDateTime,
      actualStart: nullableDateTime,
      actualEnd: nullableDateTime,
      description: { type: "string", nullable: true },
      parameters: { type: "array", items: parameter, description: "the product's parameters, with those the job order was given in their place or added" },
      materialRequirements: { type: "array", items: materialRequirement, description: "OPC 10031-4 MaterialRequirements as given; none given: its product with its quantity" },
      dispatchNumber: { type: "integer", nullable: true },
      removedAt: nullableDateTime,
      createdAt: dateTime,
      updatedAt: dateTime,
      executor: {
        type: "string",
        enum: ["station", "operator"],
        description: "who gives its begin and complete: the station's dispatch driver, or on a station without one its operator (POST /work-units/{id}/start-job and finish-job)",
      },
      workOrderErpId: { type: "string", nullable: true, description: "its work order's ERP number, what people know the job by" },
      step: { type: "integer", nullable: true, description: "which step (or split) of its work order it is, from 1" },
      productName: { type: "string", nullable: true },
    },
  }),
  JobOrderDetail: {
    allOf: [
      { $ref: "#/components/schemas/JobOrder" },
      {
        type: "object",
        required: ["produced", "history"],
        properties: {
          produced: everyPropertyRequired({ properties: { good: { type: "number" }, scrap: { type: "number" } } }),
          history: { type: "array", items: everyPropertyRequired({ properties: {
            id: { type: "string" },
            jobOrderId: { type: "string" },
            command: { type: "string", description: "spelt as in allowedCommands: store, store-and-start, start, begin, complete, close, ..." },
            fromState: { type: "string", enum: [...JOB_STATE_NAMES, null], nullable: true, description: "by name, as JobOrder.state; null before Store" },
            fromStateNumber: { type: "integer", nullable: true },
            fromSubState: { type: "integer", nullable: true },
            toState: { type: "string", enum: [...JOB_STATE_NAMES, null], nullable: true, description: "null after Clear" },
            toStateNumber: { type: "integer", nullable: true },
            toSubState: { type: "integer", nullable: true },
            at: dateTime,
            actor: { type: "string" },
            role: { type: "string", nullable: true, description: "the actor's roles, comma-separated" },
            door: { type: "string", enum: ["opcua", "rest", "ui", "plc", "config", "system"] },
            comment: { type: "string", nullable: true },
          } }) },
        },
      },
    ],
  },
};

const idempotencyHeader = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  description: "The same key again answers with the order the first request created (200, Idempotent-Replayed: true) instead of creating another. Without it, the erpId plays the same role.",
  schema: { type: "string", maxLength: 128 },
};
const conflict = { $ref: "#/components/responses/Conflict" };
const replayedHeader = {
  "Idempotent-Replayed": { description: "`true` when the request repeated an earlier one (same erpId or Idempotency-Key) and this is the order it created", schema: { type: "string", enum: ["true"] } },
  Location: { description: "the order's URL", schema: { type: "string" } },
};
const callbackOperation = {
  operationId: "receiveWorkOrderEvent",
  summary: "The MES tells the ERP of a state change of the order or of one of its job orders (the ERP serves this)",
  parameters: [{ name: "X-MES-Delivery", in: "header", required: true, description: "the deliveryId", schema: { type: "string" } }],
  requestBody: { required: true, content: json(ref("CallbackPayload")) },
  responses: { "2XX": { description: "received: the delivery is done" }, "4XX": { description: "not taken: retried with back-off, like any answer that is no 2xx" } },
};

export const orderPaths = {
  "/api/v1/materials": { get: { summary: "Material definitions", responses: { "200": ok("all", { type: "object", properties: { items: { type: "array", items: ref("Material") } } }) } } },
  "/api/v1/materials/{id}": {
    get: { summary: "One material definition", parameters: [path("id", "material id")], responses: { "200": ok("the material", ref("Material")), "400": error, "404": error } },
    put: { summary: "Create or replace a material definition", parameters: [path("id", "material id")], requestBody: body(materialBody), responses: { "200": ok("replaced", ref("Material")), "201": ok("created", ref("Material")), "400": error, "413": error, "415": error } },
  },
  "/api/v1/products": { get: { summary: "Product definitions with PLC parameters and ideal cycle times", responses: { "200": ok("all", { type: "object", properties: { items: { type: "array", items: ref("Product") } } }) } } },
  "/api/v1/products/{id}": {
    get: { summary: "One product definition", parameters: [path("id", "product id")], responses: { "200": ok("the product", ref("Product")), "400": error, "404": error } },
    put: { summary: "Create or replace a product definition (parameters, work units with ideal cycle time)", parameters: [path("id", "product id")], requestBody: body(productBody), responses: { "200": ok("replaced", ref("Product")), "201": ok("created", ref("Product")), "400": error, "413": error, "415": error } },
  },
  "/api/v1/work-orders": {
    post: {
      summary: "Create a production order (idempotent by erpId or Idempotency-Key)",
      parameters: [idempotencyHeader],
      requestBody: body(workOrderBody),
      responses: {
        "201": { ...ok("created", ref("WorkOrderDetail")), headers: { Location: replayedHeader.Location } },
        "200": { ...ok("the same request again: the order it created (Idempotent-Replayed: true, created: false)", ref("WorkOrderDetail")), headers: replayedHeader },
        "400": error,
        "409": { $ref: "#/components/responses/Duplicate" },
        "413": error,
        "415": error,
      },
      callbacks: { workOrderEvent: { "{$request.body#/callbackUrl}": { post: callbackOperation } } },
    },
    get: { summary: "Production orders, newest first, filtered and paged", parameters: queryParameters(workOrderQuery), responses: { "200": ok("a page", page(ref("WorkOrder"))), "400": error } },
  },
  "/api/v1/work-orders/{id}": { get: { summary: "One production order with its job orders and progress", parameters: [path("id", "work order id")], responses: { "200": ok("the order", ref("WorkOrderDetail")), "404": error } } },
  "/api/v1/work-orders/{id}/release": {
    post: {
      summary: "Release: split into job orders and StoreAndStart them",
      parameters: [path("id", "work order id")],
      requestBody: body(releaseBody.unwrap(), false),
      responses: { "200": ok("released", ref("WorkOrderDetail")), "400": error, "404": error, "409": conflict },
    },
  },
  "/api/v1/work-orders/{id}/cancel": {
    post: { summary: "Cancel the order and its waiting job orders (refused while one runs)", parameters: [path("id", "work order id")], requestBody: body(commentBody.unwrap(), false), responses: { "200": ok("cancelled", ref("WorkOrderDetail")), "404": error, "409": conflict } },
  },
  "/api/v1/work-orders/{id}/performance": { get: { summary: "Production performance: planned against actual", parameters: [path("id", "work order id")], responses: { "200": ok("the figures", ref("Performance")), "404": error } } },
  "/api/v1/work-orders/{id}/callbacks": {
    get: { summary: "Callback deliveries of the order: attempts, next attempt, last error", parameters: [path("id", "work order id")], responses: { "200": ok("oldest first", { type: "object", properties: { items: { type: "array", items: ref("CallbackDelivery") } } }), "404": error } },
  },
  "/api/v1/job-orders": {
    get: { summary: "Job orders, oldest first, filtered and paged", parameters: queryParameters(jobOrderQuery), responses: { "200": ok("a page", page(ref("JobOrder"))), "400": error } },
    post: { summary: "Store (or, with start: true, StoreAndStart) a job order", requestBody: body(jobOrderBody), responses: { "201": ok("stored", ref("JobOrder")), "400": error, "409": error, "413": error, "415": error } },
  },
  "/api/v1/job-orders/{id}": {
    get: { summary: "One job order with its production and state history", parameters: [path("id", "job order id")], responses: { "200": ok("the job order", ref("JobOrderDetail")), "404": error } },
    put: { summary: "Update a job order that has not started (OPC 10031-4 Update)", parameters: [path("id", "job order id")], requestBody: body(jobOrderUpdateBody), responses: { "200": ok("updated", ref("JobOrder")), "400": error, "404": error, "409": conflict } },
  },
  "/api/v1/work-units/{id}/queue": {
    get: {
      summary: "A work unit's job orders as it takes them: the one it runs (or holds) now, then the released ones in dispatch order, then the stored ones",
      parameters: [path("id", "work unit id")],
      responses: {
        "404": error,
        "200": ok("the queue", {
          type: "object",
          required: ["executor", "current", "next"],
          properties: { executor: { type: "string", enum: ["station", "operator"] }, current: { type: "object", allOf: [ref("JobOrder")], nullable: true, description: "the job order it runs or holds now; null when none" }, next: { type: "array", items: ref("JobOrder") } },
        }),
      },
    },
  },
  "/api/v1/work-units/{id}/start-job": {
    post: {
      summary: "The operator starts work on a station without a dispatch driver: the job order named, or the next released one (OPC 10031-4 Begin); refused while another runs",
      parameters: [path("id", "work unit id")],
      requestBody: body(startJobBody.unwrap(), false),
      responses: { "200": ok("the job order, running", ref("JobOrder")), "400": error, "404": error, "409": conflict },
    },
  },
  "/api/v1/work-units/{id}/finish-job": {
    post: {
      summary: "The operator finishes the running job order of a station without a dispatch driver (OPC 10031-4 Complete)",
      parameters: [path("id", "work unit id")],
      requestBody: body(finishJobBody),
      responses: { "200": ok("the job order, ended", ref("JobOrder")), "400": error, "404": error, "409": conflict },
    },
  },
  "/api/v1/job-orders/{id}/{command}": {
    post: {
      summary: "A state command, as the OPC 10031-4 method of the same name",
      parameters: [path("id", "job order id"), { name: "command", in: "path", required: true, schema: { type: "string", enum: [...REST_POSTED_JOB_COMMANDS] } }],
      requestBody: body(commentBody.unwrap(), false),
      responses: { "200": ok("the job order after the command", ref("JobOrder")), "404": error, "409": conflict },
    },
  },
};
