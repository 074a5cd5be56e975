import type { TagHandshakeDispatchConfig } from "../../../config/dispatch-schema.js";
import type { WorkUnitConfig } from "../../../config/schema.js";
import { carrierPacket, decideCarrier, taskCodeOf } from "../../../domain/carrier-decision.js";
import { JobState } from "../../../domain/job-order-state-machine.js";
import type { Actor } from "../../../services/actor.js";
import type { JobOrderRecord } from "../../../services/ports/orders.js";
import { SerialQueue } from "../../../services/serial-queue.js";
import type { DispatchDriver, DispatchDriverContext, DispatchDriverFactory } from "../dispatch-driver.js";
import { HandshakeError, TagIo } from "./tag-io.js";

/** After order_complete, how long the station's counters may take to show the part it made. */
const COUNTER_SETTLE_MS = 2000;

export const createTagHandshakeDriver: DispatchDriverFactory = (unit, context) => {
  if (unit.dispatch.driver !== "tag-handshake") throw new Error(`${unit.id} is not configured for the tag-handshake driver`);
  return new TagHandshakeDriver(unit, unit.dispatch, context);
};

/**
 * The Festo CP Lab handshake of the course project, generalised and event driven. A carrier
 * arrives (ReadComplete); its order number decides (decideCarrier): work its job, give a blank
 * or freed carrier the next released job (its number written to the RFID tag), or let it pass
 * (task code -1). Working: task code, its echo, exec, order complete, exec reset. A job completes
 * when its good parts reach its quantity. A step that times out or is refused holds the job
 * (Interrupted/Held) with the step in the comment; nothing waits forever.
 */
export class TagHandshakeDriver implements DispatchDriver {
  private readonly io: TagIo;
  private readonly queue: SerialQueue;
  private readonly actor: Actor;
  /** Good parts per job made so far, read once from the database, then counted here. */
  private readonly good = new Map<string, number>();
  private carrierQueued = false;
  private stopped = false;

  constructor(
    private readonly unit: WorkUnitConfig,
    private readonly config: TagHandshakeDispatchConfig,
    private readonly context: DispatchDriverContext,
  ) {
    this.io = new TagIo(unit, context.plcs.connection(unit.plc), context.bus);
    this.queue = new SerialQueue((error) => context.log.error(`${unit.id}: tag handshake failed`, error));
    this.actor = { id: unit.plc, role: null, door: "plc" };
  }

