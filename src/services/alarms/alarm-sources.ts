import { isStop, faultMessage, longStopDueAt, longStopMessage } from "../../domain/alarms/alarm-rules.js";
import { InterruptedSubState, JobState, type JobStatus } from "../../domain/job-order-state-machine.js";
import type { MachineState } from "../../domain/machine-state.js";
import type { ReasonNode } from "../../domain/oee/reasons.js";
import type { WorkUnit } from "../../domain/plant/plant.js";
import type { Clock } from "../clock.js";
import type { EventBus } from "../event-bus.js";
import { UNASSIGNED } from "../inventory/backflush-service.js";
import type { Log } from "../log.js";
import type { DueInspectionService } from "../quality/due-inspections.js";
import type { AlarmService } from "./alarm-service.js";

export interface AlarmSourceOptions {
  readonly units: readonly WorkUnit[];
  readonly faultCodeReasons: Readonly<Record<string, string>>;
  readonly downtimeReasons: readonly ReasonNode[];
  readonly longStopMs: number;
  /** How often long stops and overdue inspections are judged again (they fall due with time, no event). */
  readonly tickMs?: number;
  readonly inspectionEveryMs?: number;
  /** On a cluster, whether this instance runs the unit: only its owner judges its overdue inspections on the timer. */
  readonly owns?: (workUnitId: string) => boolean;
}

const isHeld = (status: JobStatus | null) => status !== null && status.state === JobState.Interrupted && status.subState === InterruptedSubState.Held;
/** States that say nothing about the machine: a fault or a stop is kept through them. */
const NO_NEWS: readonly MachineState[] = ["disconnected", "unknown"];

/**
 * What raises and clears each kind of alarm, from what the bus says: a faulted unit (with the
 * PLC's fault code and its downtime reason), a stop longer than alarms.longStopMinutes, a lost PLC
 * link, a held job order, an SPC test fired, an inspection overdue, a consumption without a staged
 * lot, a preventive task overdue ("maintenance.due").
 */
export class AlarmSources {
  private offs: (() => void)[] = [];
  private timers: NodeJS.Timeout[] = [];
  private readonly stopSince = new Map<string, Date>();
  private readonly reasons = new Map<string, { code: string; name: string }>();
  private inspecting = false;

  constructor(
    private readonly alarms: AlarmService,
    private readonly bus: EventBus,
    private readonly due: DueInspectionService,
    private readonly clock: Clock,
    private readonly log: Log,
    private readonly options: AlarmSourceOptions,
  ) {
    const walk = (nodes: readonly ReasonNode[]) => nodes.forEach((node) => (this.reasons.set(node.code, { code: node.code, name: node.name }), walk(node.children)));
    walk(options.downtimeReasons);
  }

