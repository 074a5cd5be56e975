import { counterDelta, counterReading } from "../domain/counter-delta.js";
import { JobState } from "../domain/job-order-state-machine.js";
import { signalOf, workUnitsOf, type Plant } from "../domain/plant/plant.js";
import { isGood } from "../domain/signal-sample.js";
import type { Clock, IdGenerator } from "./clock.js";
import type { EventBus } from "./event-bus.js";
import type { Log } from "./log.js";
import type { CounterCheckpoint, ProductionRecord } from "./ports/production.js";
import type { Store } from "./ports/store.js";
import { LeaseLostError } from "./cluster/lease-keeper.js";
import { allUnits, type UnitOwnership } from "./cluster/unit-ownership.js";

type Counter = CounterCheckpoint["counter"];

interface Pending {
  workUnitId: string;
  jobOrderId: string | null;
  periodStart: Date;
  periodEnd: Date;
  good: number;
  scrap: number;
}

/**
 * Turns cumulative PLC counters into production records. Deltas are summed per work unit and job
 * and written once per flush interval, together with the counter checkpoints, in one transaction:
 * after a restart or a disconnect the next reading is compared with the stored checkpoint, so parts
 * made meanwhile are counted once, neither lost nor doubled. Every flush also stores a heartbeat of
 * each work unit (the MES knew its state then): after a crash, its open state intervals end there.
 * On a cluster it counts only the units this instance owns, each write fenced by their leases: a
 * unit lost is forgotten here (its new owner resumes from the stored checkpoints), a unit gained
 * is resumed from them.
 */
