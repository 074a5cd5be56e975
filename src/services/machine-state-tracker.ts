import { machineStateFromPlc, type MachineState } from "../domain/machine-state.js";
import { signalOf, workUnitsOf, type Plant } from "../domain/plant/plant.js";
import { carrierStationState } from "../domain/station-state.js";
import { isGood, STATUS_BAD_NOT_CONNECTED } from "../domain/signal-sample.js";
import type { Clock, IdGenerator } from "./clock.js";
import type { EventBus } from "./event-bus.js";
import type { Log } from "./log.js";
import type { Store } from "./ports/store.js";
import { SerialQueue } from "./serial-queue.js";
import { allUnits, type UnitOwnership } from "./cluster/unit-ownership.js";

interface UnitState {
  readonly plcId: string;
  /** The unit's state signal's map; absent: the unit maps no state signal. */
  readonly stateMap: Readonly<Record<string, MachineState>> | undefined;
  state: MachineState;
  jobOrderId: string | null;
  faultCode: string | null;
  recordedFault: string | null;
  /** A carrier station's task-code tag and the code that lets a carrier pass (null: not a carrier station). */
  readonly passThrough: { readonly tag: string; readonly code: number } | null;
  taskCode: unknown;
}

/**
 * Derives each work unit's machine state from its PLC state signal and its PLC connection, and
 * keeps the equipment state intervals: one open interval per work unit, closed when the next begins.
 * A lost PLC is "disconnected", never the last state it reported (ISO 22400 must not count it as running).
 * On a cluster it tracks only the units this instance owns, each write fenced by the unit's lease;
 * a unit taken over is resumed as after a crash (its open interval closed at its last heartbeat).
 */
export class MachineStateTracker {
  private readonly units = new Map<string, UnitState>();
  private readonly writes: SerialQueue;
  private unsubscribe: (() => void)[] = [];

  constructor(
    plant: Plant,
    private readonly bus: EventBus,
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
    private readonly log: Log,
    /** PLC fault code (from the unit's faultCode signal) -> the downtime reason it means. */
    private readonly faultCodeReasons: Readonly<Record<string, string>> = {},
    private readonly owned: UnitOwnership = allUnits,
  ) {
    this.writes = new SerialQueue((error) => log.error("could not store a machine state change", error));
    for (const unit of workUnitsOf(plant)) {
      const passThrough = unit.dispatch.driver === "tag-handshake" ? { tag: unit.dispatch.tags.taskCode, code: unit.dispatch.passThroughCode } : null;
      this.units.set(unit.id, { plcId: unit.plcId, stateMap: signalOf(unit, "state")?.map, state: "unknown", jobOrderId: null, faultCode: null, recordedFault: null, passThrough, taskCode: null });
    }
  }

  /**
   * Intervals left open by a run that ended without stopping cleanly (a crash, SIGKILL, power
   * loss) are closed at the last moment that run knew the state: its last heartbeat (written with
   * each production flush), never before the interval began, never after now. The time from there
   * to this start stays unrecorded, so availability does not count the MES's own downtime as the
   * machine's last state. Without a heartbeat the interval ends where it began.
   */
  async start(): Promise<void> {
    await this.closeLeftOpen((id) => this.owned.owns(id));
    this.unsubscribe = [
      this.owned.onChange((workUnitId, owned) => this.ownerChanged(workUnitId, owned)),
      this.bus.on("signal.changed", ({ workUnitId, signal, role, sample }) => {
        const unit = this.units.get(workUnitId);
        if (!unit || !this.owned.owns(workUnitId)) return;
        if (role === "currentJob") unit.jobOrderId = isGood(sample) && sample.value ? String(sample.value) : null;
        // The task code the MES gave the carrier at the station; it is written (and mirrored) before exec_order.
        if (unit.passThrough && signal === unit.passThrough.tag) unit.taskCode = isGood(sample) ? sample.value : null;
        if (role === "faultCode") {
          unit.faultCode = isGood(sample) && sample.value !== 0 && sample.value !== "" && sample.value !== null ? String(sample.value) : null;
          this.recordFault(workUnitId);
          return;
        }
        if (role !== "state" || !unit.stateMap) return;
        // The connection event already made it "disconnected"; the Bad samples that follow add nothing.
        if (sample.statusCode === STATUS_BAD_NOT_CONNECTED) return;
        // A Bad state value from a connected PLC (tag missing, PLC fault) says nothing about the machine.
        const plcState = isGood(sample) ? machineStateFromPlc(sample.value, unit.stateMap) : "unknown";
        const state = unit.passThrough ? carrierStationState(plcState, unit.taskCode, unit.passThrough.code) : plcState;
        // The MES clock, not the PLC's: intervals closed on a disconnect use it too, and must never overlap.
        this.change(workUnitId, state, this.clock.now());
      }),
      this.bus.on("plc.connection", ({ plcId, state, at, fromPeer }) => {
        // A peer's PLC: its states are that peer's to record.
        if (fromPeer) return;
        for (const [id, unit] of this.units) {
          if (unit.plcId !== plcId || !this.owned.owns(id)) continue;
          if (state === "disconnected") this.change(id, "disconnected", at);
          // Without a state signal the connection is all we know; with one, its first value follows.
          else if (state === "connected" && !unit.stateMap) this.change(id, "unknown", at);
        }
      }),
    ];
  }

