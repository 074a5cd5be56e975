import { DataType, NodeId, resolveNodeId, VariantArrayType, type AddressSpace, type ExtensionObject, type UADataType } from "node-opcua";
import { EndedSubState, InterruptedSubState, JobState, jobStateName } from "../../domain/job-order-state-machine.js";
import type { JobOrderInput, JobOrderParameter, MaterialRequirement } from "../../domain/job-order.js";
import { listedMaterialRequirements, quantityRequirement } from "../../domain/job-order-defaults.js";
import type { JobOrderRecord } from "../../services/ports/orders.js";
import type { JobMaterial } from "../../domain/inventory/material-actuals.js";
import { unitOfMeasure } from "../../domain/inventory/units-of-measure.js";
import { euInformationOf } from "../engineering-units.js";
import { JobControlIds } from "../namespaces.js";

/**
 * A job order's material from the inventory: its BOM's requirements, and its actual consumption
 * and production. Asked apart: a JobOrderList shows only requirements, and a job order that has
 * not started has no job response to show actuals in (issue 19: six reads fewer a life).
 */
export interface JobMaterials {
  requirements(job: JobOrderRecord): Promise<JobMaterial[]>;
  actuals(job: JobOrderRecord): Promise<JobMaterial[]>;
}

export const NO_MATERIALS: JobMaterials = { requirements: async () => [], actuals: async () => [] };

/** ISA95MaterialDataType of inventory material: lot id, MaterialUse, the quantity as a DecimalString, EngineeringUnits by UNECE code (OPC 10000-8 §5.6.3). */
function isa95InventoryMaterialOf(m: JobMaterial) {
  const code = unitOfMeasure(m.unit)?.uneceCode;
  return {
    materialDefinitionID: m.materialDefinitionId,
    ...(m.materialLotId ? { materialLotID: m.materialLotId } : {}),
    materialUse: m.materialUse,
    quantity: String(m.quantity),
    engineeringUnits: { ...euInformationOf(code ? { code, symbol: m.unit } : { symbol: m.unit }) },
  };
}

/** OPC 40001-3 predefined parameter id for the quantity to produce; used when no material requirement carries one. */
const RUNS_PLANNED = "RunsPlanned";

/** The ISA95 structure fields as node-opcua decodes them (`ID` keeps its case, the rest is lower camel case). */
interface Isa95JobOrder {
  jobOrderID?: string;
  description?: { text?: string | null }[];
  startTime?: Date | null;
  endTime?: Date | null;
  priority?: number | null;
  jobOrderParameters?: { ID?: string; value?: { value?: unknown }; engineeringUnits?: { displayName?: { text?: string | null } } }[];
  materialRequirements?: Isa95Material[];
}

/** ISA95MaterialDataType as node-opcua decodes it (OPC 10031-4 §7.3.6). */
interface Isa95Material {
  materialClassID?: string | null;
  materialDefinitionID?: string | null;
  materialLotID?: string | null;
  materialSublotID?: string | null;
  description?: { text?: string | null }[] | null;
  materialUse?: string | null;
  quantity?: string | null;
  engineeringUnits?: { displayName?: { text?: string | null } } | null;
}

/** A job order as an OPC UA caller sent it (ISA95JobOrderDataType), for the receiver's equipment. */
export function jobOrderInputOf(value: unknown, equipmentId: string): JobOrderInput {
  const jobOrder = (value ?? {}) as Isa95JobOrder;
  const parameters: JobOrderParameter[] = (jobOrder.jobOrderParameters ?? []).map((p) => ({
    id: p.ID ?? "",
    value: plainValue(p.value?.value),
    ...(p.engineeringUnits?.displayName?.text ? { unit: p.engineeringUnits.displayName.text } : {}),
  }));
  const materials = (jobOrder.materialRequirements ?? []).map(materialOf);
  const material = quantityRequirement(materials);
  const runsPlanned = parameters.find((p) => p.id === RUNS_PLANNED)?.value;
  return {
    id: jobOrder.jobOrderID ?? "",
    equipmentId,
    productId: material?.materialDefinitionId || materials[0]?.materialDefinitionId || null,
    quantity: Number(material?.quantity ?? runsPlanned ?? Number.NaN),
    priority: jobOrder.priority ?? 0,
    description: jobOrder.description?.[0]?.text ?? null,
    plannedStart: validDate(jobOrder.startTime),
    plannedEnd: validDate(jobOrder.endTime),
    parameters,
    materialRequirements: materials,
  };
}

