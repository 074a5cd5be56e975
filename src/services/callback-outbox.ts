import { callbackRefusal, type CallbackTargets } from "../domain/callback-targets.js";
import { DomainError } from "../domain/domain-error.js";
import { spelledCommand } from "../domain/job-control/command-spelling.js";
import { JOB_COMMANDS } from "../domain/job-order-state-machine.js";
import { WORK_ORDER_STATUSES } from "../domain/work-order.js";
import type { Clock, IdGenerator } from "./clock.js";
import type { WorkOrderRecord } from "./ports/orders.js";
import type { Repositories } from "./ports/store.js";

/**
 * Every event a callback reports: `work_order.<status>` when the order's status changes (created,
 * released, in_progress, completed, aborted, cancelled), `job_order.<command>` when one of its job
 * orders takes a command, in the REST spelling (job_order.store-and-start, job_order.complete), and
 * `material.consumed` / `material.produced` when one of its job orders consumes or produces material
 * (a backflush on a PLC count, or a consumption booked by hand).
 */
export const CALLBACK_EVENTS: readonly string[] = [
  ...WORK_ORDER_STATUSES.map((status) => `work_order.${status}`),
  ...["Store", "StoreAndStart", ...JOB_COMMANDS].map((command) => `job_order.${spelledCommand(command)}`),
  "material.consumed",
  "material.produced",
];

/** A material callback takes no more items once its window has less than this to run: the sender may be about to post it. */
const BATCH_MARGIN_MS = 1000;
/** Items one material callback carries at most; a longer batch goes on in the next. */
const MAX_BATCH_ITEMS = 500;

/** One ledger row as the ERP hears it: ISA-95 MaterialActual of a job response (lot, material, quantity with its unit). */
export interface CallbackMaterialItem {
  readonly movementId: string;
  /** The lot consumed from (null: consumed without a lot, `problem: "unassigned"`) or produced into. */
  readonly lotId: string | null;
  readonly materialDefinitionId: string;
  readonly quantity: number;
  readonly unit: string;
  readonly problem: string | null;
}

/** What an ERP receives at its callback URL: one state change of its work order or of one of its job orders. */
export interface CallbackPayload {
  readonly event: string;
  readonly at: string;
  readonly workOrder: { id: string; erpId: string | null; status: string; productId: string; quantity: number };
  readonly jobOrder?: { id: string; equipmentId: string; state: string; stateNumber: number; subState: number | null; command: string; actor: string; door: string; comment: string | null };
  /** material.* events only; ISA-95 MaterialUse Consumed or Produced. */
  readonly material?: { jobOrderId: string; workUnitId: string | null; materialUse: "Consumed" | "Produced"; outputLotId: string | null; items: CallbackMaterialItem[] };
}

/**
 * Writes a callback into the outbox inside the transaction of the change it reports, so a change
 * is never committed without its callback, nor a callback sent for a change that rolled back.
 */
export class CallbackOutbox {
  constructor(
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
    private readonly targets: CallbackTargets,
    /** How long material callbacks of one job order gather before they are sent (0: one per booking). */
    private readonly materialBatchMs = 0,
  ) {}

  /** Refuses, as bad input of the order, a callback URL the MES may not post to. */
  checkTarget(url: string): void {
    const refusal = callbackRefusal(url, this.targets);
    if (refusal) throw new DomainError("invalid_input", `callbackUrl: ${refusal}`, { field: "callbackUrl" });
  }

  /**
   * A material.consumed or material.produced callback, batched: the bookings of one job order
   * within materialBatchMs go to the ERP as one callback, its items in booking order, so a press
   * counting every second does not post every second. The batch waits in the outbox (its first
   * attempt is due when the window closes) and takes further items only while its window has more
   * than BATCH_MARGIN_MS to run and only open batches of the same job order are queued behind it,
   * so no item joins a callback already being sent, and the ERP still hears the order's changes
   * (a job command, a status) in the order they happened.
   */
  async enqueueMaterial(repos: Repositories, workOrder: WorkOrderRecord, payload: Omit<CallbackPayload, "workOrder"> & { material: NonNullable<CallbackPayload["material"]> }): Promise<void> {
    if (!workOrder.callbackUrl) return;
    const now = this.clock.now();
    if (this.materialBatchMs <= BATCH_MARGIN_MS) return this.enqueue(repos, workOrder, payload);
    // The open batches of this job order at the tail of the work order's queue: consumed and produced gather side by side.
    const queued = await repos.callbacks.findByWorkOrder(workOrder.id);
    for (let i = queued.length - 1; i >= 0; i--) {
      const open = queued[i]!;
      const batch = JSON.parse(open.payload) as CallbackPayload;
      const isOpen = open.attempts === 0 && open.deliveredAt === null && open.nextAttemptAt !== null && open.nextAttemptAt.getTime() - now.getTime() > BATCH_MARGIN_MS;
      if (!isOpen || batch.material?.jobOrderId !== payload.material.jobOrderId) break;
      if (batch.event !== payload.event) continue;
      if (batch.material.items.length + payload.material.items.length > MAX_BATCH_ITEMS) break;
      const merged: CallbackPayload = { ...batch, material: { ...batch.material, outputLotId: batch.material.outputLotId ?? payload.material.outputLotId, items: [...batch.material.items, ...payload.material.items] } };
      if (await repos.callbacks.replacePendingPayload(open.id, open.payload, JSON.stringify(merged))) return;
      break;
    }
    return this.enqueue(repos, workOrder, payload, new Date(now.getTime() + this.materialBatchMs));
  }

  async enqueue(repos: Repositories, workOrder: WorkOrderRecord, payload: Omit<CallbackPayload, "workOrder">, firstAttemptAt?: Date): Promise<void> {
    if (!workOrder.callbackUrl) return;
    const id = this.newId();
    const now = this.clock.now();
    const body: CallbackPayload & { deliveryId: string } = {
      deliveryId: id,
      ...payload,
      workOrder: { id: workOrder.id, erpId: workOrder.erpId, status: workOrder.status, productId: workOrder.productId, quantity: workOrder.quantity },
    };
    await repos.callbacks.insert({ id, workOrderId: workOrder.id, url: workOrder.callbackUrl, payload: JSON.stringify(body), attempts: 0, nextAttemptAt: firstAttemptAt ?? now, deliveredAt: null, lastError: null, createdAt: now });
  }
}
