import { backoffDelay } from "../domain/backoff.js";
import { callbackRefusal, type CallbackTargets } from "../domain/callback-targets.js";
import type { Clock } from "./clock.js";
import type { EventBus } from "./event-bus.js";
import type { Log } from "./log.js";
import type { CallbackDeliveryRecord } from "./ports/orders.js";
import type { Store } from "./ports/store.js";

export interface CallbackSettings {
  readonly timeoutMs: number;
  readonly maxAttempts: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

/** Deliveries taken per pass: enough for a burst of transitions, small enough to keep a pass short. */
const BATCH = 50;

/**
 * Delivers the callback outbox: POSTs each payload as JSON; any 2xx is delivered, anything else
 * is retried with back-off until maxAttempts, then given up with its last error kept. Deliveries
 * of one work order go out in the order they happened: when one fails, the later ones wait for it.
 * Woken by the events that write to the outbox, and by its own timer for retries; no polling.
 * Each attempt asks the configured targets again: a delivery written before an origin was taken
 * out of callbacks.allowedOrigins is not sent there.
 */
export class CallbackSender {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly log: Log,
    private readonly settings: CallbackSettings,
    private readonly targets: CallbackTargets,
  ) {}

  start(): void {
    this.unsubscribe.push(this.bus.on("job.transition", () => this.wake()));
    this.unsubscribe.push(this.bus.on("work_order.changed", () => this.wake()));
    this.unsubscribe.push(this.bus.on("material.moved", () => this.wake()));
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const unsubscribe of this.unsubscribe) unsubscribe();
    clearTimeout(this.timer);
    await this.running;
  }

  /** Runs a pass now, or right after the one in progress. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.pass()
      .catch((error) => this.log.error("callback delivery pass failed", error))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        } else void this.schedule();
      });
  }

  private async schedule(): Promise<void> {
    if (this.stopped) return;
    const next = await this.store.read.callbacks.nextDueAt().catch(() => null);
    if (!next || this.stopped || this.running) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.wake(), Math.max(0, next.getTime() - this.clock.now().getTime()));
  }

  private async pass(): Promise<void> {
    const due = await this.store.read.callbacks.findDue(this.clock.now(), BATCH);
    const blocked = new Set<string>();
    for (const delivery of due) {
      if (this.stopped) return;
      if (blocked.has(delivery.workOrderId) || !(await this.isNextOfItsOrder(delivery))) {
        blocked.add(delivery.workOrderId);
        continue;
      }
      const refusal = callbackRefusal(delivery.url, this.targets);
      if (refusal) {
        this.log.warn(`callback ${delivery.id} to ${delivery.url} not sent: ${refusal}`);
        await this.saveDelivery({ ...delivery, nextAttemptAt: null, lastError: `not sent: ${refusal}` });
        continue;
      }
      const error = await this.post(delivery);
      const attempts = delivery.attempts + 1;
      if (error === null) {
        await this.saveDelivery({ ...delivery, attempts, deliveredAt: this.clock.now(), nextAttemptAt: null, lastError: null });
        continue;
      }
      blocked.add(delivery.workOrderId);
      const giveUp = attempts >= this.settings.maxAttempts;
      const nextAttemptAt = giveUp ? null : new Date(this.clock.now().getTime() + backoffDelay(attempts - 1, this.settings.initialDelayMs, this.settings.maxDelayMs, Math.random()));
      if (giveUp) this.log.warn(`callback ${delivery.id} to ${delivery.url} given up after ${attempts} attempts: ${error}`);
      await this.saveDelivery({ ...delivery, attempts, nextAttemptAt, lastError: error.slice(0, 1000) });
    }
  }

  /**
   * The ERP must see an order's changes in the order they happened: a delivery waits while an
   * older one of its work order is pending, and takes that one's retry time so it is not due
   * (and picked up and put back) before then.
   */
  private async isNextOfItsOrder(delivery: CallbackDeliveryRecord): Promise<boolean> {
    const pending = (await this.store.read.callbacks.findByWorkOrder(delivery.workOrderId)).filter((other) => other.nextAttemptAt !== null);
    const oldest = pending[0];
    if (!oldest || oldest.id === delivery.id) return true;
    if (delivery.nextAttemptAt! < oldest.nextAttemptAt!) await this.saveDelivery({ ...delivery, nextAttemptAt: oldest.nextAttemptAt });
    return false;
  }

  /** A delivery's new state in a transaction of its own, so no other caller's rollback can undo it (and send it twice). */
  private saveDelivery(delivery: CallbackDeliveryRecord): Promise<void> {
    return this.store.unitOfWork((repos) => repos.callbacks.update(delivery));
  }

  /** Null when delivered, else why not. */
  private async post(delivery: CallbackDeliveryRecord): Promise<string | null> {
    try {
      const response = await fetch(delivery.url, {
        method: "POST",
        headers: { "content-type": "application/json", "x-mes-delivery": delivery.id },
        body: delivery.payload,
        signal: AbortSignal.timeout(this.settings.timeoutMs),
        // A redirect is not followed: the payload goes only to the URL the order named (and an allowed origin).
        redirect: "manual",
      });
      await response.body?.cancel();
      if (response.ok) return null;
      if (response.status >= 300 && response.status < 400) return `HTTP ${response.status}: redirect not followed${response.headers.get("location") ? ` (to ${response.headers.get("location")!.slice(0, 200)})` : ""}`;
      return `HTTP ${response.status}`;
    } catch (error) {
      return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
  }
}
