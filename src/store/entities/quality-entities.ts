import { EntitySchema } from "typeorm";
import { id, integer, text, timestamp } from "./columns.js";

export interface InspectionPlanRow {
  id: string;
  name: string;
  productId: string;
  step: number;
  frequency: string;
  sampleSize: number;
  recordedBy: string;
  signalId: string | null;
  holdJobOnSignal: boolean;
  updatedAt: Date;
}

export const InspectionPlanEntity = new EntitySchema<InspectionPlanRow>({
  name: "InspectionPlan",
  tableName: "inspection_plan",
  columns: {
    id: id(),
    name: text(128),
    productId: { ...text(64), name: "product_id" },
    step: integer(),
    frequency: text(128),
    sampleSize: { ...integer(), name: "sample_size" },
    recordedBy: { ...text(16), name: "recorded_by" },
    signalId: { ...text(128, true), name: "signal_id" },
    holdJobOnSignal: { type: "boolean", name: "hold_job_on_signal" },
    updatedAt: { ...timestamp(), name: "updated_at" },
  },
});

export interface CharacteristicRow {
  id: string;
  planId: string;
  position: number;
  name: string;
  kind: string;
  nominal: number | null;
  lsl: number | null;
  usl: number | null;
  unit: string | null;
  subgroupSize: number | null;
  rules: string | null;
  defectCodes: string | null;
}

const double = (nullable: boolean) => ({ type: "double" as const, nullable });

export const CharacteristicEntity = new EntitySchema<CharacteristicRow>({
  name: "QualityCharacteristic",
  tableName: "quality_characteristic",
  columns: {
    id: id(),
    planId: { ...text(64), name: "plan_id" },
    position: integer(),
    name: text(128),
    kind: text(16),
    nominal: double(true),
    lsl: double(true),
    usl: double(true),
    unit: text(16, true),
    subgroupSize: { ...integer(true), name: "subgroup_size" },
    rules: text(32, true),
    defectCodes: { ...text(1000, true), name: "defect_codes" },
  },
});

export interface QualityResultRow {
  id: string;
  planId: string;
  characteristicId: string;
  equipmentId: string;
  jobOrderId: string | null;
  lotId: string | null;
  carrierId: string | null;
  value: number | null;
  passed: boolean;
  defectCode: string | null;
  recordedBy: string;
  source: string;
  recordedAt: Date;
}

export const QualityResultEntity = new EntitySchema<QualityResultRow>({
  name: "QualityResult",
  tableName: "quality_result",
  columns: {
    id: id(36),
    planId: { ...text(64), name: "plan_id" },
    characteristicId: { ...text(64), name: "characteristic_id" },
    equipmentId: { ...text(64), name: "equipment_id" },
    jobOrderId: { ...text(64, true), name: "job_order_id" },
    lotId: { ...text(64, true), name: "lot_id" },
    carrierId: { ...text(64, true), name: "carrier_id" },
    value: double(true),
    passed: { type: "boolean" },
    defectCode: { ...text(64, true), name: "defect_code" },
    recordedBy: { ...text(64), name: "recorded_by" },
    source: text(16),
    recordedAt: { ...timestamp(), name: "recorded_at" },
  },
});

export interface NcrRow {
  id: string;
  source: string;
  description: string;
  quantity: number;
  lotIds: string | null;
  equipmentId: string | null;
  jobOrderId: string | null;
  productId: string | null;
  characteristicId: string | null;
  resultId: string | null;
  openedBy: string;
  openedAt: Date;
  status: string;
  disposition: string | null;
  dispositionBy: string | null;
  dispositionAt: Date | null;
  actionDescription: string | null;
  actionOwner: string | null;
  actionDueAt: Date | null;
  actionVerifiedBy: string | null;
  actionVerifiedAt: Date | null;
}

export const NcrEntity = new EntitySchema<NcrRow>({
  name: "Nonconformance",
  tableName: "nonconformance",
  columns: {
    id: id(36),
    source: text(16),
    description: text(1000),
    quantity: integer(),
    lotIds: { ...text(1000, true), name: "lot_ids" },
    equipmentId: { ...text(64, true), name: "equipment_id" },
    jobOrderId: { ...text(64, true), name: "job_order_id" },
    productId: { ...text(64, true), name: "product_id" },
    characteristicId: { ...text(64, true), name: "characteristic_id" },
    resultId: { ...text(36, true), name: "result_id" },
    openedBy: { ...text(64), name: "opened_by" },
    openedAt: { ...timestamp(), name: "opened_at" },
    status: text(16),
    disposition: text(32, true),
    dispositionBy: { ...text(64, true), name: "disposition_by" },
    dispositionAt: { ...timestamp(true), name: "disposition_at" },
    actionDescription: { ...text(1000, true), name: "action_description" },
    actionOwner: { ...text(64, true), name: "action_owner" },
    actionDueAt: { ...timestamp(true), name: "action_due_at" },
    actionVerifiedBy: { ...text(64, true), name: "action_verified_by" },
    actionVerifiedAt: { ...timestamp(true), name: "action_verified_at" },
  },
});

export interface ControlLimitsRow {
  characteristicId: string;
  subgroupSize: number;
  baseline: string;
  points: number;
  limits: string;
  computedBy: string;
  computedAt: Date;
}

/** Limits as JSON: six numbers read and written together, never queried by value. */
export const ControlLimitsEntity = new EntitySchema<ControlLimitsRow>({
  name: "ControlLimits",
  tableName: "control_limits",
  columns: {
    characteristicId: { ...id(64), name: "characteristic_id" },
    subgroupSize: { ...integer(), name: "subgroup_size" },
    baseline: text(200),
    points: integer(),
    limits: text(1000),
    computedBy: { ...text(64), name: "computed_by" },
    computedAt: { ...timestamp(), name: "computed_at" },
  },
});
