import type { JobOrderParameter, MaterialRequirement } from "../../domain/job-order.js";
import type { WorkOrderStatus } from "../../domain/work-order.js";
import type { Door } from "../actor.js";
import type { Page } from "./page.js";

/** Work orders from the ERP, the job orders they release (OPC 10031-4), and the callbacks that report them. */

export interface WorkOrderRecord {
  readonly id: string;
  readonly erpId: string | null;
  readonly productId: string;
  readonly quantity: number;
  readonly dueAt: Date | null;
  readonly priority: number;
  readonly status: WorkOrderStatus;
  /** Where its job orders go when released: a WorkCenter or WorkUnit; null: the product's first work unit. */
  readonly equipmentId: string | null;
  readonly description: string | null;
  readonly customerRef: string | null;
  /** Called with a JSON body on every state change of the order and its job orders. */
  readonly callbackUrl: string | null;
  /** The `Idempotency-Key` of the request that created it: the same key again answers with this order. */
  readonly idempotencyKey: string | null;
  readonly releasedAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface WorkOrderFilter {
  readonly status?: WorkOrderStatus;
  readonly productId?: string;
  readonly erpId?: string;
  readonly dueBefore?: Date;
  readonly dueAfter?: Date;
}

export interface JobOrderFilter {
  readonly equipmentId?: string;
  readonly workOrderId?: string;
  readonly state?: number;
  /** Cancelled and cleared ones too. */
  readonly includeRemoved?: boolean;
}

export interface JobOrderRecord {
  readonly id: string;
  readonly workOrderId: string | null;
  readonly equipmentId: string;
  readonly productId: string | null;
  readonly quantity: number;
  /** OPC 10031-4 state number (1 NotAllowedToStart ... 6 Aborted) and substate number, or null. */
  readonly state: number;
  readonly subState: number | null;
  readonly priority: number;
  readonly plannedStart: Date | null;
  readonly plannedEnd: Date | null;
  readonly actualStart: Date | null;
  readonly actualEnd: Date | null;
  readonly description: string | null;
  readonly parameters: readonly JobOrderParameter[];
  /** As the caller gave them; none given: listedMaterialRequirements shows the product it makes. */
  readonly materialRequirements: readonly MaterialRequirement[];
  /** The integer a tag-driven PLC knows the job by (written to a carrier tag); given on first dispatch. */
  readonly dispatchNumber: number | null;
  /** When Cancel or Clear took it out of the JobOrderList; the row and its history stay. */
  readonly removedAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** When a job order ran on its equipment: from its actual start to its actual end, or still running (null). */
export interface JobOrderRun {
  readonly equipmentId: string;
  readonly actualStart: Date;
  readonly actualEnd: Date | null;
}

/** One step of a job order through the OPC 10031-4 state machine; from is null for Store, to is null for Cancel/Clear. */
export interface JobOrderTransitionRecord {
  readonly id: string;
  readonly jobOrderId: string;
  readonly command: string;
  readonly fromState: number | null;
  readonly fromSubState: number | null;
  readonly toState: number | null;
  readonly toSubState: number | null;
  readonly at: Date;
  readonly actor: string;
  readonly role: string | null;
  readonly door: Door;
  readonly comment: string | null;
}

export interface WorkOrderReader {
  findById(id: string): Promise<WorkOrderRecord | null>;
  findByErpId(erpId: string): Promise<WorkOrderRecord | null>;
  findByIdempotencyKey(key: string): Promise<WorkOrderRecord | null>;
  findByIds(ids: readonly string[]): Promise<WorkOrderRecord[]>;
  /** Newest first, with the number of all that match. */
  list(filter: WorkOrderFilter, page: Page): Promise<{ items: WorkOrderRecord[]; total: number }>;
}

export interface WorkOrderRepository extends WorkOrderReader {
  insert(record: WorkOrderRecord): Promise<void>;
  /** Writes the record; with `expectedStatus`, only if the stored order still has it (false when another command moved it first). */
  update(record: WorkOrderRecord, expectedStatus?: WorkOrderStatus): Promise<boolean>;
}

export interface JobOrderReader {
  findById(id: string): Promise<JobOrderRecord | null>;
  findByIds(ids: readonly string[]): Promise<JobOrderRecord[]>;
  /** Every job order of the equipment, removed ones included, oldest first. */
  findByEquipment(equipmentId: string): Promise<JobOrderRecord[]>;
  /** The job orders still in the equipment's JobOrderList (not cancelled or cleared), oldest first. */
  findListed(equipmentId: string): Promise<JobOrderRecord[]>;
  findByWorkOrder(workOrderId: string): Promise<JobOrderRecord[]>;
  /** Every job order still in some JobOrderList (not cancelled or cleared), oldest first. */
  findAllListed(): Promise<JobOrderRecord[]>;
  /** Job orders whose planned or actual time overlaps [from, to), for a Gantt chart. */
  findInWindow(from: Date, to: Date, equipmentIds?: readonly string[]): Promise<JobOrderRecord[]>;
  /**
   * The actual runs (actual start to actual end, or still open) of the units' job orders that
   * overlap [from, to), by unit and actual start: what OEE counts (AOET). Only the times: the live
   * OEE reads them for every unit each second, and a busy shift runs thousands of orders.
   */
  findRunsIn(equipmentIds: readonly string[], from: Date, to: Date): Promise<JobOrderRun[]>;
  /** Oldest first, with the number of all that match. */
  list(filter: JobOrderFilter, page: Page): Promise<{ items: JobOrderRecord[]; total: number }>;
  findByDispatchNumber(dispatchNumber: number): Promise<JobOrderRecord | null>;
  /** The highest dispatch number given so far, 0 when none. */
  maxDispatchNumber(): Promise<number>;
  /** Oldest first. */
  findTransitions(jobOrderId: string): Promise<JobOrderTransitionRecord[]>;
  /**
   * Transitions of any job order whose id sorts after `afterId`, by id, at most `limit`: with time-ordered ids (UUIDv7),
   * what was made since then. Another MES instance of the cluster follows them (peer-follower).
   */
  findTransitionsMadeAfter(afterId: string, limit: number): Promise<JobOrderTransitionRecord[]>;
}

export interface JobOrderRepository extends JobOrderReader {
  insert(record: JobOrderRecord): Promise<void>;
  /**
   * Writes the record only if the stored order is still in `expected` (state and substate);
   * false when another command moved it first, so two doors can never both win. `before`, the
   * order as the command read it, spares the OEE summaries' invalidation when the order's
   * execution (equipment, product, actual start and end) is as it was: a Clear or a Start.
   */
  update(record: JobOrderRecord, expected: { state: number; subState: number | null }, before?: JobOrderRecord): Promise<boolean>;
  /** Sets the planned start and end only (the schedule's part of a job order; no state change). */
  setPlan(jobOrderId: string, plannedStart: Date | null, plannedEnd: Date | null): Promise<void>;
  /** Sets the number only if the job order has none yet; false when it had one (or another took the number first). */
  setDispatchNumber(jobOrderId: string, dispatchNumber: number): Promise<boolean>;
  appendTransition(transition: JobOrderTransitionRecord): Promise<void>;
}

/** A callback waiting to be delivered (an outbox row), written in the transaction of the change it reports. */
export interface CallbackDeliveryRecord {
  readonly id: string;
  readonly workOrderId: string;
  readonly url: string;
  readonly payload: string;
  readonly attempts: number;
  /** Null once delivered or given up. */
  readonly nextAttemptAt: Date | null;
  readonly deliveredAt: Date | null;
  readonly lastError: string | null;
  readonly createdAt: Date;
}

export interface CallbackDeliveryReader {
  /** Undelivered ones whose next attempt is due at `now`, oldest first. */
  findDue(now: Date, limit: number): Promise<CallbackDeliveryRecord[]>;
  /** The earliest next attempt still pending, if any. */
  nextDueAt(): Promise<Date | null>;
  findByWorkOrder(workOrderId: string): Promise<CallbackDeliveryRecord[]>;
  /** Callbacks not yet delivered and not given up: the outbox's depth. */
  countPending(): Promise<number>;
}

export interface CallbackDeliveryRepository extends CallbackDeliveryReader {
  insert(record: CallbackDeliveryRecord): Promise<void>;
  update(record: CallbackDeliveryRecord): Promise<void>;
  /** Replaces the payload of a callback not yet tried, if it is still `expected`: false when it was tried or changed meanwhile. */
  replacePendingPayload(id: string, expected: string, payload: string): Promise<boolean>;
}
