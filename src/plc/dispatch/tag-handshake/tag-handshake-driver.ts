import { carrierPacket, taskCodeOf } from "../../../domain/carrier-decision.js";
import type { TagHandshakeDispatch } from "../../../domain/plant/dispatch.js";
import { signalOf, type WorkUnit } from "../../../domain/plant/plant.js";
import type { Actor } from "../../../services/actor.js";
import type { JobOrderRecord } from "../../../services/ports/orders.js";
import { SerialQueue } from "../../../services/serial-queue.js";
import type { CarrierCounts } from "../../../services/station-dispatch-service.js";
import type { DispatchDriver, DispatchDriverContext, DispatchDriverFactory } from "../dispatch-driver.js";
import { HandshakeError, TagIo } from "./tag-io.js";

/** After order_complete, how long the station's counters may take to show the part it made. */
const COUNTER_SETTLE_MS = 2000;

type Counters = { good: number; reject: number } | null;

/** The carrier being worked: kept across a lost link, so its cycle is finished once the PLC is back. */
interface Cycle {
  readonly job: JobOrderRecord;
  readonly carrierId: number;
  /** The station's counters before the carrier was worked. */
  readonly counters: Counters;
  /** exec_order was written: the station may be working it, or done, while the link is down. */
  execSent: boolean;
}

export const createTagHandshakeDriver: DispatchDriverFactory = (unit, context) => {
  if (unit.dispatch.driver !== "tag-handshake") throw new Error(`${unit.id} is not configured for the tag-handshake driver`);
  return new TagHandshakeDriver(unit, unit.dispatch, context);
};

/**
 * The Festo CP Lab handshake of the course project, generalised and event driven. A carrier
 * arrives (ReadComplete); the station dispatch service says what it is for (work its job, give it
 * the next one, whose number is written to the RFID tag, or let it pass with task code -1).
 * Working: task code, its echo, exec, order complete, exec reset; then the service books and
 * completes. A step that times out or is refused holds the job (Interrupted/Held) with the step
 * in the comment; a step cut by a lost link is taken up again after the reconnect.
 */
export class TagHandshakeDriver implements DispatchDriver {
  private readonly io: TagIo;
  private readonly queue: SerialQueue;
  private readonly actor: Actor;
  private readonly counts: CarrierCounts;
  /** The browse names of the station's good and reject counters, when it maps both. */
  private readonly counterNames: { readonly good: string; readonly reject: string } | null;
  private cycle: Cycle | undefined;
  private carrierQueued = false;
  private stopped = false;
  /** Carriers passing through since the last one worked: logged once a stretch, not once a carrier (every 8 s on an idle cell). */
  private passing: { readonly reasons: Set<string>; count: number } | null = null;

  constructor(
    private readonly unit: WorkUnit,
    private readonly config: TagHandshakeDispatch,
    private readonly context: DispatchDriverContext,
  ) {
    this.io = new TagIo(unit, context.plcs.connection(unit.plcId), context.bus);
    this.queue = new SerialQueue((error) => context.log.error(`${unit.id}: tag handshake failed`, error));
    this.actor = { id: unit.plcId, role: null, door: "plc" };
    const good = signalOf(unit, "goodCount");
    const reject = signalOf(unit, "rejectCount");
    this.counterNames = good && reject ? { good: good.name, reject: reject.name } : null;
    this.counts = this.counterNames ? "station" : "none";
  }

