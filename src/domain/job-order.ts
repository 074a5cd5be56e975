/** A parameter the executor needs (OPC 10031-4 ISA95ParameterDataType, flattened): e.g. TaskCode = 2. */
export interface JobOrderParameter {
  readonly id: string;
  readonly value: string | number | boolean;
  readonly unit?: string;
}

/**
 * A material the job order needs or makes (OPC 10031-4 ISA95MaterialDataType, flattened): kept as
 * the caller gave it, so an integrator reads back what it sent. `materialUse` is ISA-95's (Consumed,
 * Produced, Consumable, ...); `quantity` is the DecimalString as a number.
 */
export interface MaterialRequirement {
  readonly materialClassId?: string;
  readonly materialDefinitionId?: string;
  readonly materialLotId?: string;
  readonly materialSublotId?: string;
  readonly description?: string;
  readonly materialUse?: string;
  readonly quantity?: number;
  readonly unit?: string;
}

/** What a caller gives to store a job order, on any door. */
export interface JobOrderInput {
  readonly id: string;
  readonly equipmentId: string;
  readonly workOrderId?: string | null;
  readonly productId?: string | null;
  readonly quantity: number;
  readonly priority?: number;
  readonly description?: string | null;
  readonly plannedStart?: Date | null;
  readonly plannedEnd?: Date | null;
  readonly parameters?: readonly JobOrderParameter[];
  readonly materialRequirements?: readonly MaterialRequirement[];
}

export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

const JOB_ORDER_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
/** OPC 10031-4 ISA95JobOrderDataType.Priority is an Int16. */
const PRIORITY_RANGE = [-32768, 32767] as const;
/** Bounds of what one job order carries, so a record stays a row and not a document. */
export const MAX_PARAMETERS = 100;
export const MAX_MATERIAL_REQUIREMENTS = 100;
const MATERIAL_TEXT_FIELDS = ["materialClassId", "materialDefinitionId", "materialLotId", "materialSublotId", "materialUse", "unit"] as const;

/** Checks what can be checked without the database; each problem names its field. */
export function checkJobOrderInput(input: JobOrderInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!JOB_ORDER_ID.test(input.id)) problems.push({ field: "id", message: "1-64 letters, digits, '.', '_', ':' or '-', starting with a letter or digit" });
  if (!Number.isFinite(input.quantity) || input.quantity <= 0) problems.push({ field: "quantity", message: "a number greater than 0" });
  const priority = input.priority ?? 0;
  if (!Number.isInteger(priority) || priority < PRIORITY_RANGE[0] || priority > PRIORITY_RANGE[1]) {
    problems.push({ field: "priority", message: `a whole number from ${PRIORITY_RANGE[0]} to ${PRIORITY_RANGE[1]}` });
  }
  if (input.plannedStart && input.plannedEnd && input.plannedEnd < input.plannedStart) {
    problems.push({ field: "plannedEnd", message: "must not be before plannedStart" });
  }
  if ((input.description?.length ?? 0) > 1000) problems.push({ field: "description", message: "at most 1000 characters" });
  const ids = new Set<string>();
  (input.parameters ?? []).forEach((parameter, i) => {
    if (!parameter.id || parameter.id.length > 64) problems.push({ field: `parameters[${i}].id`, message: "1-64 characters" });
    if (ids.has(parameter.id)) problems.push({ field: `parameters[${i}].id`, message: `"${parameter.id}" is given twice` });
    ids.add(parameter.id);
  });
  if ((input.parameters ?? []).length > MAX_PARAMETERS) problems.push({ field: "parameters", message: `at most ${MAX_PARAMETERS}` });
  const materials = input.materialRequirements ?? [];
  if (materials.length > MAX_MATERIAL_REQUIREMENTS) problems.push({ field: "materialRequirements", message: `at most ${MAX_MATERIAL_REQUIREMENTS}` });
  materials.forEach((material, i) => {
    for (const field of MATERIAL_TEXT_FIELDS) {
      if ((material[field]?.length ?? 0) > 64) problems.push({ field: `materialRequirements[${i}].${field}`, message: "at most 64 characters" });
    }
    if ((material.description?.length ?? 0) > 1000) problems.push({ field: `materialRequirements[${i}].description`, message: "at most 1000 characters" });
    if (material.quantity !== undefined && (!Number.isFinite(material.quantity) || material.quantity < 0)) {
      problems.push({ field: `materialRequirements[${i}].quantity`, message: "a number, 0 or more" });
    }
  });
  return problems;
}

type Routing = readonly { readonly productId: string; readonly equipmentId: string; readonly step: number }[];

/** The step its product's routing gives a job order's work unit (units of one step are alternatives); null where the routing does not name the unit. */
export function routingStepOf(routing: Routing, job: { readonly productId: string | null; readonly equipmentId: string }): number | null {
  return routing.find((r) => r.productId === job.productId && r.equipmentId === job.equipmentId)?.step ?? null;
}

/**
 * The step of its work order a released job order is: its routing step (a split stays on its
 * step); a release onto a unit the routing does not name makes a one-step order, step 1. Null for
 * a job order stored on its own, which belongs to no work order.
 */
export function workOrderStepOf(routing: Routing, job: { readonly workOrderId: string | null; readonly productId: string | null; readonly equipmentId: string }): number | null {
  return job.workOrderId === null ? null : (routingStepOf(routing, job) ?? 1);
}