  start(): void {
    const failed = (what: string) => (error: unknown) => this.log.error(`alarms: ${what}`, error);
    const units = new Map(this.options.units.map((unit) => [unit.id, unit]));
    this.offs = [
      // A peer's events (fromPeer) are its owner's to raise from: the alarms it raised are followed (AlarmService.follow).
      this.bus.on("machine.state", ({ workUnitId, state, at, faultCode, fromPeer }) => {
        if (!units.has(workUnitId) || fromPeer) return;
        if (state === "faulted") {
          this.alarms.raise({ kind: "fault", workUnitId, message: this.faultMessage(faultCode), at }).catch(failed("a fault was not raised"));
        } else if (!NO_NEWS.includes(state)) {
          this.alarms.clear("fault", workUnitId, "", at).catch(failed("a fault was not cleared"));
        }
        if (isStop(state)) {
          if (!this.stopSince.has(workUnitId)) this.stopSince.set(workUnitId, at);
          this.checkLongStops();
        } else if (!NO_NEWS.includes(state)) {
          this.stopSince.delete(workUnitId);
          this.alarms.clear("long-stop", workUnitId, "", at).catch(failed("a long stop was not cleared"));
        }
      }),
      // A PLC may send its fault code after the faulted state: the active fault is told again.
      this.bus.on("signal.changed", ({ workUnitId, role, sample }) => {
        if (role !== "faultCode" || !units.has(workUnitId) || sample.statusCode >>> 30 !== 0) return;
        const code = sample.value === null || sample.value === 0 || sample.value === "" ? null : String(sample.value);
        if (code !== null) this.alarms.retell("fault", workUnitId, "", this.faultMessage(code), this.clock.now()).catch(failed("a fault code was not told"));
      }),
      this.bus.on("plc.connection", ({ plcId, state, at, error, fromPeer }) => {
        if (state === "connecting" || fromPeer) return;
        for (const unit of this.options.units) {
          if (unit.plcId !== plcId) continue;
          if (state === "disconnected") this.alarms.raise({ kind: "plc-connection", workUnitId: unit.id, message: `PLC ${plcId} connection lost${error ? `: ${error.slice(0, 200)}` : ""}`, at }).catch(failed("a lost PLC was not raised"));
          else this.alarms.clear("plc-connection", unit.id, "", at).catch(failed("a PLC connection was not cleared"));
        }
      }),
      this.bus.on("job.transition", ({ jobOrder, from, to, comment, at, fromPeer }) => {
        if (fromPeer) return;
        if (isHeld(to) && !isHeld(from)) {
          this.alarms.raise({ kind: "job-held", workUnitId: jobOrder.equipmentId, subject: jobOrder.id, message: `Job order ${jobOrder.id} held${comment ? `: ${comment.slice(0, 200)}` : ""}`, at }).catch(failed("a held job was not raised"));
        } else if (isHeld(from) && !isHeld(to)) {
          this.alarms.clear("job-held", jobOrder.equipmentId, jobOrder.id, at).catch(failed("a held job was not cleared"));
        }
      }),
      this.bus.on("quality.signal", ({ kind, workUnitId, characteristicId, reasons, at }) => {
        if (kind !== "spc" || !units.has(workUnitId)) return;
        this.alarms.raise({ kind: "spc-signal", workUnitId, subject: characteristicId, message: `SPC signal on ${characteristicId}: ${reasons.join("; ").slice(0, 500)}`, at }).catch(failed("an SPC signal was not raised"));
      }),
      this.bus.on("material.moved", ({ movements }) => {
        for (const movement of movements) {
          if (movement.problem !== UNASSIGNED || !movement.workUnitId || !units.has(movement.workUnitId)) continue;
          const message = `${movement.quantity} ${movement.unit} of ${movement.materialDefinitionId} consumed with no staged lot`;
          this.alarms.raise({ kind: "unassigned-consumption", workUnitId: movement.workUnitId, subject: movement.materialDefinitionId, message, at: movement.at }).catch(failed("an unassigned consumption was not raised"));
        }
      }),
      this.bus.on("maintenance.due", ({ planId, workUnitId, title, status, dueAt, at }) => {
        if (!units.has(workUnitId)) return;
        if (status === "overdue") this.alarms.raise({ kind: "maintenance-overdue", workUnitId, subject: planId, message: `Maintenance "${title.slice(0, 200)}" overdue${dueAt ? ` since ${dueAt.toISOString()}` : ""}`, at }).catch(failed("an overdue maintenance task was not raised"));
        else this.alarms.clear("maintenance-overdue", workUnitId, planId, at).catch(failed("a maintenance task was not cleared"));
      }),
    ];
    this.timers = [setInterval(() => this.checkLongStops(), this.options.tickMs ?? 1000), setInterval(() => void this.checkInspections(), this.options.inspectionEveryMs ?? 10_000)];
  }

  stop(): void {
    this.offs.forEach((off) => off());
    this.timers.forEach((timer) => clearInterval(timer));
    this.offs = [];
    this.timers = [];
  }

  private faultMessage(faultCode: string | null): string {
    const reasonCode = faultCode === null ? undefined : this.options.faultCodeReasons[faultCode];
    return faultMessage(faultCode, reasonCode ? (this.reasons.get(reasonCode) ?? { code: reasonCode, name: reasonCode }) : null);
  }

  private checkLongStops(): void {
    const now = this.clock.now();
    for (const [workUnitId, since] of this.stopSince) {
      const dueAt = longStopDueAt(since, this.options.longStopMs)!;
      if (dueAt.getTime() > now.getTime() || this.alarms.activeOf("long-stop", workUnitId)) continue;
      this.alarms.raise({ kind: "long-stop", workUnitId, message: longStopMessage(this.options.longStopMs), at: dueAt }).catch((error) => this.log.error("alarms: a long stop was not raised", error));
    }
  }

  /** Inspections fall overdue with parts and minutes: each unit's list is judged again now and then. */
  private async checkInspections(): Promise<void> {
    if (this.inspecting) return;
    this.inspecting = true;
    try {
      const at = this.clock.now();
      for (const unit of this.options.units) {
        if (this.options.owns && !this.options.owns(unit.id)) continue;
        const { items } = await this.due.of(unit.id);
        const overdue = new Map(items.filter((item) => item.overdue).map((item) => [item.planId, item]));
        for (const [planId, item] of overdue) await this.alarms.raise({ kind: "inspection-overdue", workUnitId: unit.id, subject: planId, message: `Inspection "${item.planName}" overdue${item.reason ? `: ${item.reason}` : ""}`, at });
        for (const planId of this.alarms.activeSubjects("inspection-overdue", unit.id)) if (!overdue.has(planId)) await this.alarms.clear("inspection-overdue", unit.id, planId, at);
      }
    } catch (error) {
      this.log.warn(`alarms: overdue inspections not judged: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.inspecting = false;
    }
  }
}