  /** Closes the open intervals a run that ended uncleanly left (of the units `mine` names), as start() says. */
  private async closeLeftOpen(mine: (workUnitId: string) => boolean): Promise<void> {
    const now = this.clock.now();
    await this.store.unitOfWork(async (repos) => {
      const open = (await repos.stateIntervals.findAllOpen()).filter((interval) => mine(interval.equipmentId));
      if (open.length === 0) return;
      await this.owned.fenceAll(repos, open.map((interval) => interval.equipmentId));
      const heartbeats = new Map((await repos.heartbeats.findAll()).map((beat) => [beat.equipmentId, beat.lastKnownAt.getTime()]));
      for (const interval of open) {
        const knownUntil = Math.min(heartbeats.get(interval.equipmentId) ?? interval.startedAt.getTime(), now.getTime());
        await repos.stateIntervals.closeOpen(interval.equipmentId, new Date(Math.max(knownUntil, interval.startedAt.getTime())));
      }
    });
  }

  /**
   * A unit lost is forgotten here: its new owner closes what it left open. A unit gained starts
   * from "unknown", after its former owner's open interval is closed at that owner's last heartbeat.
   */
  private ownerChanged(workUnitId: string, owned: boolean): void {
    const unit = this.units.get(workUnitId);
    if (!unit) return;
    Object.assign(unit, { state: "unknown", jobOrderId: null, faultCode: null, recordedFault: null, taskCode: null });
    if (owned) this.writes.push(() => this.closeLeftOpen((id) => id === workUnitId));
  }

  /** Stops listening and closes every open interval at this moment, so the next start begins clean. */
  async stop(): Promise<void> {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    const now = this.clock.now();
    const mine = [...this.units.keys()].filter((id) => this.owned.owns(id));
    this.writes.push(() =>
      this.store.unitOfWork(async (repos) => {
        await this.owned.fenceAll(repos, mine);
        for (const id of mine) await repos.stateIntervals.closeOpen(id, now);
      }),
    );
    await this.writes.drain();
  }

  private change(workUnitId: string, state: MachineState, at: Date): void {
    const unit = this.units.get(workUnitId)!;
    if (unit.state === state) return;
    const previous = unit.state;
    unit.state = state;
    const jobOrderId = unit.jobOrderId;
    const faultCode = state === "faulted" ? unit.faultCode : null;
    unit.recordedFault = faultCode;
    this.bus.emit("machine.state", { workUnitId, state, previous, at, faultCode });
    this.writes.push(() =>
      this.store.unitOfWork(async (repos) => {
        await this.owned.fence(repos, workUnitId);
        await repos.stateIntervals.closeOpen(workUnitId, at);
        await repos.stateIntervals.insert({ id: this.newId(), equipmentId: workUnitId, state, startedAt: at, endedAt: null, faultCode, jobOrderId, reasonCode: this.reasonOf(faultCode) });
      }),
    );
  }

  /** The fault code may arrive just after the state in the same PLC notification: the open fault takes it then. */
  private recordFault(workUnitId: string): void {
    const unit = this.units.get(workUnitId)!;
    if (unit.state !== "faulted" || unit.faultCode === null || unit.faultCode === unit.recordedFault) return;
    const faultCode = unit.faultCode;
    unit.recordedFault = faultCode;
    this.writes.push(() =>
      this.store.unitOfWork(async (repos) => {
        await this.owned.fence(repos, workUnitId);
        await repos.stateIntervals.updateOpenFault(workUnitId, faultCode, this.reasonOf(faultCode));
      }),
    );
  }

  private reasonOf(faultCode: string | null): string | null {
    return faultCode === null ? null : (this.faultCodeReasons[faultCode] ?? null);
  }
}