  async start(): Promise<void> {
    const trigger = this.config.tags.readComplete;
    this.io.start(
      (tag, value) => {
        if (tag === trigger && value === true) this.carrierArrived();
      },
      (state) => {
        // A carrier that arrived while the PLC was away is still waiting: its mirrored values come back first.
        if (state === "connected" && this.io.value(trigger) === true) this.carrierArrived();
      },
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.io.stop();
    await this.queue.drain();
  }

  private carrierArrived(): void {
    if (this.carrierQueued || this.stopped) return;
    this.carrierQueued = true;
    // The carrier's id and order number come in the same PLC notification as ReadComplete, maybe just after it.
    setImmediate(() =>
      this.queue.push(async () => {
        this.carrierQueued = false;
        if (!this.stopped && this.io.value(this.config.tags.readComplete) === true) await this.serve();
      }),
    );
  }

  private async serve(): Promise<void> {
    const { tags } = this.config;
    const carrierId = Number(this.io.value(tags.carrierId) ?? 0);
    const orderNumber = Number(this.io.value(tags.carrierOrderId) ?? 0);
    const known = orderNumber > 0 ? await this.context.jobs.findByDispatchNumber(orderNumber) : null;
    const decision = decideCarrier(orderNumber, known && { ...known, removed: known.removedAt !== null, done: (await this.goodOf(known)) >= known.quantity }, this.unit.id);
    if (decision.kind === "pass") return this.passThrough(carrierId, decision.reason);

    let job: JobOrderRecord;
    if (decision.kind === "work") {
      job = decision.begin ? await this.context.jobs.command(decision.jobOrderId, "Begin", this.actor, `carrier ${carrierId} arrived`, this.unit.id) : known!;
    } else {
      const next = await this.context.dispatch.takeNextJob(this.unit.id, this.actor);
      if (!next) return this.passThrough(carrierId, "no job order is released for this station");
      job = next;
      const number = await this.context.jobs.dispatchNumber(job.id);
      const written = await this.step(job, () => this.writeCarrier(carrierId, number));
      if (!written) return;
    }
    await this.work(job, carrierId);
  }

  /** Writes [carrier, order number] to the carrier's RFID tag and waits until the PLC says it is written. */
  private async writeCarrier(carrierId: number, orderNumber: number): Promise<void> {
    const { tags, timeouts, writeWords } = this.config;
    await this.io.write(tags.writeData, carrierPacket(carrierId, orderNumber, writeWords));
    await this.io.write(tags.rfidWrite, true);
    await this.io.waitFor(tags.rfidWriteDone, (done) => done === true, timeouts.rfidWriteMs, `${tags.rfidWriteDone} after writing carrier ${carrierId}`);
    await this.io.write(tags.rfidWrite, false);
    this.context.log.info(`${this.unit.id}: carrier ${carrierId} now carries order number ${orderNumber}`);
  }

  private async work(job: JobOrderRecord, carrierId: number): Promise<void> {
    const code = taskCodeOf(job, this.config.taskCodes, this.config.taskCodeParameter);
    if (code === null) {
      await this.hold(job, `tag-handshake: no task code for product ${job.productId ?? "(none)"} (dispatch.taskCodes or the job's ${this.config.taskCodeParameter} parameter)`);
      return this.passThrough(carrierId, `job order ${job.id} has no task code`);
    }
    const before = this.counters();
    const worked = await this.step(job, () => this.execute(code, `carrier ${carrierId} of job order ${job.id}`));
    if (!worked) return;
    const made = await this.partsMade(before);
    const good = (await this.goodOf(job)) + made.good;
    this.good.set(job.id, good);
    this.context.log.info(`${this.unit.id}: carrier ${carrierId} done for job order ${job.id} (${made.good} good, ${made.scrap} scrap; ${good} of ${job.quantity} good)`);
    if (good >= job.quantity) {
      const current = await this.context.jobs.get(job.id);
      if (current.state === JobState.Running) await this.context.jobs.command(job.id, "Complete", this.actor, `${good} good parts made`, this.unit.id);
    }
  }

  /** Task code, its echo, exec, order complete, exec reset: the station's work cycle. */
  private async execute(code: number, what: string): Promise<void> {
    const { tags, timeouts } = this.config;
    await this.io.write(tags.taskCode, code);
    if (tags.taskCodeEcho) await this.io.waitFor(tags.taskCodeEcho, (echo) => Number(echo) === code, timeouts.echoMs, `${tags.taskCodeEcho} = ${code} for ${what}`);
    await this.io.write(tags.execOrder, true);
    await this.io.waitFor(tags.orderComplete, (complete) => complete === true, timeouts.completeMs, `${tags.orderComplete} for ${what}`);
    await this.io.write(tags.execOrder, false);
  }

  private async passThrough(carrierId: number, reason: string): Promise<void> {
    this.context.log.info(`${this.unit.id}: carrier ${carrierId} passes through (${reason})`);
    try {
      await this.execute(this.config.passThroughCode, `carrier ${carrierId} passing through`);
    } catch (error) {
      this.context.log.warn(`${this.unit.id}: carrier ${carrierId} could not pass through: ${(error as Error).message}`);
      await this.resetOutputs();
    }
  }

  /** Runs a step of a job's handshake; a failure holds the job (and is not thrown on): true when it went through. */
  private async step(job: JobOrderRecord, run: () => Promise<void>): Promise<boolean> {
    try {
      await run();
      return true;
    } catch (error) {
      if (!(error instanceof HandshakeError)) throw error;
      this.context.log.warn(`${this.unit.id}: job order ${job.id}: ${error.message}`);
      await this.resetOutputs();
      await this.hold(job, `tag-handshake: ${error.message}`);
      return false;
    }
  }

  private async hold(job: JobOrderRecord, comment: string): Promise<void> {
    const current = await this.context.jobs.get(job.id);
    if (current.state === JobState.Running) await this.context.jobs.command(job.id, "Hold", this.actor, comment, this.unit.id);
  }

  /** Leaves the PLC's request bits down, so a station is never left executing on a stale request. */
  private async resetOutputs(): Promise<void> {
    for (const tag of [this.config.tags.execOrder, this.config.tags.rfidWrite]) {
      await this.io.write(tag, false).catch(() => undefined);
    }
  }

  private counters(): { good: number; reject: number } | null {
    const good = this.io.value("GoodCount");
    const reject = this.io.value("RejectCount");
    return typeof good === "number" && typeof reject === "number" ? { good, reject } : null;
  }

  /** What one carrier made, from the station's counters; without counters a worked carrier is one good part. */
  private async partsMade(before: { good: number; reject: number } | null): Promise<{ good: number; scrap: number }> {
    if (!before || !this.unit.signals.goodCount || !this.unit.signals.rejectCount) return { good: 1, scrap: 0 };
    const moved = () => {
      const now = this.counters();
      return now !== null && (now.good !== before.good || now.reject !== before.reject);
    };
    if (!moved()) {
      // Whichever counter moves first; the other wait ends on its own timeout, quietly.
      await Promise.race([
        this.io.waitFor("GoodCount", (value) => value !== before.good, COUNTER_SETTLE_MS, "GoodCount change").catch(() => undefined),
        this.io.waitFor("RejectCount", (value) => value !== before.reject, COUNTER_SETTLE_MS, "RejectCount change").catch(() => undefined),
      ]);
    }
    const after = this.counters() ?? before;
    return { good: Math.max(0, after.good - before.good), scrap: Math.max(0, after.reject - before.reject) };
  }

  private async goodOf(job: JobOrderRecord): Promise<number> {
    let good = this.good.get(job.id);
    if (good === undefined) this.good.set(job.id, (good = (await this.context.jobs.produced(job.id)).good));
    return good;
  }
}
