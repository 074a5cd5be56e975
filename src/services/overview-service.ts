import { JobState } from "../domain/job-order-state-machine.js";
import type { MachineState } from "../domain/machine-state.js";
import type { DowntimeEvent } from "./downtime-service.js";
import type { EquipmentService, EquipmentTreeNode } from "./equipment-service.js";
import type { EventBus } from "./event-bus.js";
import { isGood } from "../domain/signal-sample.js";
import type { JobOrderAbout, JobOrderNames } from "./job-order-names.js";
import type { JobOrderService } from "./job-order-service.js";
import type { LiveState } from "./live-state.js";
import type { OeeFigures, OeeService } from "./oee-service.js";
import type { JobOrderRecord } from "./ports/orders.js";
import type { StateIntervalRecord } from "./ports/production.js";
import { isStoreUnavailable } from "./ports/store-unavailable.js";
import type { StateSinceService } from "./state-since-service.js";

/** More jobs than any plant runs at once; a unit runs one at a time. */
const MAX_ACTIVE_JOBS = 10_000;
/**
 * Every wall screen reloads the overview on the same live events; one answer serves all of them
 * for this long (wall time: a cache, not a record) unless the plant changed since, so twenty
 * screens cost the database what one does and none sees an answer older than the last change.
 */
const SHARED_FOR_MS = 1000;

export interface WorkUnitTile {
  readonly id: string;
  readonly name: string;
  /** Site, area and work center names, outermost first. */
  readonly path: readonly string[];
  readonly machineState: MachineState;
  /** When the unit entered its state, as recorded in the database: it survives an MES restart that found the machine in the same state. */
  readonly stateSince: string | null;
  readonly plcState: string;
  /** The job the MES runs (or holds) on the unit, by the names people know it by. */
  readonly job: {
    readonly id: string;
    readonly stateName: string;
    readonly quantity: number;
    readonly good: number;
    readonly scrap: number;
    readonly workOrderErpId: string | null;
    readonly step: number | null;
    readonly productName: string | null;
  } | null;
  /** What the PLC's CurrentJob tag reports: its own word, shown beside the MES's job rather than instead of it. */
  readonly plcJob: string | null;
  readonly oee: ShiftOee | null;
  /** The stop the unit is in now (its state counts as delay or down time), as the downtime list has it: null while it runs or sets up. */
  readonly stop: OpenStop | null;
}

/**
 * The open downtime event of a work unit: its id (GET /api/v1/downtime; a work request names it),
 * its start (a stop split by an operator starts at the split; stateSince says when the state
 * began), its fault code and its reason.
 */
export interface OpenStop {
  readonly id: string;
  readonly startedAt: string;
  readonly faultCode: string | null;
  readonly reasonCode: string | null;
  readonly reason: readonly string[] | null;
}

export interface ShiftOee {
  readonly oee: number | null;
  readonly availability: number | null;
  readonly effectiveness: number | null;
  readonly quality: number | null;
  /** Share of the shift's planned busy time the MES recorded: the rest counts as a loss. */
  readonly recorded: number | null;
}

/** A production line (ISA-95 WorkCenter) or a plant (Site) in one figure set, for a wall screen and an ERP alike. */
export interface EquipmentTotals {
  readonly id: string;
  readonly name: string;
  readonly level: "WorkCenter" | "Site";
  /** Site and area names above it, outermost first. */
  readonly path: readonly string[];
  /** The current shift's figures, its work units' times and quantities summed, then divided (ISO 22400-2). */
  readonly oee: ShiftOee | null;
  /** Good and scrap quantities of the current shift (ISO 22400-2 GQ, SQ). */
  readonly good: number | null;
  readonly scrap: number | null;
  /** How many of its work units are in each state now ("disconnected" for a lost PLC). */
  readonly states: Readonly<Record<string, number>>;
  readonly workUnits: number;
}

export interface Overview {
  readonly tree: EquipmentTreeNode[];
  readonly workUnits: WorkUnitTile[];
  readonly lines: EquipmentTotals[];
  readonly sites: EquipmentTotals[];
}

/**
 * What a wall screen shows of the plant in one answer: every work unit with its live state, the job
 * it runs and how far it is, and the current shift's OEE with its three factors (ISO 22400-2).
 */
export class OverviewService {
  private latest: { at: number; generation: number; answer: Promise<Overview> } | null = null;
  private generation = 0;
  /** The parts read from the database, as last read: while it is unreachable, tiles show live states with these. */
  private lastFigures = new Map<string, OeeFigures>();
  private lastRunning = new Map<string, JobOrderRecord>();
  private readonly lastProduced = new Map<string, { good: number; scrap: number }>();
  private lastSince: Awaited<ReturnType<StateSinceService["all"]>> = new Map();

  constructor(
    private readonly equipment: EquipmentService,
    private readonly live: LiveState,
    private readonly jobs: JobOrderService,
    private readonly oee: OeeService,
    private readonly since: StateSinceService,
    bus: EventBus,
    private readonly names: JobOrderNames,
    private readonly stopOf: (interval: StateIntervalRecord) => DowntimeEvent | null,
  ) {
    const changed = () => void this.generation++;
    for (const event of ["machine.state", "production.counted", "job.transition", "plc.connection"] as const) bus.on(event, changed);
  }

  overview(): Promise<Overview> {
    const now = Date.now();
    if (this.latest && this.latest.generation === this.generation && now - this.latest.at < SHARED_FOR_MS) return this.latest.answer;
    const answer = this.compute();
    this.latest = { at: now, generation: this.generation, answer };
    answer.catch(() => {
      if (this.latest?.answer === answer) this.latest = null;
    });
    return answer;
  }

