import type { JobOrderParameter, MaterialRequirement } from "./job-order.js";

/**
 * The one rule for what a job order carries, whichever door stores it (OPC UA Store, REST, a work
 * order's release): the product's parameters are its defaults, and a parameter the job order
 * gives itself overrides the product's of the same id. The product's come first, in its order,
 * then the job order's own.
 */
export function parametersWithDefaults(product: readonly JobOrderParameter[], own: readonly JobOrderParameter[]): JobOrderParameter[] {
  const byId = new Map(own.map((parameter) => [parameter.id, parameter]));
  const merged = product.map((parameter) => byId.get(parameter.id) ?? parameter);
  const fromProduct = new Set(product.map((parameter) => parameter.id));
  return [...merged, ...own.filter((parameter) => !fromProduct.has(parameter.id))];
}

/**
 * The material requirements a job order shows (OPC 10031-4 ISA95JobOrderDataType
 * MaterialRequirements, REST `materialRequirements`): those it was given, as given; without any,
 * its product with its quantity, which is what it makes.
 */
export function listedMaterialRequirements(job: { readonly productId: string | null; readonly quantity: number; readonly materialRequirements: readonly MaterialRequirement[] }): MaterialRequirement[] {
  if (job.materialRequirements.length > 0) return [...job.materialRequirements];
  return [{ ...(job.productId ? { materialDefinitionId: job.productId } : {}), quantity: job.quantity }];
}

/** ISA-95 MaterialUse of what a job order makes. */
export const PRODUCED = "Produced";

/**
 * The requirement that says how much a job order is to make, when it came as ISA-95 structures: the
 * first one marked Produced with a quantity, else the first with a quantity.
 */
export function quantityRequirement(materials: readonly MaterialRequirement[]): MaterialRequirement | undefined {
  const counted = materials.filter((material) => material.quantity !== undefined);
  return counted.find((material) => material.materialUse?.toLowerCase() === PRODUCED.toLowerCase()) ?? counted[0];
}
