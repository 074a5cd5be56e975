import { commandsFrom, type MaintenanceCommand, type MaintenanceStatus } from "../../domain/maintenance/work-order-state-machine.js";
import type { MaintenancePriority, MaintenanceWorkOrderRecord, PartUsedRecord, WorkOrderSourceKind } from "../ports/maintenance.js";

/** A maintenance work order as every door shows it (REST, the bus, the UI); times are ISO 8601 strings. */
export interface MaintenanceWorkOrderView {
  readonly id: string;
  readonly workUnitId: string;
  readonly title: string;
  readonly description: string;
  readonly priority: MaintenancePriority;
  readonly status: MaintenanceStatus;
  readonly source: { readonly kind: WorkOrderSourceKind; readonly id: string | null };
  readonly technician: string | null;
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly plannedStart: string | null;
  readonly plannedDurationMinutes: number | null;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly finishedBy: string | null;
  readonly verifiedBy: string | null;
  readonly verifiedAt: string | null;
  readonly timeSpentMinutes: number | null;
  readonly partsUsed: readonly PartUsedRecord[];
  readonly closedDowntimeId: string | null;
  readonly planId: string | null;
  readonly comment: string | null;
  /** What may be done next (the state machine's, not the caller's roles). */
  readonly commands: readonly MaintenanceCommand[];
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function workOrderView(record: MaintenanceWorkOrderRecord): MaintenanceWorkOrderView {
  return {
    id: record.id,
    workUnitId: record.workUnitId,
    title: record.title,
    description: record.description,
    priority: record.priority,
    status: record.status,
    source: { kind: record.sourceKind, id: record.sourceId },
    technician: record.technician,
    requestedBy: record.requestedBy,
    requestedAt: record.requestedAt.toISOString(),
    plannedStart: iso(record.plannedStart),
    plannedDurationMinutes: record.plannedDurationMinutes,
    startedAt: iso(record.startedAt),
    finishedAt: iso(record.finishedAt),
    finishedBy: record.finishedBy,
    verifiedBy: record.verifiedBy,
    verifiedAt: iso(record.verifiedAt),
    timeSpentMinutes: record.timeSpentMinutes,
    partsUsed: record.partsUsed,
    closedDowntimeId: record.closedDowntimeId,
    planId: record.planId,
    comment: record.comment,
    commands: commandsFrom(record.status),
  };
}
