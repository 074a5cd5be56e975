import type { JobStateNumber, JobStatus } from "../../domain/job-order-state-machine.js";
import type { AlarmService } from "../alarms/alarm-service.js";
import type { EventBus } from "../event-bus.js";
import type { LiveState } from "../live-state.js";
import type { Log } from "../log.js";
import type { AlarmEventRecord } from "../ports/alarms.js";
import type { JobOrderTransitionRecord } from "../ports/orders.js";
import type { StateIntervalRecord } from "../ports/production.js";
import type { ReadRepositories } from "../ports/store.js";
import { MadeAfterCursor } from "./made-after-cursor.js";
import type { Ownership } from "./ownership.js";

/** mes.yaml `cluster.followEveryMs`, and how late a peer's row may commit out of order and still be followed. */
export interface PeerFollowerSettings {
  readonly followEveryMs: number;
  /** Also the clock skew between the instances' hosts it tolerates (their ids carry their clocks). */
  readonly lookbackMs: number;
}

/**
 * How late a peer's row may commit after a newer one and still be followed: longer than a slow
 * transaction, and than the skew of hosts' clocks under NTP (their UUIDv7 ids carry those clocks).
 */
export const FOLLOW_LOOKBACK_MS = 5_000;

/** Rows read per query: a busy plant's second of rows comes in a few pages, a long outage's in many. */
const FOLLOW_BATCH = 500;

/**
 * What the other MES instances of the cluster do with the equipment they own, told on this
 * instance's bus: every `followEveryMs` the state intervals, production records, job-order
 * transitions, alarm changes and PLC connection changes they stored since the last look, re-emitted as the events they
 * made there, marked `fromPeer`. Live state, the overview, the OPC UA variables and conditions and
 * the event stream show them as their own; the writers (state tracker, recorder, backflush, alarm
 * sources, drivers, metrics) skip them, so nothing is written twice. Only equipment this instance
 * does not own is followed, as ownership says at each look: what it takes over it stops following,
 * what it loses it follows from the rows' current state. Alone on its database a MES has no follower.
 */
export class PeerFollower {
  private readonly cursors: { states: MadeAfterCursor; counts: MadeAfterCursor; transitions: MadeAfterCursor; alarms: MadeAfterCursor };
  /** The last connection state told of each followed PLC, and since when. */
  private readonly links = new Map<string, string>();
  private readonly workUnitIds: ReadonlySet<string>;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private reseed = false;
  private offOwnership: (() => void) | undefined;

  constructor(
    private readonly read: Pick<ReadRepositories, "stateIntervals" | "productionRecords" | "jobOrders" | "alarmEvents" | "plcLinks">,
    private readonly bus: EventBus,
    private readonly alarms: Pick<AlarmService, "follow">,
    private readonly live: Pick<LiveState, "workUnit" | "plc">,
    private readonly ownership: Ownership,
    /** The plant's work units and the PLC each is wired to. */
    private readonly workUnits: readonly { readonly id: string; readonly plcId: string }[],
    private readonly log: Log,
    private readonly settings: PeerFollowerSettings,
    /** The clock the ids are made with (UUIDv7: the host's), not the MES clock. */
    idClockMs: () => number = Date.now,
  ) {
    this.workUnitIds = new Set(workUnits.map((unit) => unit.id));
    const start = () => new MadeAfterCursor(idClockMs(), settings.lookbackMs, FOLLOW_BATCH);
    this.cursors = { states: start(), counts: start(), transitions: start(), alarms: start() };
  }

  private follows(equipmentId: string | null): boolean {
    return equipmentId !== null && !this.ownership.ownsLocally(equipmentId);
  }