  private async compute(): Promise<Overview> {
    const tree = await this.equipment.tree();
    const figures = (this.lastFigures = await lastKnown(this.oee.liveFigures(), this.lastFigures));
    const running = (this.lastRunning = await lastKnown(this.runningJobs(), this.lastRunning));
    const about = await lastKnown(this.names.about([...running.values()]), (job: JobOrderRecord) => this.names.unread(job));
    const recorded = (this.lastSince = await lastKnown(this.since.all(), this.lastSince));
    const tiles: WorkUnitTile[] = [];
    const lines: EquipmentTotals[] = [];
    const sites: EquipmentTotals[] = [];
    const walk = async (node: EquipmentTreeNode, path: string[]): Promise<WorkUnitTile[]> => {
      if (node.level === "WorkUnit") {
        const open = recorded.get(node.id);
        const job = running.get(node.id) ?? null;
        const tile = await this.tile(node, path, figures.get(node.id) ?? null, job, job && about(job), open ?? null);
        tiles.push(tile);
        return [tile];
      }
      const below: WorkUnitTile[] = [];
      const childPath = node.level === "Enterprise" ? path : [...path, node.name];
      for (const child of node.children) below.push(...(await walk(child, childPath)));
      if (node.level === "WorkCenter" || node.level === "Site") {
        (node.level === "Site" ? sites : lines).push(totalsOf(node, node.level, path, figures.get(node.id) ?? null, below));
      }
      return below;
    };
    for (const root of tree) await walk(root, []);
    return { tree, workUnits: tiles, lines, sites };
  }

  /** The job each work unit runs (or holds), read for the whole plant at once: a running job first, then an interrupted one. */
  private async runningJobs(): Promise<Map<string, JobOrderRecord>> {
    const byUnit = new Map<string, JobOrderRecord>();
    for (const state of [JobState.Interrupted, JobState.Running]) {
      for (const job of (await this.jobs.list({ state }, { limit: MAX_ACTIVE_JOBS, offset: 0 })).items) byUnit.set(job.equipmentId, job);
    }
    return byUnit;
  }

  private async tile(
    node: EquipmentTreeNode,
    path: string[],
    figures: OeeFigures | null,
    running: JobOrderRecord | null,
    about: JobOrderAbout | null,
    recorded: { interval: StateIntervalRecord; since: Date } | null,
  ): Promise<WorkUnitTile> {
    const unit = this.live.workUnit(node.id);
    // The database has the state's true start; the live state only until the change is written (it is, moments later).
    const current = recorded && unit && recorded.interval.state === unit.machineState ? recorded : null;
    const since = current ? current.since : (unit?.stateSince ?? null);
    const stop = current && this.stopOf(current.interval);
    const plc = unit && this.live.plc(unit.plcId);
    const plcJob = unit?.signals.get("CurrentJob");
    const produced = running ? await lastKnown(this.jobs.produced(running.id), this.lastProduced.get(running.id) ?? null) : null;
    if (running && produced) this.lastProduced.set(running.id, produced);
    if (this.lastProduced.size > MAX_ACTIVE_JOBS) this.lastProduced.delete(this.lastProduced.keys().next().value!);
    return {
      id: node.id,
      name: node.name,
      path,
      machineState: unit?.machineState ?? "unknown",
      stateSince: since?.toISOString() ?? null,
      plcState: plc?.state ?? "disconnected",
      job:
        running && produced && about
          ? { id: running.id, stateName: running.state === JobState.Running ? "Running" : "Interrupted", quantity: running.quantity, ...produced, workOrderErpId: about.workOrderErpId, step: about.step, productName: about.productName }
          : null,
      plcJob: plcJob && isGood(plcJob) && plcJob.value !== null && plcJob.value !== "" ? String(plcJob.value) : null,
      oee: shiftOee(figures),
      stop: stop ? { id: stop.id, startedAt: stop.start.toISOString(), faultCode: stop.faultCode, reasonCode: stop.reasonCode, reason: stop.reason } : null,
    };
  }
}

function shiftOee(figures: OeeFigures | null): ShiftOee | null {
  return figures && { oee: figures.kpis.oee, availability: figures.kpis.availability, effectiveness: figures.kpis.effectiveness, quality: figures.kpis.qualityRate, recorded: figures.recordedShare };
}

/** The state a wall screen shows for a unit: a lost PLC is "disconnected", whatever was last reported. */
export function shownState(tile: WorkUnitTile): string {
  return tile.plcState === "connected" ? tile.machineState : "disconnected";
}

function totalsOf(node: EquipmentTreeNode, level: "WorkCenter" | "Site", path: readonly string[], figures: OeeFigures | null, tiles: readonly WorkUnitTile[]): EquipmentTotals {
  const states: Record<string, number> = {};
  for (const tile of tiles) states[shownState(tile)] = (states[shownState(tile)] ?? 0) + 1;
  return { id: node.id, name: node.name, level, path, oee: shiftOee(figures), good: figures?.quantities.gq ?? null, scrap: figures?.quantities.sq ?? null, states, workUnits: tiles.length };
}

/** `read`'s answer, or while the database is unreachable the one known before. */
async function lastKnown<T>(read: Promise<T>, known: T): Promise<T> {
  try {
    return await read;
  } catch (error) {
    if (isStoreUnavailable(error)) return known;
    throw error;
  }
}
