import { DomainError } from "../domain/domain-error.js";
import type { EquipmentNode } from "../domain/equipment.js";
import { routingStepOf, workOrderStepOf } from "../domain/job-order.js";
import { JobState } from "../domain/job-order-state-machine.js";
import type { Interval } from "../domain/oee/interval.js";
import type { OeeSettings } from "../domain/oee/oee-settings.js";
import { plannedTime } from "../domain/oee/shift-calendar.js";
import { placeOnBusyTime } from "../domain/scheduling/busy-time.js";
import { changeoverMs } from "../domain/scheduling/changeover.js";
import { plan, type PlanJob, type RunningJob, type SchedulingRule } from "../domain/scheduling/planner.js";
import type { SchedulingSettings } from "../domain/scheduling/scheduling-settings.js";
import type { Actor } from "./actor.js";
import type { CalendarService } from "./calendar-service.js";
import type { Clock, IdGenerator } from "./clock.js";
import type { EventBus } from "./event-bus.js";
import type { ProductWorkUnitRecord } from "./ports/definitions.js";
import type { JobOrderRecord } from "./ports/orders.js";
import type { Store } from "./ports/store.js";
import { recordAudit } from "./audit-trail.js";

export interface ScheduledJob {
  readonly jobOrderId: string;
  readonly workOrderId: string | null;
  readonly equipmentId: string;
  readonly equipmentName: string;
  readonly productId: string | null;
  /** What people know the job by: its work order's ERP number, its step, its product's name. */
  readonly workOrderErpId: string | null;
  readonly step: number | null;
  readonly productName: string | null;
  readonly dueAt: Date | null;
  /** Its work order's planned end minus its due date (negative: early; null: no due date or not planned). */
  readonly latenessMs: number | null;
  readonly start: Date;
  readonly end: Date;
  readonly setupMs: number;
  /** Running jobs are shown as they will go on, but never moved. */
  readonly running: boolean;
}

export interface ScheduleView {
  readonly rule: SchedulingRule;
  readonly computedAt: Date;
  readonly horizonEnd: Date;
  readonly committed: boolean;
  readonly jobs: ScheduledJob[];
  readonly unscheduled: { jobOrderId: string; reason: string }[];
  readonly lateness: { workOrderId: string; erpId: string | null; end: Date; dueAt: Date | null; latenessMs: number | null }[];
  readonly totalChangeoverMs: number;
}

const DAY_MS = 24 * 3_600_000;

/**
 * The production schedule: released job orders (AllowedToStart) on their work units, planned by
 * the pure planner against each unit's calendar, the product routings, cycle times and the
 * changeover matrix, around the jobs already running. A preview changes nothing; a commit writes
 * the planned start and end of each job order (its OPC UA StartTime/EndTime, and the order in
 * which stations get their jobs) in one transaction, audited.
 */
export class ScheduleService {
  private readonly workUnits: Set<string>;
  /** Work unit names, in plant order: the Gantt's rows follow the plant, not the order jobs came in. */
  private readonly unitNames: Map<string, string>;
  lastRule: SchedulingRule;

  constructor(
    private readonly store: Store,
    private readonly calendars: CalendarService,
    equipment: readonly EquipmentNode[],
    private readonly oeeConfig: OeeSettings,
    private readonly config: SchedulingSettings,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
  ) {
    this.unitNames = new Map(equipment.filter((node) => node.level === "WorkUnit").map((node) => [node.id, node.name]));
    this.workUnits = new Set(this.unitNames.keys());
    this.lastRule = config.rule;
  }

  async preview(rule: SchedulingRule = this.lastRule): Promise<ScheduleView> {
    return this.compute(rule, false);
  }

  async commit(rule: SchedulingRule, actor: Actor): Promise<ScheduleView> {
    const view = await this.compute(rule, true);
    const planned = view.jobs.filter((job) => !job.running);
    await this.store.unitOfWork(async (repos) => {
      for (const job of planned) await repos.jobOrders.setPlan(job.jobOrderId, job.start, job.end);
      // A job the planner could not place keeps no stale plan: stations then take it by priority.
      for (const { jobOrderId } of view.unscheduled) await repos.jobOrders.setPlan(jobOrderId, null, null);
      await recordAudit(repos, {
        id: this.newId(),
        at: view.computedAt,
        actor,
        action: "schedule.committed",
        targetType: "schedule",
        targetId: null,
        after: { rule, jobs: planned.length, unscheduled: view.unscheduled, totalChangeoverMs: view.totalChangeoverMs, late: view.lateness.filter((l) => (l.latenessMs ?? 0) > 0).map((l) => l.workOrderId) },
      });
    });
    this.lastRule = rule;
    this.bus.emit("schedule.committed", { rule, jobOrderIds: planned.map((job) => job.jobOrderId), equipmentIds: [...new Set(planned.map((job) => job.equipmentId))], at: view.computedAt });
    return view;
  }

