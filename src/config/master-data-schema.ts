import { z } from "zod";

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, "use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");

/**
 * Starting master data (materials, products with PLC parameters and ideal cycle times) for a
 * plant whose ERP has not sent its own yet. Each entry is added only when missing: once the ERP
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
});

export type MasterDataSeed = z.infer<typeof masterDataSeedSchema>;
