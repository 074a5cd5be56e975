import { backoffDelay } from "../domain/backoff.js";
import { callbackRefusal, type CallbackTargets } from "../domain/callback-targets.js";
import type { Clock } from "./clock.js";
import type { Log } from "./log.js";
import type { CallbackDeliveryRecord } from "./ports/orders.js";
import type { Repositories, Store } from "./ports/store.js";

/** The singleton lease the sender runs under on a cluster (Singleton): a claim is fenced with it. */
export interface DeliveryClaim {
  fence(repos: Repositories): Promise<void>;
}

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
 * Woken when a unit of work that wrote to the outbox commits, and by its own timer for retries; no polling.
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
    private readonly clock: Clock,
    private readonly log: Log,
    private readonly settings: CallbackSettings,
    private readonly targets: CallbackTargets,
  ) {}

  /** Null for a MES alone: it sends without claiming. */
  private claim: DeliveryClaim | null = null;
  private pollEveryMs: number | null = null;
  private poll: NodeJS.Timeout | undefined;

  /**
   * On a cluster each delivery is claimed before it is sent, in a transaction fenced by the sender's
   * singleton lease: it is marked as tried and put off while in flight, so an instance that took
   * the lease over meanwhile does not find it due and send it again. Deliveries written by the
   * other instances wake no event here: the outbox is looked at every `pollEveryMs` as well.
   */
  claimWith(claim: DeliveryClaim, pollEveryMs: number): void {
    this.claim = claim;
    this.pollEveryMs = pollEveryMs;
  }

  start(): void {
    this.stopped = false;
    this.unsubscribe.push(this.store.onCallbacksCommitted(() => this.wake()));
    if (this.pollEveryMs !== null) this.poll = setInterval(() => this.wake(), this.pollEveryMs);
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const unsubscribe of this.unsubscribe.splice(0)) unsubscribe();
    clearTimeout(this.timer);
    clearInterval(this.poll);
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
      if (this.claim && !(await this.claimed(delivery))) continue;
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

  /**
   * Claims a delivery for this instance (a conditional update under the lease fence): false when
   * another pass or instance tried it since it was read. Refused (LeaseLostError) once the lease is lost.
   */
  private claimed(delivery: CallbackDeliveryRecord): Promise<boolean> {
    const claim = this.claim!;
    return this.store.unitOfWork(async (repos) => {
      await claim.fence(repos);
      const now = this.clock.now();
      const current = (await repos.callbacks.findByWorkOrder(delivery.workOrderId)).find((other) => other.id === delivery.id);
      if (!current || current.deliveredAt !== null || current.attempts !== delivery.attempts || current.nextAttemptAt === null || current.nextAttemptAt > now) return false;
      // Put off past the attempt's timeout: should this instance die in flight, its successor retries it then.
      await repos.callbacks.update({ ...current, nextAttemptAt: new Date(now.getTime() + this.settings.timeoutMs + 1000) });
      return true;
    });
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