  /**
   * Marks what peers stored just before as seen (the store holds it; the alarms were restored from
   * it), tells the current state of every followed unit, then follows every `followEveryMs`.
   */
  async start(): Promise<void> {
    await this.cursors.states.next((after, limit) => this.read.stateIntervals.findMadeAfter(after, limit));
    await this.cursors.counts.next((after, limit) => this.read.productionRecords.findMadeAfter(after, limit));
    await this.cursors.transitions.next((after, limit) => this.read.jobOrders.findTransitionsMadeAfter(after, limit));
    await this.cursors.alarms.next((after, limit) => this.read.alarmEvents.findMadeAfter(after, limit));
    await this.tellOpenStates();
    await this.followLinks();
    // A unit just lost to a peer is followed from its open interval: the peer may have moved it already.
    this.offOwnership = this.ownership.onChange((_equipmentId, owned) => {
      if (!owned) this.reseed = true;
    });
    this.timer = setInterval(() => void this.tick(), this.settings.followEveryMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.offOwnership?.();
    await this.running;
  }

  /** One look at what peers stored since the last; while one runs (a slow database), the next waits for it, and none piles up. */
  tick(): Promise<void> {
    this.running ??= this.follow()
      .catch((error) => this.log.error("cluster: could not follow the other instances' records", error))
      .finally(() => (this.running = null));
    return this.running;
  }

  private async follow(): Promise<void> {
    if (this.reseed) {
      this.reseed = false;
      await this.tellOpenStates();
    }
    // Transitions first: a count of a job that has just started is told after the job's start.
    await this.followTransitions();
    await this.followStates();
    await this.followCounts();
    await this.followAlarms();
    await this.followLinks();
  }

  /** A PLC is run by the instance that owns its work units: followed when this instance owns none of them. */
  private followsPlc(plcId: string): boolean {
    return !this.workUnits.some((unit) => unit.plcId === plcId && this.ownership.ownsLocally(unit.id));
  }

  /** The PLCs' connections, one row each: a change is a new state or a new since. */
  private async followLinks(): Promise<void> {
    for (const link of await this.read.plcLinks.findAll()) {
      if (link.instanceId === this.ownership.instanceId || !this.followsPlc(link.plcId)) continue;
      const live = this.live.plc(link.plcId);
      if (!live) continue;
      const key = `${link.state}@${link.since.getTime()}`;
      const known = this.links.get(link.plcId) ?? `${live.state}@${live.since?.getTime() ?? ""}`;
      if (known === key) continue;
      this.links.set(link.plcId, key);
      this.bus.emit("plc.connection", { plcId: link.plcId, state: link.state, at: link.since, ...(link.lastError ? { error: link.lastError } : {}), fromPeer: true });
    }
  }

  private async tellOpenStates(): Promise<void> {
    const open = await this.read.stateIntervals.findAllOpen();
    for (const interval of open) if (this.follows(interval.equipmentId)) this.tellState(interval);
  }

  private async followStates(): Promise<void> {
    await this.cursors.states.next(
      (after, limit) => this.read.stateIntervals.findMadeAfter(after, limit),
      (rows) => rows.filter((row) => this.follows(row.equipmentId)).sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime()).forEach((row) => this.tellState(row)),
    );
  }

  /**
   * A unit's new state, unless it is the state told already or older than it: a downtime split
   * makes a row that begins inside an interval, in the state it had.
   */
  private tellState(interval: StateIntervalRecord): void {
    const unitId = interval.equipmentId;
    // Live state holds what was told last (it hears every machine.state, this follower's too).
    const known = this.workUnitIds.has(unitId) ? this.live.workUnit(unitId) : undefined;
    if (!known || known.machineState === interval.state || interval.startedAt.getTime() < (known.stateSince?.getTime() ?? Number.NEGATIVE_INFINITY)) return;
    this.bus.emit("machine.state", { workUnitId: unitId, state: interval.state, previous: known.machineState, at: interval.startedAt, faultCode: interval.faultCode, fromPeer: true });
  }

  private async followCounts(): Promise<void> {
    await this.cursors.counts.next(
      (after, limit) => this.read.productionRecords.findMadeAfter(after, limit),
      (rows) => {
        for (const row of rows) {
          if (this.follows(row.equipmentId)) this.bus.emit("production.counted", { workUnitId: row.equipmentId, good: row.good, scrap: row.scrap, at: row.periodEnd, jobOrderId: row.jobOrderId, fromPeer: true });
        }
      },
    );
  }

  private async followTransitions(): Promise<void> {
    await this.cursors.transitions.next((after, limit) => this.read.jobOrders.findTransitionsMadeAfter(after, limit), (rows) => this.tellTransitions(rows));
  }

  private async tellTransitions(rows: JobOrderTransitionRecord[]): Promise<void> {
    if (rows.length === 0) return;
    const jobs = new Map((await this.read.jobOrders.findByIds([...new Set(rows.map((row) => row.jobOrderId))])).map((job) => [job.id, job]));
    for (const row of rows) {
      const jobOrder = jobs.get(row.jobOrderId);
      // The job order as it is now: a transition row keeps the states, not the whole order.
      if (!jobOrder || !this.follows(jobOrder.equipmentId)) continue;
      this.bus.emit("job.transition", { jobOrder, command: row.command, from: status(row, "from"), to: status(row, "to"), actor: { id: row.actor, role: row.role, door: row.door }, comment: row.comment, at: row.at, fromPeer: true });
    }
  }

  private async followAlarms(): Promise<void> {
    await this.cursors.alarms.next((after, limit) => this.read.alarmEvents.findMadeAfter(after, limit), (rows) => this.tellAlarms(rows));
  }

  private async tellAlarms(rows: AlarmEventRecord[]): Promise<void> {
    // Each change in turn: raised, then acknowledged, each an OPC UA event. Alarms of every unit,
    // owned ones too: a person may acknowledge or comment an alarm through any instance, and the
    // owner must hold that state before it clears the alarm. The alarm service knows its own rows.
    for (const row of rows) await this.alarms.follow(row.alarm, row.id);
  }
}

function status(row: JobOrderTransitionRecord, side: "from" | "to"): JobStatus | null {
  const state = side === "from" ? row.fromState : row.toState;
  if (state === null) return null;
  return { state: state as JobStateNumber, subState: side === "from" ? row.fromSubState : row.toSubState };
}
