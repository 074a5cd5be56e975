import { JobState } from "../domain/job-order-state-machine.js";
import type { MachineState } from "../domain/machine-state.js";
import type { EquipmentService, EquipmentTreeNode } from "./equipment-service.js";
import type { EventBus } from "./event-bus.js";
import type { JobOrderService } from "./job-order-service.js";
import type { LiveState } from "./live-state.js";
import type { OeeFigures, OeeService } from "./oee-service.js";
import type { JobOrderRecord } from "./ports/orders.js";
import { isStoreUnavailable } from "./ports/store-unavailable.js";

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
  readonly stateSince: string | null;
  readonly plcState: string;
  readonly job: { readonly id: string; readonly stateName: string; readonly quantity: number; readonly good: number; readonly scrap: number } | null;
  readonly oee: {
    readonly oee: number | null;
    readonly availability: number | null;
    readonly effectiveness: number | null;
    readonly quality: number | null;
    /** Share of the shift's planned busy time the MES recorded: the rest counts as a loss. */
    readonly recorded: number | null;
  } | null;
}

/**
 * What a wall screen shows of the plant in one answer: every work unit with its live state, the job
 * it runs and how far it is, and the current shift's OEE with its three factors (ISO 22400-2).
 */
export class OverviewService {
  private latest: { at: number; generation: number; answer: Promise<{ tree: EquipmentTreeNode[]; workUnits: WorkUnitTile[] }> } | null = null;
  private generation = 0;
  /** The parts read from the database, as last read: while it is unreachable, tiles show live states with these. */
  private lastFigures = new Map<string, OeeFigures>();
  private lastRunning = new Map<string, JobOrderRecord>();
  private readonly lastProduced = new Map<string, { good: number; scrap: number }>();

  constructor(
    private readonly equipment: EquipmentService,
    private readonly live: LiveState,
    private readonly jobs: JobOrderService,
    private readonly oee: OeeService,
    bus: EventBus,
  ) {
    const changed = () => void this.generation++;
    for (const event of ["machine.state", "production.counted", "job.transition", "plc.connection"] as const) bus.on(event, changed);
  }

  overview(): Promise<{ tree: EquipmentTreeNode[]; workUnits: WorkUnitTile[] }> {
    const now = Date.now();
    if (this.latest && this.latest.generation === this.generation && now - this.latest.at < SHARED_FOR_MS) return this.latest.answer;
    const answer = this.compute();
    this.latest = { at: now, generation: this.generation, answer };
    answer.catch(() => {
      if (this.latest?.answer === answer) this.latest = null;
    });
    return answer;
  }

  private async compute(): Promise<{ tree: EquipmentTreeNode[]; workUnits: WorkUnitTile[] }> {
    const tree = await this.equipment.tree();
    const figures = (this.lastFigures = await lastKnown(this.oee.liveFigures(), this.lastFigures));
    const running = (this.lastRunning = await lastKnown(this.runningJobs(), this.lastRunning));
    const tiles: WorkUnitTile[] = [];
    const walk = async (node: EquipmentTreeNode, path: string[]): Promise<void> => {
      if (node.level === "WorkUnit") {
        tiles.push(await this.tile(node, path, figures.get(node.id) ?? null, running.get(node.id) ?? null));
        return;
      }
      for (const child of node.children) await walk(child, node.level === "Enterprise" ? path : [...path, node.name]);
    };
    for (const root of tree) await walk(root, []);
    return { tree, workUnits: tiles };
  }

  /** The job each work unit runs (or holds), read for the whole plant at once: a running job first, then an interrupted one. */
  private async runningJobs(): Promise<Map<string, JobOrderRecord>> {
    const byUnit = new Map<string, JobOrderRecord>();
    for (const state of [JobState.Interrupted, JobState.Running]) {
      for (const job of (await this.jobs.list({ state }, { limit: MAX_ACTIVE_JOBS, offset: 0 })).items) byUnit.set(job.equipmentId, job);
    }
    return byUnit;
  }

  private async tile(node: EquipmentTreeNode, path: string[], figures: OeeFigures | null, running: JobOrderRecord | null): Promise<WorkUnitTile> {
    const unit = this.live.workUnit(node.id);
    const plc = unit && this.live.plc(unit.plcId);
    const produced = running ? await lastKnown(this.jobs.produced(running.id), this.lastProduced.get(running.id) ?? null) : null;
    if (running && produced) this.lastProduced.set(running.id, produced);
    if (this.lastProduced.size > MAX_ACTIVE_JOBS) this.lastProduced.delete(this.lastProduced.keys().next().value!);
    return {
      id: node.id,
      name: node.name,
      path,
      machineState: unit?.machineState ?? "unknown",
      stateSince: unit?.stateSince?.toISOString() ?? null,
      plcState: plc?.state ?? "disconnected",
      job: running && produced ? { id: running.id, stateName: running.state === JobState.Running ? "Running" : "Interrupted", quantity: running.quantity, ...produced } : null,
      oee: figures
        ? { oee: figures.kpis.oee, availability: figures.kpis.availability, effectiveness: figures.kpis.effectiveness, quality: figures.kpis.qualityRate, recorded: figures.recordedShare }
        : null,
    };
  }
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