  /** Planned and actual bars per work unit in a window: what a Gantt chart draws, with the order, product and due date of each. */
  async gantt(from: Date, to: Date, equipmentId?: string) {
    if (!(to > from)) throw new DomainError("invalid_input", "to: must be after from", { field: "to" });
    const jobs = await this.store.read.jobOrders.findInWindow(from, to, equipmentId ? [equipmentId] : undefined);
    const orders = new Map((await this.store.read.workOrders.findByIds([...new Set(jobs.flatMap((job) => (job.workOrderId ? [job.workOrderId] : [])))])).map((order) => [order.id, order]));
    const products = await this.productNames();
    const routing = await this.store.read.products.findAllWorkUnits();
    const rows = new Map<string, ReturnType<typeof bar>[]>();
    for (const job of jobs) {
      const order = job.workOrderId ? orders.get(job.workOrderId) : undefined;
      rows.set(job.equipmentId, [...(rows.get(job.equipmentId) ?? []), bar(job, workOrderStepOf(routing, job), order?.erpId ?? null, job.productId ? (products.get(job.productId) ?? null) : null, order?.dueAt ?? null)]);
    }
    const order = [...this.unitNames.keys()];
    const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
    return {
      from,
      to,
      rows: [...rows.entries()].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b)).map(([unitId, bars]) => ({ equipmentId: unitId, name: this.unitNames.get(unitId) ?? unitId, bars })),
    };
  }

  private async productNames(): Promise<Map<string, string>> {
    return new Map((await this.store.read.products.findAll()).map((product) => [product.id, product.name]));
  }

  private async compute(rule: SchedulingRule, committed: boolean): Promise<ScheduleView> {
    const now = this.clock.now().getTime();
    const horizon = { start: now, end: now + this.config.horizonDays * DAY_MS };
    const listed = await this.store.read.jobOrders.findAllListed();
    const routing = await this.store.read.products.findAllWorkUnits();
    const orders = new Map((await this.store.read.workOrders.findByIds([...new Set(listed.flatMap((job) => (job.workOrderId ? [job.workOrderId] : [])))])).map((order) => [order.id, order]));
    const unitsInPlay = [...new Set(listed.map((job) => job.equipmentId))].filter((id) => this.workUnits.has(id));
    const busy = new Map<string, Interval[]>();
    for (const unitId of unitsInPlay) {
      const calendar = await this.calendars.calendarFor(unitId);
      busy.set(unitId, calendar ? plannedTime(calendar, horizon).busy : []);
    }
    const cycleMs = (productId: string | null, unitId: string): number | null => {
      if (productId) {
        const known = routing.find((r) => r.productId === productId && r.equipmentId === unitId);
        return known ? known.idealCycleTimeS * 1000 : null;
      }
      const nameplate = this.oeeConfig.idealCycleTimes[unitId];
      return nameplate !== undefined ? nameplate * 1000 : null;
    };
    const stepOf = (job: JobOrderRecord) => stepIn(routing, job);

    const ofOrder = new Map<string, JobOrderRecord[]>();
    for (const job of listed) if (job.workOrderId) ofOrder.set(job.workOrderId, [...(ofOrder.get(job.workOrderId) ?? []), job]);
    const released = listed.filter((job) => job.state === JobState.AllowedToStart);
    const unscheduled: ScheduleView["unscheduled"] = released.filter((job) => !this.workUnits.has(job.equipmentId)).map((job) => ({ jobOrderId: job.id, reason: `${job.equipmentId} is not a work unit; the planner sequences work units` }));
    const jobs: PlanJob[] = released
      .filter((job) => this.workUnits.has(job.equipmentId))
      .map((job) => {
        const cycle = cycleMs(job.productId, job.equipmentId);
        const order = job.workOrderId ? orders.get(job.workOrderId) : undefined;
        return {
          id: job.id,
          workOrderId: job.workOrderId,
          unitId: job.equipmentId,
          productId: job.productId,
          workMs: cycle === null ? null : Math.round(cycle * job.quantity),
          dueAt: order?.dueAt?.getTime() ?? null,
          priority: job.priority,
          after: (job.workOrderId ? (ofOrder.get(job.workOrderId) ?? []) : []).filter((other) => other.id !== job.id && stepOf(other) < stepOf(job)).map((other) => other.id),
        };
      });
    const running: RunningJob[] = [];
    for (const job of listed.filter((j) => (j.state === JobState.Running || j.state === JobState.Interrupted) && this.workUnits.has(j.equipmentId))) {
      const cycle = cycleMs(job.productId, job.equipmentId) ?? 0;
      const done = (await this.store.read.productionRecords.totalsOfJob(job.id)).good;
      const left = Math.max(0, job.quantity - done) * cycle;
      const end = placeOnBusyTime(busy.get(job.equipmentId) ?? [], now, left)?.end ?? now + left;
      running.push({ id: job.id, unitId: job.equipmentId, productId: job.productId, start: job.actualStart?.getTime() ?? now, end });
    }
    const result = plan({ now, jobs, running, busy, rule, changeoverMs: (unitId, from, to) => changeoverMs(this.config.changeovers, unitId, from, to) });
    const byId = new Map(listed.map((job) => [job.id, job]));
    const products = await this.productNames();
    const latenessOf = new Map(result.lateness.map((l) => [l.workOrderId, l.latenessMs]));
    /** What a planner reads in a row besides the times: whose order it is, what it makes, when it is due and how late it comes. */
    const described = (jobOrderId: string, equipmentId: string) => {
      const job = byId.get(jobOrderId)!;
      const order = job.workOrderId ? orders.get(job.workOrderId) : undefined;
      return {
        jobOrderId,
        workOrderId: job.workOrderId,
        workOrderErpId: order?.erpId ?? null,
        step: workOrderStepOf(routing, job),
        equipmentId,
        equipmentName: this.unitNames.get(equipmentId) ?? equipmentId,
        productId: job.productId,
        productName: job.productId ? (products.get(job.productId) ?? null) : null,
        dueAt: order?.dueAt ?? null,
        latenessMs: job.workOrderId ? (latenessOf.get(job.workOrderId) ?? null) : null,
      };
    };
    return {
      rule,
      computedAt: new Date(now),
      horizonEnd: new Date(horizon.end),
      committed,
      jobs: [
        ...running.map((r) => ({ ...described(r.id, r.unitId), start: new Date(r.start), end: new Date(r.end), setupMs: 0, running: true })),
        ...result.jobs.map((p) => ({ ...described(p.jobId, p.unitId), start: new Date(p.start), end: new Date(p.end), setupMs: p.setupMs, running: false })),
      ].sort((a, b) => a.equipmentId.localeCompare(b.equipmentId) || a.start.getTime() - b.start.getTime()),
      unscheduled: [...unscheduled, ...result.unscheduled.map((u) => ({ jobOrderId: u.jobId, reason: u.reason }))],
      lateness: result.lateness.map((l) => ({ workOrderId: l.workOrderId, erpId: orders.get(l.workOrderId)?.erpId ?? null, end: new Date(l.end), dueAt: l.dueAt === null ? null : new Date(l.dueAt), latenessMs: l.latenessMs })),
      totalChangeoverMs: result.totalChangeoverMs,
    };
  }
}

/** The routing step a job order is planned in: its product's step on its unit, 1 when the routing does not say. */
function stepIn(routing: readonly ProductWorkUnitRecord[], job: JobOrderRecord): number {
  return routingStepOf(routing, job) ?? 1;
}

/** A Gantt bar; late when it ends (or is planned to end) after its work order is due. */
function bar(job: JobOrderRecord, step: number | null, workOrderErpId: string | null, productName: string | null, dueAt: Date | null) {
  const end = job.actualEnd ?? job.plannedEnd;
  return {
    jobOrderId: job.id,
    workOrderId: job.workOrderId,
    workOrderErpId,
    step,
    productId: job.productId,
    productName,
    state: job.state,
    plannedStart: job.plannedStart,
    plannedEnd: job.plannedEnd,
    actualStart: job.actualStart,
    actualEnd: job.actualEnd,
    dueAt,
    /** This job's end (actual, else planned) minus its order's due date; negative: early. */
    latenessMs: dueAt !== null && end !== null ? end.getTime() - dueAt.getTime() : null,
    late: dueAt !== null && end !== null && end > dueAt,
  };
}
