import type { MaintenanceStatus } from "../../domain/maintenance/work-order-state-machine.js";
import type { PlanKind } from "../../domain/maintenance/plan-due.js";

/** Maintenance operations records (ISA-95 Part 3 §6): work orders and preventive plans. */

export type WorkOrderSourceKind = "downtime" | "alarm" | "manual" | "plan";
export type MaintenancePriority = "low" | "normal" | "high";

export interface PartUsedRecord {
  readonly lotId: string;
  readonly materialDefinitionId: string;
  readonly quantity: number;
  readonly unit: string;
}

export interface MaintenanceWorkOrderRecord {
  readonly id: string;
  readonly workUnitId: string;
  readonly title: string;
  readonly description: string;
  readonly priority: MaintenancePriority;
  readonly status: MaintenanceStatus;
  readonly sourceKind: WorkOrderSourceKind;
  readonly sourceId: string | null;
  readonly planId: string | null;
  readonly technician: string | null;
  readonly requestedBy: string;
  readonly requestedAt: Date;
  readonly plannedStart: Date | null;
  readonly plannedDurationMinutes: number | null;
  readonly startedAt: Date | null;
  readonly finishedAt: Date | null;
  readonly finishedBy: string | null;
  readonly verifiedBy: string | null;
  readonly verifiedAt: Date | null;
  readonly timeSpentMinutes: number | null;
  readonly closedDowntimeId: string | null;
  readonly comment: string | null;
  readonly partsUsed: readonly PartUsedRecord[];
  readonly updatedAt: Date;
}

export interface MaintenancePlanRecord {
  readonly id: string;
  readonly workUnitId: string;
  readonly title: string;
  readonly description: string;
  readonly kind: PlanKind;
  /** Days, run hours or parts between two services. */
  readonly every: number;
  readonly dueSoon: number | null;
  /** How long the task takes: the planned down time slot of its work orders. */
  readonly durationMinutes: number;
  readonly lastDoneAt: Date;
  readonly active: boolean;
  readonly updatedAt: Date;
}

export interface MaintenanceWorkOrderFilter {
  readonly workUnitId?: string;
  readonly statuses?: readonly MaintenanceStatus[];
  readonly planId?: string;
}

export interface MaintenanceWorkOrderReader {
  /** Newest first. */
  find(filter: MaintenanceWorkOrderFilter, page: { readonly limit: number; readonly offset: number }): Promise<{ items: MaintenanceWorkOrderRecord[]; total: number }>;
  findById(id: string): Promise<MaintenanceWorkOrderRecord | null>;
  /** Work orders with a planned slot (any status but cancelled): the planned down time of the calendars. */
  findSlots(): Promise<MaintenanceWorkOrderRecord[]>;
}

export interface MaintenanceWorkOrderRepository extends MaintenanceWorkOrderReader {
  insert(record: MaintenanceWorkOrderRecord): Promise<void>;
  /** Replaces the row and its parts used. */
  update(record: MaintenanceWorkOrderRecord): Promise<void>;
}

export interface MaintenancePlanReader {
  findAll(workUnitId?: string): Promise<MaintenancePlanRecord[]>;
  findById(id: string): Promise<MaintenancePlanRecord | null>;
}

export interface MaintenancePlanRepository extends MaintenancePlanReader {
  save(record: MaintenancePlanRecord): Promise<void>;
}
