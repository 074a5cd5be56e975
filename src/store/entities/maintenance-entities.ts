import { EntitySchema } from "typeorm";
import { id, integer, text, timestamp } from "./columns.js";

export interface MaintenanceWorkOrderRow {
  id: string;
  workUnitId: string;
  title: string;
  description: string;
  priority: string;
  status: string;
  sourceKind: string;
  sourceId: string | null;
  planId: string | null;
  technician: string | null;
  requestedBy: string;
  requestedAt: Date;
  plannedStart: Date | null;
  plannedDurationMinutes: number | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  finishedBy: string | null;
  verifiedBy: string | null;
  verifiedAt: Date | null;
  timeSpentMinutes: number | null;
  closedDowntimeId: string | null;
  comment: string | null;
  /** JSON: [{lotId, materialDefinitionId, quantity, unit}]; the ledger keeps the movements themselves. */
  partsUsed: string;
  updatedAt: Date;
}

export const MaintenanceWorkOrderEntity = new EntitySchema<MaintenanceWorkOrderRow>({
  name: "MaintenanceWorkOrder",
  tableName: "maintenance_work_order",
  columns: {
    id: id(36),
    workUnitId: { ...text(64), name: "work_unit_id" },
    title: text(200),
    description: text(2000),
    priority: text(8),
    status: text(16),
    sourceKind: { ...text(16), name: "source_kind" },
    sourceId: { ...text(64, true), name: "source_id" },
    planId: { ...text(64, true), name: "plan_id" },
    technician: text(64, true),
    requestedBy: { ...text(64), name: "requested_by" },
    requestedAt: { ...timestamp(), name: "requested_at" },
    plannedStart: { ...timestamp(true), name: "planned_start" },
    plannedDurationMinutes: { ...integer(true), name: "planned_duration_minutes" },
    startedAt: { ...timestamp(true), name: "started_at" },
    finishedAt: { ...timestamp(true), name: "finished_at" },
    finishedBy: { ...text(64, true), name: "finished_by" },
    verifiedBy: { ...text(64, true), name: "verified_by" },
    verifiedAt: { ...timestamp(true), name: "verified_at" },
    timeSpentMinutes: { ...integer(true), name: "time_spent_minutes" },
    closedDowntimeId: { ...text(64, true), name: "closed_downtime_id" },
    comment: text(1000, true),
    partsUsed: { type: "text", name: "parts_used" },
    updatedAt: { ...timestamp(), name: "updated_at" },
  },
});

export interface MaintenancePlanRow {
  id: string;
  workUnitId: string;
  title: string;
  description: string;
  kind: string;
  every: number;
  dueSoon: number | null;
  durationMinutes: number;
  lastDoneAt: Date;
  active: boolean;
  updatedAt: Date;
}

export const MaintenancePlanEntity = new EntitySchema<MaintenancePlanRow>({
  name: "MaintenancePlan",
  tableName: "maintenance_plan",
  columns: {
    id: id(),
    workUnitId: { ...text(64), name: "work_unit_id" },
    title: text(200),
    description: text(2000),
    kind: text(16),
    every: { type: "double" },
    dueSoon: { type: "double", name: "due_soon", nullable: true },
    durationMinutes: { ...integer(), name: "duration_minutes" },
    lastDoneAt: { ...timestamp(), name: "last_done_at" },
    active: { type: "boolean" },
    updatedAt: { ...timestamp(), name: "updated_at" },
  },
});
