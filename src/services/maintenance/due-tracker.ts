import { planDue, type DueStatus, type PlanKind } from "../../domain/maintenance/plan-due.js";
import { OPEN_STATUSES } from "../../domain/maintenance/work-order-state-machine.js";
import type { OeePolicy } from "../../domain/oee/time-model.js";
import type { Actor } from "../actor.js";
import type { Clock } from "../clock.js";
import type { EventBus } from "../event-bus.js";
import type { Log } from "../log.js";
import type { MaintenancePlanRecord } from "../ports/maintenance.js";
import type { Store } from "../ports/store.js";
import { SerialQueue } from "../serial-queue.js";
import type { MaintenancePlanService } from "./plan-service.js";
import type { MaintenanceWorkOrderService } from "./work-order-service.js";

/** How often every plan is judged again with no event: a calendar plan falls due with time alone. */
export const MAINTENANCE_REFRESH_MS = 30_000;
const TRACKER_ACTOR: Actor = { id: "maintenance", role: null, door: "system" };

export interface DuePlanView {
  readonly planId: string;
  readonly workUnitId: string;
  readonly title: string;
  readonly kind: PlanKind;
  readonly status: DueStatus;
  readonly dueAt: string | null;
  readonly dueCount: number | null;
  readonly countSinceDone: number;
  readonly runHoursSinceDone: number;
  readonly lastDoneAt: string;
}

/** What a work unit's maintenance looks like now: its plans' due status and its open work orders. */
export interface UnitMaintenance {
  readonly workUnitId: string;
  readonly plans: readonly DuePlanView[];
  readonly openWorkOrders: number;
}

/**
 * Judges the preventive plans of each work unit again when it counts parts, changes state, or a
 * work order or plan of it changes, and every refreshMs: emits "maintenance.due" when a plan's
 * status changes, and has a due plan produce its work order (source "plan"). Counts and run hours
 * come from the database (production records, state intervals), so they survive a restart.
 */
export class MaintenanceDueTracker {
  private readonly statuses = new Map<string, DueStatus>();
  private readonly latest = new Map<string, UnitMaintenance>();
  private readonly listeners = new Set<(state: UnitMaintenance) => void>();
  private readonly pending = new Set<string>();
  private readonly offs: (() => void)[] = [];
  private timer: NodeJS.Timeout | undefined;
  private lastProblem: string | null = null;
  private readonly queue: SerialQueue;

  constructor(
    private readonly store: Store,
    private readonly plans: MaintenancePlanService,
    private readonly workOrders: MaintenanceWorkOrderService,
    private readonly bus: EventBus,
    private readonly policy: () => OeePolicy,
    private readonly clock: Clock,
    private readonly log: Log,
    private readonly workUnitIds: readonly string[],
    /** Writes the counts the recorder still holds, so a count is judged as soon as it is made. */
    private readonly flush: () => Promise<void> = async () => {},
    private readonly refreshMs = MAINTENANCE_REFRESH_MS,
    /** Whether this instance runs the unit (cluster ownership): only its owner turns a due plan into a work order. */
    private readonly owns: (workUnitId: string) => boolean = () => true,
  ) {
    // One warning per cause, not one per unit and tick while the database is away.
    this.queue = new SerialQueue((error) => {
      const problem = error instanceof Error ? error.message : String(error);
      if (problem !== this.lastProblem) this.log.warn(`maintenance: due plans not judged: ${problem}`);
      this.lastProblem = problem;
    });
  }