export class ProductionRecorder {
  private readonly rollover = new Map<string, number | undefined>();
  private readonly checkpoints = new Map<string, CounterCheckpoint>();
  private readonly dirty = new Set<string>();
  /** The job the MES runs on each unit it follows (unitsWithMesJobs), whoever began it: an operator, a driver. */
  private readonly mesJob = new Map<string, string | null>();
  /** The job each unit's PLC names in its CurrentJob tag. */
  private readonly plcJob = new Map<string, string | null>();
  private pending = new Map<string, Pending>();
  private timer: NodeJS.Timeout | undefined;
  private atBound = false;
  private flushing: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void)[] = [];
  /** When the oldest count not yet written arrived (the MES's clock, not the PLC's source timestamp). */
  private oldestPendingAt: Date | null = null;
  private readonly flushListeners = new Set<(lagMs: number) => void>();
  /**
   * Units whose counts go to the job the MES runs there: on a station without a driver the operator
   * began it, on a tag-handshake or Machinery Jobs station the driver did; either way the MES knows
   * which job the parts are for, whatever the PLC's CurrentJob tag says (a PLC's own batch name is
   * no job order of the MES). A `methods` PLC reports its job's parts itself (ReportProgress), so its
   * counters are booked to the job its CurrentJob tag names, as on a unit where the MES runs none.
   */
  private readonly unitsWithMesJobs = new Set<string>();
  private readonly workUnitIds: string[];
  /** Units being resumed from the database: their readings wait here meanwhile, in order. */
  private readonly resuming = new Map<string, { counter: Counter; reading: number; at: Date }[]>();

  constructor(
    plant: Plant,
    private readonly bus: EventBus,
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
    private readonly log: Log,
    private readonly flushIntervalMs: number,
    /** Who was rostered on a unit's work center then: the records carry them. */
    private readonly crew: (equipmentId: string, from: Date, to: Date) => Promise<string[]> = async () => [],
    /** Records held while the database cannot take them (production.maxPendingRecords). */
    private readonly maxPendingRecords = 10_000,
    private readonly units: UnitOwnership = allUnits,
  ) {
    this.workUnitIds = workUnitsOf(plant).map((unit) => unit.id);
    for (const unit of workUnitsOf(plant)) {
      this.rollover.set(key(unit.id, "good"), signalOf(unit, "goodCount")?.rolloverAt);
      this.rollover.set(key(unit.id, "reject"), signalOf(unit, "rejectCount")?.rolloverAt);
      if (unit.dispatch.driver !== "methods") this.unitsWithMesJobs.add(unit.id);
    }
  }

  async start(): Promise<void> {
    for (const checkpoint of await this.store.read.counterCheckpoints.findAll()) {
      if (this.units.owns(checkpoint.equipmentId)) this.checkpoints.set(key(checkpoint.equipmentId, checkpoint.counter), checkpoint);
    }
    const running = await Promise.all([...this.unitsWithMesJobs].filter((id) => this.units.owns(id)).map((id) => this.runningJobOf(id)));
    for (const job of running) if (job) this.mesJob.set(job.equipmentId, job.id);
    this.unsubscribe.push(this.units.onChange((workUnitId, owned) => (owned ? void this.resume(workUnitId) : this.forget(workUnitId))));
    this.unsubscribe.push(this.bus.on("job.transition", ({ jobOrder, to }) => {
      if (!this.unitsWithMesJobs.has(jobOrder.equipmentId)) return;
      if (to?.state === JobState.Running) this.mesJob.set(jobOrder.equipmentId, jobOrder.id);
      else if (this.mesJob.get(jobOrder.equipmentId) === jobOrder.id) this.mesJob.set(jobOrder.equipmentId, null);
    }));
    this.unsubscribe.push(this.bus.on("signal.changed", ({ workUnitId, role, sample }) => {
      if (!this.units.owns(workUnitId)) return;
      if (role === "currentJob") {
        this.plcJob.set(workUnitId, isGood(sample) && sample.value ? String(sample.value) : null);
        return;
      }
      const counter: Counter | undefined = role === "goodCount" ? "good" : role === "rejectCount" ? "reject" : undefined;
      if (!counter || !isGood(sample)) return;
      const reading = counterReading(sample.value);
      if (reading === undefined) return;
      const at = sample.sourceTimestamp ?? this.clock.now();
      const waiting = this.resuming.get(workUnitId);
      if (waiting) waiting.push({ counter, reading, at });
      else this.count(workUnitId, counter, reading, at);
    }));
    this.timer = setInterval(() => void this.flush(), this.flushIntervalMs);
  }

  /** Writes what is pending now; resolves when it is stored (or kept for the next try). */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write());
    return this.flushing;
  }

  /** What is held in memory now: records not yet written, and when the oldest of their counts arrived. */
  backlog(): { records: number; oldestAt: Date | null } {
    return { records: this.pending.size, oldestAt: this.oldestPendingAt };
  }

  /** Told, after each write that stored counts, how long the oldest of them waited (the flush lag). Returns the unsubscribe. */
  onFlushed(listener: (lagMs: number) => void): () => void {
    this.flushListeners.add(listener);
    return () => this.flushListeners.delete(listener);
  }

  /** Stops counting and writes everything still pending. */
  async stop(): Promise<void> {
    for (const unsubscribe of this.unsubscribe) unsubscribe();
    clearInterval(this.timer);
    await this.flush();
  }

  private async runningJobOf(workUnitId: string) {
    return (await this.store.read.jobOrders.findListed(workUnitId)).find((job) => job.state === JobState.Running);
  }

  /**
   * A unit this instance has just taken over: its counters go on from the checkpoints its former
   * owner stored with its last counts, so a part counted there is not counted again here, and one
   * the former owner counted but never stored is counted now (the PLC's counter says it was made).
   */
  private async resume(workUnitId: string): Promise<void> {
    if (this.resuming.has(workUnitId)) return;
    this.resuming.set(workUnitId, []);
    // A write of this unit's counts still in flight (from before it was lost) lands first: the checkpoints read are after it.
    await this.flushing;
    for (let attempt = 0; ; attempt++) {
      try {
        const stored = (await this.store.read.counterCheckpoints.findAll()).filter((checkpoint) => checkpoint.equipmentId === workUnitId);
        const job = this.unitsWithMesJobs.has(workUnitId) ? await this.runningJobOf(workUnitId) : undefined;
        for (const checkpoint of stored) this.checkpoints.set(key(workUnitId, checkpoint.counter), checkpoint);
        if (this.unitsWithMesJobs.has(workUnitId)) this.mesJob.set(workUnitId, job?.id ?? null);
        break;
      } catch (error) {
        // Counting without the checkpoints would count the PLC's whole counter again: wait for the database.
        if (attempt === 0) this.log.warn(`${workUnitId}: counter checkpoints not read; counting waits for them`, { error: (error as Error).message });
        await new Promise((resolve) => setTimeout(resolve, Math.min(this.flushIntervalMs, 1000)));
        if (!this.resuming.has(workUnitId)) return;
      }
    }
    const waiting = this.resuming.get(workUnitId);
    this.resuming.delete(workUnitId);
    if (!waiting || !this.units.owns(workUnitId)) return;
    this.log.info(`${workUnitId}: counting resumed from the stored counter checkpoints`);
    for (const { counter, reading, at } of waiting) this.count(workUnitId, counter, reading, at);
  }

  /** A unit another instance runs now: what is held of it here is dropped, not written (its lease fences that). */
  private forget(workUnitId: string): void {
    this.resuming.delete(workUnitId);
    let dropped = 0;
    for (const [k, entry] of this.pending) {
      if (entry.workUnitId !== workUnitId) continue;
      dropped += entry.good + entry.scrap;
      this.pending.delete(k);
    }
    for (const counter of ["good", "reject"] as const) {
      this.checkpoints.delete(key(workUnitId, counter));
      this.dirty.delete(key(workUnitId, counter));
    }
    this.mesJob.delete(workUnitId);
    this.plcJob.delete(workUnitId);
    if (dropped > 0) this.log.warn(`${workUnitId}: no longer run here; ${dropped} counted parts not stored are left to its new owner, which counts them from the stored checkpoint`);
  }

  private count(workUnitId: string, counter: Counter, reading: number, at: Date): void {
    const k = key(workUnitId, counter);
    const change = counterDelta(this.checkpoints.get(k)?.value, reading, { rolloverAt: this.rollover.get(k) });
    if (change.kind === "reset" || change.kind === "rollover") {
      this.log.info(`${workUnitId}: ${counter} counter ${change.kind} (now ${reading}), counted ${change.delta}`);
    }
    this.checkpoints.set(k, { equipmentId: workUnitId, counter, value: reading, updatedAt: at });
    this.dirty.add(k);
    if (change.delta === 0) return;

    const jobOrderId = this.mesJob.get(workUnitId) ?? this.plcJob.get(workUnitId) ?? null;
    const pendingKey = `${workUnitId}\u0000${jobOrderId ?? ""}`;
    let entry = this.pending.get(pendingKey) ?? (this.pending.size >= this.maxPendingRecords ? this.latestOf(workUnitId) : undefined);
    if (!entry) this.pending.set(pendingKey, (entry = { workUnitId, jobOrderId, periodStart: at, periodEnd: at, good: 0, scrap: 0 }));
    if (counter === "good") entry.good += change.delta;
    else entry.scrap += change.delta;
    if (at < entry.periodStart) entry.periodStart = at;
    if (at > entry.periodEnd) entry.periodEnd = at;

    this.oldestPendingAt ??= this.clock.now();

    const good = counter === "good" ? change.delta : 0;
    this.bus.emit("production.counted", { workUnitId, good, scrap: change.delta - good, at, jobOrderId });
  }

  /**
   * At the bound, a further job's counts join the unit's latest held record: every part stays
   * counted, only its job is lost. Said once per outage, when the bound is reached.
   */
  private latestOf(workUnitId: string): Pending | undefined {
    if (!this.atBound) {
      this.atBound = true;
      this.log.warn(`${this.pending.size} production records held in memory, the bound (production.maxPendingRecords): counts of further jobs are added to each work unit's latest held record until the database takes them`);
    }
    let latest: Pending | undefined;
    for (const entry of this.pending.values()) if (entry.workUnitId === workUnitId && (!latest || entry.periodEnd >= latest.periodEnd)) latest = entry;
    return latest;
  }

  private async write(): Promise<void> {
    // Taken before the batch: the state the heartbeat vouches for is the one known at this moment.
    const knownAt = this.clock.now();
    const batch = this.pending;
    const dirtyKeys = [...this.dirty];
    // Taken with the batch, before any await: a count arriving meanwhile moves the checkpoint on, and a
    // checkpoint stored ahead of its counts would lose them should this instance die before the next flush.
    const checkpoints = dirtyKeys.map((k) => this.checkpoints.get(k)).filter((checkpoint) => checkpoint !== undefined);
    const oldestAt = this.oldestPendingAt;
    this.pending = new Map();
    this.dirty.clear();
    this.oldestPendingAt = null;
    const records: ProductionRecord[] = await Promise.all(
      [...batch.values()].map(async (p) => ({
        id: this.newId(),
        equipmentId: p.workUnitId,
        jobOrderId: p.jobOrderId,
        productId: null,
        periodStart: p.periodStart,
        periodEnd: p.periodEnd,
        good: p.good,
        scrap: p.scrap,
        source: "plc" as const,
        operatorIds: await this.crew(p.workUnitId, p.periodStart, new Date(p.periodStart.getTime() + 1)).catch(() => []),
      })),
    );
    const owned = this.units.clustered ? this.workUnitIds.filter((id) => this.units.owns(id)) : this.workUnitIds;
    // A standby owns nothing: it has no heartbeat to write, and takes no write lock for it.
    if (owned.length === 0 && records.length === 0 && checkpoints.length === 0) return;
    try {
      await this.store.unitOfWork(async (repos) => {
        // Before any write: a lease lost (or taken over elsewhere) refuses the whole batch.
        if (this.units.clustered) await this.units.fenceAll(repos, new Set([...owned, ...records.map((r) => r.equipmentId), ...checkpoints.map((c) => c.equipmentId)]));
        if (records.length > 0) await repos.productionRecords.insertMany(records);
        for (const checkpoint of checkpoints) await repos.counterCheckpoints.upsert(checkpoint);
        // Written even with nothing counted: an idle plant must not look like a crashed MES.
        await repos.heartbeats.beat(owned, knownAt);
      });
      this.atBound = false;
    } catch (error) {
      if (error instanceof LeaseLostError) {
        // Another instance may run some of these units now: theirs are dropped (it counts them from the stored checkpoints), the rest go back.
        this.log.warn(`production records not stored: ${error.message}`);
        for (const [k, p] of batch) if (!this.units.owns(p.workUnitId)) batch.delete(k);
      } else this.log.error(`could not store ${records.length} production records; will retry`, error);
      // Nothing is lost: the batch goes back in front of whatever arrived meanwhile, for the next flush.
      for (const [k, p] of batch) {
        const later = this.pending.get(k);
        if (later) Object.assign(p, { good: p.good + later.good, scrap: p.scrap + later.scrap, periodEnd: later.periodEnd });
        this.pending.set(k, p);
      }
      for (const k of dirtyKeys) if (this.checkpoints.has(k) && this.units.owns(this.checkpoints.get(k)!.equipmentId)) this.dirty.add(k);
      // Counts may have arrived while the batch was being written: the older of the two is the backlog's.
      const since = this.oldestPendingAt as Date | null;
      if (oldestAt && (!since || oldestAt < since)) this.oldestPendingAt = oldestAt;
      return;
    }
    // After the try: a listener's failure must not put a stored batch back to be written twice.
    if (oldestAt && records.length > 0) {
      const lagMs = this.clock.now().getTime() - oldestAt.getTime();
      for (const listener of this.flushListeners) {
        try {
          listener(lagMs);
        } catch (error) {
          this.log.error("a flush listener failed", error);
        }
      }
    }
  }
}

function key(workUnitId: string, counter: Counter): string {
  return `${workUnitId}\u0000${counter}`;
}
