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
 * (a backflush on a PLC count, or a consumption booked by hand), and `quality.signal` when a result
 * on one of its job orders fails its check or fires an SPC test.
 */
export const CALLBACK_EVENTS: readonly string[] = [
  ...WORK_ORDER_STATUSES.map((status) => `work_order.${status}`),
  ...["Store", "StoreAndStart", ...JOB_COMMANDS].map((command) => `job_order.${spelledCommand(command)}`),
  "material.consumed",
  "material.produced",
  "quality.signal",
];

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
  /** quality.signal only: what the result raised; `holdsJob` when the plan holds the running job for it. */
  readonly quality?: { jobOrderId: string; workUnitId: string; characteristicId: string; resultId: string; kind: "failed-check" | "spc"; reasons: string[]; lotId: string | null; ncrId: string | null; holdsJob: boolean };
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
  ) {}

  /** Refuses, as bad input of the order, a callback URL the MES may not post to. */
  checkTarget(url: string): void {
    const refusal = callbackRefusal(url, this.targets);
    if (refusal) throw new DomainError("invalid_input", `callbackUrl: ${refusal}`, { field: "callbackUrl" });
  }

  async enqueue(repos: Repositories, workOrder: WorkOrderRecord, payload: Omit<CallbackPayload, "workOrder">): Promise<void> {
    if (!workOrder.callbackUrl) return;
    const id = this.newId();
    const now = this.clock.now();
    const body: CallbackPayload & { deliveryId: string } = {
      deliveryId: id,
      ...payload,
      workOrder: { id: workOrder.id, erpId: workOrder.erpId, status: workOrder.status, productId: workOrder.productId, quantity: workOrder.quantity },
    };
    await repos.callbacks.insert({ id, workOrderId: workOrder.id, url: workOrder.callbackUrl, payload: JSON.stringify(body), attempts: 0, nextAttemptAt: now, deliveredAt: null, lastError: null, createdAt: now });
  }
}
