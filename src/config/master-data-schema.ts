import { z } from "zod";

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, "use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");

/**
 * Starting master data (materials, products with PLC parameters and ideal cycle times, personnel)
 * for a plant whose ERP and HR systems have not sent their own yet. Each entry is added only when missing: once the ERP
 * owns a product over REST, a restart must not undo its change.
 */
export const masterDataSeedSchema = z.strictObject({
  materials: z.array(z.strictObject({ id, name: z.string().min(1).max(128), description: z.string().max(1000).optional(), unit: z.string().min(1).max(16) })).default([]),
  products: z
    .array(
      z.strictObject({
        id,
        name: z.string().min(1).max(128),
        description: z.string().max(1000).optional(),
        materialDefinitionId: id.optional(),
        parameters: z.array(z.strictObject({ id: z.string().min(1).max(64), value: z.union([z.string(), z.number(), z.boolean()]), unit: z.string().max(32).optional() })).default([]),
        workUnits: z.array(z.strictObject({ equipmentId: id, idealCycleTimeS: z.number().positive(), step: z.number().int().min(1).max(50).optional() })).default([]),
      }),
    )
    .default([]),
  /** Bills of materials: what a good and a scrapped part of a product use at each routing step. */
  boms: z
    .array(
      z.strictObject({
        productId: id,
        lines: z
          .array(z.strictObject({ step: z.number().int().min(1).max(50).default(1), materialDefinitionId: id, quantityPerGood: z.number().min(0), quantityPerScrap: z.number().min(0), unit: z.string().min(1).max(16), fromLocationId: id.optional() }))
          .min(1),
      }),
    )
    .default([]),
  /** Lots on hand when the plant starts with the MES, and the work unit each is staged at, if any. */
  lots: z
    .array(
      z.strictObject({
        lotId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._\-/]{0,63}$/),
        materialDefinitionId: id,
        quantity: z.number().positive(),
        unit: z.string().min(1).max(16).optional(),
        locationId: id,
        stagedAt: id.optional(),
      }),
    )
    .default([]),
  /**
   * Demo only: job orders stored and started on the first start (when `masterData.startDemoJobOrders`
   * is on), so the simulated PLCs' counts book to a job the MES knows and backflush its BOM, as a
   * real line counts only against a running ISA-95 job order.
   */
  demoJobOrders: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/),
        productId: id,
        equipmentId: id,
        quantity: z.number().positive(),
        description: z.string().max(256).optional(),
      }),
    )
    .default([]),
  /**
   * Inspection plans (as PUT /api/v1/quality/plans/{id} takes them, with their id), each added when
   * missing; their body is checked against the REST schema when they are seeded.
   */
  inspectionPlans: z.array(z.object({ id }).passthrough()).default([]),
  /** Preventive maintenance plans (as POST /api/v1/maintenance/plans takes them), each added when missing. */
  maintenancePlans: z.array(z.object({ id }).passthrough()).default([]),
  /** ISA-95 personnel: people with their classes, the work centers they are qualified for, and their hours. */
  personnel: z
    .array(
      z.strictObject({
        id,
        name: z.string().min(1).max(128),
        classes: z.array(z.string().min(1).max(64)).min(1).max(20),
        qualifications: z.array(id).max(200).default([]),
        contractedHours: z.number().min(0).max(168),
        minHours: z.number().min(0).max(168).default(0),
        maxHours: z.number().min(0).max(168),
      }),
    )
    .default([]),
});

export type MasterDataSeed = z.infer<typeof masterDataSeedSchema>;
