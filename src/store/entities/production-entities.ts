import { EntitySchema } from "typeorm";
import { id, integer, text, timestamp } from "./columns.js";

export interface ProductionRecordRow {
  id: string;
  equipmentId: string;
  jobOrderId: string | null;
  productId: string | null;
  periodStart: Date;
  periodEnd: Date;
  good: number;
  scrap: number;
  source: string;
  operatorIds: string | null;
}

export const ProductionRecordEntity = new EntitySchema<ProductionRecordRow>({
  name: "ProductionRecord",
  tableName: "production_record",
  columns: {
    id: id(36),
    equipmentId: { ...text(64), name: "equipment_id" },
    jobOrderId: { ...text(64, true), name: "job_order_id" },
    productId: { ...text(64, true), name: "product_id" },
    periodStart: { ...timestamp(), name: "period_start" },
    periodEnd: { ...timestamp(), name: "period_end" },
    good: integer(),
    scrap: integer(),
    source: text(16),
    operatorIds: { ...text(512, true), name: "operator_ids" },
  },
});

export interface StateIntervalRow {
  id: string;
  equipmentId: string;
  state: string;
  startedAt: Date;
  endedAt: Date | null;
  faultCode: string | null;
  jobOrderId: string | null;
  reasonCode: string | null;
}

export const StateIntervalEntity = new EntitySchema<StateIntervalRow>({
  name: "StateInterval",
  tableName: "equipment_state_interval",
  columns: {
    id: id(36),
    equipmentId: { ...text(64), name: "equipment_id" },
    state: text(16),
    startedAt: { ...timestamp(), name: "started_at" },
    endedAt: { ...timestamp(true), name: "ended_at" },
    faultCode: { ...text(64, true), name: "fault_code" },
    jobOrderId: { ...text(64, true), name: "job_order_id" },
    reasonCode: { ...text(64, true), name: "reason_code" },
  },
});

export interface ShiftCalendarRow {
  id: string;
  definition: string;
  updatedAt: Date;
}

export const ShiftCalendarEntity = new EntitySchema<ShiftCalendarRow>({
  name: "ShiftCalendar",
  tableName: "shift_calendar",
  columns: { id: id(), definition: { type: "text" }, updatedAt: { ...timestamp(), name: "updated_at" } },
});

export interface ScrapClassificationRow {
  id: string;
  equipmentId: string;
  jobOrderId: string | null;
  at: Date;
  quantity: number;
  reasonCode: string;
  comment: string | null;
}

export const ScrapClassificationEntity = new EntitySchema<ScrapClassificationRow>({
  name: "ScrapClassification",
  tableName: "scrap_classification",
  columns: {
    id: id(36),
    equipmentId: { ...text(64), name: "equipment_id" },
    jobOrderId: { ...text(64, true), name: "job_order_id" },
    at: timestamp(),
    quantity: integer(),
    reasonCode: { ...text(64), name: "reason_code" },
    comment: text(1000, true),
  },
});

export interface CounterCheckpointRow {
  equipmentId: string;
  counter: string;
  value: number | string;
  updatedAt: Date;
}

export const CounterCheckpointEntity = new EntitySchema<CounterCheckpointRow>({
  name: "CounterCheckpoint",
  tableName: "counter_checkpoint",
  columns: {
    equipmentId: { ...id(), name: "equipment_id" },
    counter: { ...id(16) },
    value: { type: "bigint" },
    updatedAt: { ...timestamp(), name: "updated_at" },
  },
});

export interface EquipmentHeartbeatRow {
  equipmentId: string;
  lastKnownAt: Date;
}

/** The last moment the MES knew a work unit's state, written with every production flush. */
export const EquipmentHeartbeatEntity = new EntitySchema<EquipmentHeartbeatRow>({
  name: "EquipmentHeartbeat",
  tableName: "equipment_heartbeat",
  columns: {
    equipmentId: { ...id(), name: "equipment_id" },
    lastKnownAt: { ...timestamp(), name: "last_known_at" },
  },
});