  /** Every state judged from now on (the OPC UA nodes follow it). */
  onEvaluated(listener: (state: UnitMaintenance) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The last state judged of a unit, if any. */
  current(workUnitId: string): UnitMaintenance | undefined {
    return this.latest.get(workUnitId);
  }

  start(): void {
    const units = new Set(this.workUnitIds);
    const refresh = (unitId: string) => units.has(unitId) && this.refresh(unitId);
    this.offs.push(
      // A peer's unit is judged (and its work orders asked for) by that peer, its owner.
      this.bus.on("production.counted", (e) => !e.fromPeer && refresh(e.workUnitId)),
      this.bus.on("machine.state", (e) => !e.fromPeer && refresh(e.workUnitId)),
      this.bus.on("maintenance.work_order", (e) => refresh(e.workOrder.workUnitId)),
      this.plans.onSaved((plan) => refresh(plan.workUnitId)),
    );
    this.refreshAll();
    this.timer = setInterval(() => this.refreshAll(), this.refreshMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.offs.splice(0).forEach((off) => off());
    await this.queue.drain();
  }

  /** Judges every unit once more and resolves when done (tests, and the first state of the doors). */
  async settle(): Promise<void> {
    this.refreshAll();
    await this.queue.drain();
  }

  /** The due state of the plans, now (REST). */
  async of(workUnitId?: string): Promise<DuePlanView[]> {
    const views: DuePlanView[] = [];
    for (const plan of await this.store.read.maintenancePlans.findAll(workUnitId)) if (plan.active) views.push(await this.judge(plan));
    return views;
  }

  private refreshAll(): void {
    this.workUnitIds.forEach((unitId) => this.refresh(unitId));
  }

  private refresh(unitId: string): void {
    if (this.pending.has(unitId)) return;
    this.pending.add(unitId);
    this.queue.push(async () => {
      this.pending.delete(unitId);
      await this.flush();
      const plans = (await this.store.read.maintenancePlans.findAll(unitId)).filter((plan) => plan.active);
      const views: DuePlanView[] = [];
      for (const plan of plans) {
        const view = await this.judge(plan);
        views.push(view);
        await this.react(plan, view);
      }
      const open = await this.store.read.maintenanceWorkOrders.find({ workUnitId: unitId, statuses: OPEN_STATUSES }, { limit: 1, offset: 0 });
      this.lastProblem = null;
      const state = { workUnitId: unitId, plans: views, openWorkOrders: open.total };
      this.latest.set(unitId, state);
      this.listeners.forEach((listener) => listener(state));
    });
  }

  /** A changed status is announced; a plan that has just fallen due asks for its work order. */
  private async react(plan: MaintenancePlanRecord, view: DuePlanView): Promise<void> {
    const previous = this.statuses.get(plan.id);
    this.statuses.set(plan.id, view.status);
    if (previous === view.status || (previous === undefined && view.status === "ok")) return;
    this.bus.emit("maintenance.due", { planId: plan.id, workUnitId: plan.workUnitId, title: plan.title, status: view.status, dueAt: view.dueAt ? new Date(view.dueAt) : null, at: this.clock.now() });
    if (view.status !== "ok" && this.owns(plan.workUnitId)) await this.workOrders.fromPlan(plan, view.status === "overdue" ? "high" : "normal", TRACKER_ACTOR);
  }

  private async judge(plan: MaintenancePlanRecord): Promise<DuePlanView> {
    const now = this.clock.now();
    const from = plan.lastDoneAt;
    const counted = plan.kind === "counter" ? await this.store.read.productionRecords.totals(plan.workUnitId, from, now) : { good: 0, scrap: 0 };
    const runMs = plan.kind === "run-time" ? await this.runMs(plan.workUnitId, from, now) : 0;
    const since = { lastDoneAt: from.getTime(), now: now.getTime(), runHours: runMs / 3_600_000, count: counted.good + counted.scrap };
    const due = planDue(plan, since);
    return {
      planId: plan.id,
      workUnitId: plan.workUnitId,
      title: plan.title,
      kind: plan.kind,
      status: due.status,
      dueAt: due.dueAt === null ? null : new Date(due.dueAt).toISOString(),
      dueCount: due.dueCount,
      countSinceDone: since.count,
      runHoursSinceDone: Math.round(since.runHours * 1000) / 1000,
      lastDoneAt: from.toISOString(),
    };
  }

  /** Actual production time (ISO 22400 APT: the states the OEE policy files as production) in [from, to). */
  private async runMs(workUnitId: string, from: Date, to: Date): Promise<number> {
    const categories = this.policy().stateCategories;
    let total = 0;
    for (const interval of await this.store.read.stateIntervals.findByEquipment(workUnitId, from, to)) {
      if (categories[interval.state] !== "production") continue;
      const start = Math.max(interval.startedAt.getTime(), from.getTime());
      const end = Math.min(interval.endedAt?.getTime() ?? to.getTime(), to.getTime());
      total += Math.max(0, end - start);
    }
    return total;
  }
}