  async start(): Promise<void> {
    const trigger = this.config.tags.readComplete;
    this.io.start(
      (tag, value) => {
        if (tag === trigger && value === true) this.carrierArrived();
      },
      (state) => {
        if (state !== "connected") return;
        // A carrier the station took before the link broke is finished first; it holds the station until then.
        if (this.cycle?.execSent) this.queue.push(() => this.resumeCycle());
        else if (this.io.value(trigger) === true) this.carrierArrived();
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
        if (this.stopped || this.io.value(this.config.tags.readComplete) !== true) return;
        // A cycle not finished before the link broke, whose exec never reached the station: the carrier is served anew.
        if (this.cycle && !this.cycle.execSent) this.cycle = undefined;
        if (!this.cycle) await this.serve();
      }),
    );
  }

  private async serve(): Promise<void> {
    const { tags } = this.config;
    const carrier = { id: Number(this.io.value(tags.carrierId) ?? 0), orderNumber: Number(this.io.value(tags.carrierOrderId) ?? 0) };
    const work = await this.context.dispatch.carrierArrived(this.unit.id, carrier, this.actor);
    if (work.kind === "pass") return this.passThrough(carrier.id, work.reason);
    const number = work.writeNumber;
    if (number !== null && !(await this.step(work.job, () => this.writeCarrier(carrier.id, number)))) return;
    await this.work(work.job, carrier.id);
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
    this.endPassing();
    const code = taskCodeOf(job, this.config.taskCodes, this.config.taskCodeParameter);
    if (code === null) {
      await this.context.dispatch.hold(this.unit.id, job.id, `tag-handshake: no task code for product ${job.productId ?? "(none)"} (dispatch.taskCodes or the job's ${this.config.taskCodeParameter} parameter)`, this.actor);
      return this.passThrough(carrierId, `job order ${job.id} has no task code`);
    }
    const cycle: Cycle = { job, carrierId, counters: this.counters(), execSent: false };
    this.cycle = cycle;
    // The part counted during this cycle is the one this carrier carries: genealogy says so.
    this.context.dispatch.carrierWorking(this.unit.id, String(carrierId));
    const worked = await this.step(job, () => this.execute(code, `carrier ${carrierId} of job order ${job.id}`, () => (cycle.execSent = true)));
    if (worked) await this.finishCycle(cycle);
  }

  /** After a reconnect: the station had the carrier; its order complete (maybe long raised) ends the cycle. */
  private async resumeCycle(): Promise<void> {
    const cycle = this.cycle;
    if (!cycle || this.stopped) return;
    const { tags, timeouts } = this.config;
    this.context.log.info(`${this.unit.id}: PLC back; finishing carrier ${cycle.carrierId} of job order ${cycle.job.id}`);
    const finished = await this.step(cycle.job, async () => {
      await this.io.waitFor(tags.orderComplete, (complete) => complete === true, timeouts.completeMs, `${tags.orderComplete} for carrier ${cycle.carrierId} of job order ${cycle.job.id}`);
      await this.io.write(tags.execOrder, false);
    });
    if (finished) await this.finishCycle(cycle);
  }

  private async finishCycle(cycle: Cycle): Promise<void> {
    this.cycle = undefined;
    const made = this.counts === "station" ? await this.partsMade(cycle.counters) : { good: 1, scrap: 0 };
    this.context.dispatch.carrierLeft(this.unit.id);
    const { good, quantity } = await this.context.dispatch.carrierWorked(this.unit.id, cycle.job.id, this.counts, this.actor);
    this.context.log.info(`${this.unit.id}: carrier ${cycle.carrierId} done for job order ${cycle.job.id} (${made.good} good, ${made.scrap} scrap; ${good} of ${quantity} good)`);
  }

  /** Task code, its echo, exec, order complete, exec reset: the station's work cycle. */
  private async execute(code: number, what: string, execSent: () => void = () => {}): Promise<void> {
    const { tags, timeouts } = this.config;
    await this.io.write(tags.taskCode, code);
    if (tags.taskCodeEcho) await this.io.waitFor(tags.taskCodeEcho, (echo) => Number(echo) === code, timeouts.echoMs, `${tags.taskCodeEcho} = ${code} for ${what}`);
    await this.io.write(tags.execOrder, true);
    execSent();
    await this.io.waitFor(tags.orderComplete, (complete) => complete === true, timeouts.completeMs, `${tags.orderComplete} for ${what}`);
    await this.io.write(tags.execOrder, false);
  }

  private async passThrough(carrierId: number, reason: string): Promise<void> {
    this.passing ??= { reasons: new Set(), count: 0 };
    this.passing.count++;
    if (!this.passing.reasons.has(reason)) {
      this.passing.reasons.add(reason);
      this.context.log.info(`${this.unit.id}: carrier ${carrierId} passes through (${reason}); more carriers passing for this reason are counted, not logged, until one is worked`);
    }
    try {
      await this.execute(this.config.passThroughCode, `carrier ${carrierId} passing through`);
    } catch (error) {
      this.context.log.warn(`${this.unit.id}: carrier ${carrierId} could not pass through: ${(error as Error).message}`);
      await this.resetOutputs();
    }
  }

  private endPassing(): void {
    if (this.passing && this.passing.count > 1) this.context.log.info(`${this.unit.id}: ${this.passing.count} carriers passed through since the last one worked`);
    this.passing = null;
  }

  /** Runs a step of a job's handshake: true when it went through; a failure holds the job, a lost link waits for the PLC (neither is thrown on). */
  private async step(job: JobOrderRecord, run: () => Promise<void>): Promise<boolean> {
    try {
      await run();
      return true;
    } catch (error) {
      if (!(error instanceof HandshakeError)) throw error;
      if (error.linkLost) {
        this.context.log.warn(`${this.unit.id}: job order ${job.id}: ${error.message}; the step is taken up again when the PLC is back`);
        return false;
      }
      this.cycle = undefined;
      this.context.dispatch.carrierLeft(this.unit.id);
      this.context.log.warn(`${this.unit.id}: job order ${job.id}: ${error.message}`);
      await this.resetOutputs();
      await this.context.dispatch.hold(this.unit.id, job.id, `tag-handshake: ${error.message}`, this.actor);
      return false;
    }
  }

  /** Leaves the PLC's request bits down, so a station is never left executing on a stale request. */
  private async resetOutputs(): Promise<void> {
    for (const tag of [this.config.tags.execOrder, this.config.tags.rfidWrite]) {
      await this.io.write(tag, false).catch(() => undefined);
    }
  }

  private counters(): Counters {
    if (!this.counterNames) return null;
    const good = this.io.value(this.counterNames.good);
    const reject = this.io.value(this.counterNames.reject);
    return typeof good === "number" && typeof reject === "number" ? { good, reject } : null;
  }

  /** What one carrier made, from the station's counters (for the log: the production recorder books them). */
  private async partsMade(before: Counters): Promise<{ good: number; scrap: number }> {
    const names = this.counterNames;
    if (!before || !names) return { good: 0, scrap: 0 };
    const moved = () => {
      const now = this.counters();
      return now !== null && (now.good !== before.good || now.reject !== before.reject);
    };
    if (!moved()) {
      // Whichever counter moves first; the other wait ends on its own timeout, quietly.
      await Promise.race([
        this.io.waitFor(names.good, (value) => value !== before.good, COUNTER_SETTLE_MS, `${names.good} change`).catch(() => undefined),
        this.io.waitFor(names.reject, (value) => value !== before.reject, COUNTER_SETTLE_MS, `${names.reject} change`).catch(() => undefined),
      ]);
    }
    const after = this.counters() ?? before;
    return { good: Math.max(0, after.good - before.good), scrap: Math.max(0, after.reject - before.reject) };
  }
}
