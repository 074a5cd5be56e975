import { z } from "zod";
import { WORK_ORDER_STATUSES } from "../domain/work-order.js";

/** Request schemas of the REST door: strict (an unknown field is refused, never silently dropped), and the source of the OpenAPI request bodies. */

export const masterDataId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, "1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
const jobOrderId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, "1-64 letters, digits, '.', '_', ':' or '-', starting with a letter or digit");
const text = (max: number) => z.string().max(max);
export const dateTime = z.iso.datetime({ offset: true, message: "an ISO 8601 date-time with a zone, e.g. 2026-11-24T14:00:00Z" }).transform((value) => new Date(value));
const quantity = z.number().positive("a number greater than 0").max(1e12);
const priority = z.number().int().min(-32768).max(32767);

const parameter = z.strictObject({
  id: z.string().min(1).max(64),
  value: z.union([z.string().max(1000), z.number(), z.boolean()]),
  unit: z.string().max(32).optional(),
});
const parameters = z.array(parameter).max(100);

/** OPC 10031-4 ISA95MaterialDataType, in this API's spelling; kept as given. */
const materialRequirement = z.strictObject({
  materialClassId: masterDataId.optional(),
  materialDefinitionId: masterDataId.optional(),
  materialLotId: z.string().min(1).max(64).optional(),
  materialSublotId: z.string().min(1).max(64).optional(),
  description: text(1000).optional(),
  /** ISA-95: Consumed, Produced, Consumable, Replaced Asset, Replacement Asset, Sample, Returned Sample, Carrier, Returned Carrier. */
  materialUse: z.string().min(1).max(64).optional(),
  quantity: z.number().min(0).max(1e12).optional(),
  unit: z.string().min(1).max(64).optional(),
});

export const materialBody = z.strictObject({
  name: text(128).min(1),
  description: text(1000).nullable().optional(),
  unit: text(16).min(1),
});

export const productBody = z.strictObject({
  name: text(128).min(1),
  description: text(1000).nullable().optional(),
  materialDefinitionId: masterDataId.nullable().optional(),
  /** What a PLC needs to make it, e.g. [{id: "TaskCode", value: 2}]; copied into each job order. */
  parameters: parameters.optional(),
  workUnits: z
    .array(
      z.strictObject({
        equipmentId: masterDataId,
        idealCycleTimeS: z.number().positive("seconds, greater than 0").max(86_400 * 30),
        /** Routing step, 1 first; work units of one step are alternatives. Default 1. */
        step: z.number().int().min(1).max(50).optional(),
      }),
    )
    .max(500)
    .optional(),
});

export const workOrderBody = z.strictObject({
  erpId: text(128).min(1).nullable().optional(),
  productId: masterDataId,
  quantity,
  dueAt: dateTime.nullable().optional(),
  priority: priority.optional(),
  equipmentId: masterDataId.nullable().optional(),
  description: text(1000).nullable().optional(),
  customerRef: text(128).nullable().optional(),
  callbackUrl: z
    .url({ protocol: /^https?$/, message: "an http:// or https:// URL" })
    .max(2000)
    .nullable()
    .optional(),
});

export const releaseBody = z
  .strictObject({
    /** How the quantity is split; default one job order on the order's equipment or the product's first work unit. */
    jobOrders: z.array(z.strictObject({ equipmentId: masterDataId, quantity })).min(1).max(100).optional(),
  })
  .optional();

export const commentBody = z.strictObject({ comment: text(1000).nullable().optional() }).optional();

/** An operator starts work on a station without a dispatch driver: the job named, or the next one it would take. */
export const startJobBody = z.strictObject({ jobOrderId: jobOrderId.optional(), comment: text(1000).nullable().optional() }).optional();
/** An operator finishes the running job of a station without a dispatch driver. */
export const finishJobBody = z.strictObject({ jobOrderId, comment: text(1000).nullable().optional() });

export const jobOrderBody = z.strictObject({
  id: jobOrderId,
  equipmentId: masterDataId,
  workOrderId: z.string().max(64).nullable().optional(),
  productId: masterDataId.nullable().optional(),
  quantity,
  priority: priority.optional(),
  description: text(1000).nullable().optional(),
  plannedStart: dateTime.nullable().optional(),
  plannedEnd: dateTime.nullable().optional(),
  /** Parameters for the PLC; the product's are the defaults, one given here overrides the product's of the same id. */
  parameters: parameters.optional(),
  /** What it needs and makes (OPC 10031-4 MaterialRequirements); none given: its product with its quantity. */
  materialRequirements: z.array(materialRequirement).max(100).optional(),
  /** StoreAndStart instead of Store. */
  start: z.boolean().optional(),
  comment: text(1000).nullable().optional(),
});

export const jobOrderUpdateBody = jobOrderBody.omit({ id: true, start: true });

const limit = z.coerce.number().int().min(1).max(500).default(50);
const offset = z.coerce.number().int().min(0).max(1_000_000).default(0);

export const workOrderQuery = z.strictObject({
  status: z.enum(WORK_ORDER_STATUSES).optional(),
  productId: masterDataId.optional(),
  erpId: text(128).optional(),
  dueAfter: dateTime.optional(),
  dueBefore: dateTime.optional(),
  limit,
  offset,
});

export const jobOrderQuery = z.strictObject({
  equipmentId: masterDataId.optional(),
  workOrderId: z.string().max(64).optional(),
  state: z.enum(["NotAllowedToStart", "AllowedToStart", "Running", "Interrupted", "Ended", "Aborted"]).optional(),
  includeRemoved: z.enum(["true", "false"]).transform((value) => value === "true").optional(),
  limit,
  offset,
});

export const idempotencyKey = z.string().min(1).max(128).regex(/^[\x21-\x7e]+$/, "1-128 visible ASCII characters");