/** One ISA95MaterialDataType as the MES keeps it: every field the caller set, none invented. */
function materialOf(m: Isa95Material): MaterialRequirement {
  const text = (value: string | null | undefined) => (value ? value : undefined);
  const fields: MaterialRequirement = {
    materialClassId: text(m.materialClassID),
    materialDefinitionId: text(m.materialDefinitionID),
    materialLotId: text(m.materialLotID),
    materialSublotId: text(m.materialSublotID),
    description: text(m.description?.[0]?.text),
    materialUse: text(m.materialUse),
    // DecimalString; one that is not a number is kept as NaN, which the input check refuses.
    quantity: m.quantity === undefined || m.quantity === null || m.quantity === "" ? undefined : Number(m.quantity),
    unit: text(m.engineeringUnits?.displayName?.text),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as MaterialRequirement;
}

/** A kept requirement as ISA95MaterialDataType again, each field as it came. */
function isa95MaterialOf(m: MaterialRequirement) {
  return {
    ...(m.materialClassId ? { materialClassID: m.materialClassId } : {}),
    ...(m.materialDefinitionId ? { materialDefinitionID: m.materialDefinitionId } : {}),
    ...(m.materialLotId ? { materialLotID: m.materialLotId } : {}),
    ...(m.materialSublotId ? { materialSublotID: m.materialSublotId } : {}),
    ...(m.description ? { description: [{ text: m.description }] } : {}),
    ...(m.materialUse ? { materialUse: m.materialUse } : {}),
    ...(m.quantity !== undefined ? { quantity: String(m.quantity) } : {}),
    ...(m.unit ? { engineeringUnits: { displayName: { text: m.unit }, description: { text: m.unit } } } : {}),
  };
}

/** The comment argument (LocalizedText[]) as one string for the transition record. */
export function commentOf(value: unknown): string | null {
  const texts = Array.isArray(value) ? value.map((t: { text?: string | null }) => t?.text ?? "").filter(Boolean) : [];
  return texts.length > 0 ? texts.join(" / ").slice(0, 1000) : null;
}

/** Builds the ISA-95 structures of the Job Control nodeset from stored job orders. */
export class JobOrderValues {
  private readonly jobOrderType: UADataType;
  private readonly andStateType: UADataType;
  private readonly stateType: UADataType;
  private readonly responseType: UADataType;

  constructor(
    private readonly addressSpace: AddressSpace,
    private readonly jobControlNamespace: number,
  ) {
    const find = (id: number) => addressSpace.findDataType(new NodeId(NodeId.NodeIdType.NUMERIC, id, jobControlNamespace))!;
    this.jobOrderType = find(JobControlIds.ISA95JobOrderDataType);
    this.andStateType = find(JobControlIds.ISA95JobOrderAndStateDataType);
    this.stateType = find(JobControlIds.ISA95StateDataType);
    this.responseType = find(JobControlIds.ISA95JobResponseDataType);
  }

  /**
   * What a job order actually did (ISA95JobResponseDataType): actual start and end, state, the
   * equipment it ran on, good parts as the produced material, and the ISO 22400 quantities.
   */
  jobResponse(record: JobOrderRecord, produced: { good: number; scrap: number }, crew: readonly string[] = [], actuals: readonly JobMaterial[] = []): ExtensionObject {
    const quantity = (id: string, value: number) => ({ ID: id, value: { dataType: DataType.Double, value } });
    return this.addressSpace.constructExtensionObject(this.responseType, {
      jobResponseID: record.id,
      jobOrderID: record.id,
      ...(record.actualStart ? { startTime: record.actualStart } : {}),
      ...(record.actualEnd ? { endTime: record.actualEnd } : {}),
      jobState: this.states(record),
      jobResponseData: [
        quantity("PlannedQuantity", record.quantity),
        quantity("ProducedQuantity", produced.good + produced.scrap),
        quantity("GoodQuantity", produced.good),
        quantity("ScrapQuantity", produced.scrap),
      ],
      ...(crew.length > 0 ? { personnelActuals: crew.map((id) => ({ ID: id, personnelUse: "rostered" })) } : {}),
      equipmentActuals: [{ ID: record.equipmentId }],
      // From the ledger when inventory booked the job's material (lots consumed and produced into); else its good parts.
      materialActuals: actuals.length > 0 ? actuals.map(isa95InventoryMaterialOf) : [{ ...(record.productId ? { materialDefinitionID: record.productId } : {}), quantity: String(produced.good) }],
    });
  }

  /** With `crew`: the people on shift for a running job, as its PersonnelRequirements (their PersonnelID). */
  jobOrder(record: JobOrderRecord, crew: readonly string[] = [], bom: readonly JobMaterial[] = []): ExtensionObject {
    return this.addressSpace.constructExtensionObject(this.jobOrderType, {
      jobOrderID: record.id,
      ...(record.description ? { description: [{ text: record.description }] } : {}),
      ...(record.plannedStart ? { startTime: record.plannedStart } : {}),
      ...(record.plannedEnd ? { endTime: record.plannedEnd } : {}),
      priority: record.priority,
      jobOrderParameters: record.parameters.map((p) => ({ ID: p.id, value: variantOf(p.value) })),
      ...(crew.length > 0 ? { personnelRequirements: crew.map((id) => ({ ID: id, personnelUse: "on shift" })) } : {}),
      equipmentRequirements: [{ ID: record.equipmentId }],
      // What the order makes, then what its BOM says it consumes, unless its sender said what it consumes.
      materialRequirements: [
        ...listedMaterialRequirements(record).map(isa95MaterialOf),
        ...(record.materialRequirements.some((m) => m.materialUse?.toLowerCase() === "consumed") ? [] : bom.map(isa95InventoryMaterialOf)),
      ],
    });
  }

  /**
   * OPC 10031-4: the first entry is the top-level state with a null BrowsePath; a substate follows
   * with the path of its substate machine (InterruptedSubstates, EndedSubstates).
   */
  states(record: Pick<JobOrderRecord, "state" | "subState">): ExtensionObject[] {
    const top = this.addressSpace.constructExtensionObject(this.stateType, { stateText: { text: jobStateName(record.state) }, stateNumber: record.state });
    const sub = substateOf(record.state, record.subState);
    if (!sub) return [top];
    const browsePath = {
      elements: [{ referenceTypeId: resolveNodeId("HasComponent"), isInverse: false, includeSubtypes: true, targetName: { namespaceIndex: this.jobControlNamespace, name: sub.machine } }],
    };
    return [top, this.addressSpace.constructExtensionObject(this.stateType, { browsePath, stateText: { text: sub.name }, stateNumber: record.subState })];
  }

  jobOrderAndState(record: JobOrderRecord, crew: readonly string[] = [], bom: readonly JobMaterial[] = []): ExtensionObject {
    return this.addressSpace.constructExtensionObject(this.andStateType, { jobOrder: this.jobOrder(record, crew, bom), state: this.states(record) });
  }
}

function substateOf(state: number, subState: number | null): { machine: string; name: string } | undefined {
  if (subState === null) return undefined;
  const named = (table: Record<string, number>) => Object.keys(table).find((name) => table[name] === subState);
  if (state === JobState.Interrupted) return { machine: "InterruptedSubstates", name: named(InterruptedSubState) ?? String(subState) };
  if (state === JobState.Ended) return { machine: "EndedSubstates", name: named(EndedSubState) ?? String(subState) };
  return undefined;
}

function variantOf(value: JobOrderParameter["value"]) {
  const dataType = typeof value === "boolean" ? DataType.Boolean : typeof value === "number" ? DataType.Double : DataType.String;
  return { dataType, arrayType: VariantArrayType.Scalar, value };
}

function plainValue(value: unknown): JobOrderParameter["value"] {
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return value === null || value === undefined ? "" : String(value);
}

/** node-opcua decodes a null DateTime as the OPC UA minimum date (1601); that is no planned time. */
function validDate(value: Date | null | undefined): Date | null {
  return value instanceof Date && value.getTime() > Date.UTC(1601, 0, 2) ? value : null;
}
