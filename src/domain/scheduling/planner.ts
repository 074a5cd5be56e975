import type { Interval } from "../oee/interval.js";
import { placeOnBusyTime } from "./busy-time.js";

export type SchedulingRule = "edd" | "priority" | "setup";
export const SCHEDULING_RULES: readonly SchedulingRule[] = ["edd", "priority", "setup"];

/** A job order to place: on its unit, after its predecessors (earlier routing steps of its work order). */
export interface PlanJob {
  readonly id: string;
  readonly workOrderId: string | null;
  readonly unitId: string;
  readonly productId: string | null;
  /** Busy time the work needs (remaining quantity x ideal cycle time); null when no cycle time is known. */
  readonly workMs: number | null;
  readonly dueAt: number | null;
  readonly priority: number;
  /** Jobs that must end before this one starts. */
  readonly after: readonly string[];
}

/** A job already running: it keeps its unit until its estimated end and is not moved. */
export interface RunningJob {
  readonly id: string;
  readonly unitId: string;
  readonly productId: string | null;
  readonly start: number;
  readonly end: number;
}

export interface PlanInput {
  readonly now: number;
  readonly jobs: readonly PlanJob[];
  readonly running: readonly RunningJob[];
  /** Each unit's planned busy time from now on, sorted (its calendar's shifts minus breaks). */
  readonly busy: ReadonlyMap<string, readonly Interval[]>;
  /** Changeover time on a unit from one product to the next (0 for the same product). */
  readonly changeoverMs: (unitId: string, from: string | null, to: string | null) => number;
  readonly rule: SchedulingRule;
}

export interface PlannedJob {
  readonly jobId: string;
  readonly unitId: string;
  readonly start: number;
  readonly end: number;
  /** Changeover before the work, inside [start, end). */
  readonly setupMs: number;
}

export interface Plan {
  readonly jobs: PlannedJob[];
  readonly unscheduled: { jobId: string; reason: string }[];
  /** Per work order: its last job's end minus its due date (negative: early); null without a due date. */
  readonly lateness: { workOrderId: string; end: number; dueAt: number | null; latenessMs: number | null }[];
  readonly totalChangeoverMs: number;
}

/**
 * A finite-capacity schedule by serial list scheduling: jobs are taken in the rule's order (earliest
 * due date; priority then due date; or product batches per unit, to save changeovers), each as soon
 * as its predecessors are placed, and put on its unit at the earliest moment the unit is free, its
 * predecessors have ended and the calendar has busy time. Work pauses over breaks and between
 * shifts. Running jobs stay where they are. Pure: the same input gives the same plan.
 */
export function plan(input: PlanInput): Plan {
  const order = ordered(input.jobs, input.rule);
  const unitFree = new Map<string, { at: number; product: string | null }>();
  for (const running of input.running) {
    const free = unitFree.get(running.unitId);
    if (!free || running.end > free.at) unitFree.set(running.unitId, { at: Math.max(running.end, input.now), product: running.productId });
  }
  const ends = new Map<string, number>(input.running.map((r) => [r.id, r.end]));
  const planned: PlannedJob[] = [];
  const unscheduled: Plan["unscheduled"] = [];
  const failed = new Set<string>();
  let totalChangeoverMs = 0;

  let pending = [...order];
  const known = new Set(input.jobs.map((job) => job.id));
  // Each pass places, in the rule's order, every job whose predecessors are placed; the rest wait for the next pass.
  while (pending.length > 0) {
    const waiting: PlanJob[] = [];
    for (const job of pending) {
      const blockers = job.after.filter((id) => known.has(id) && !ends.has(id));
      const failedBlocker = blockers.find((id) => failed.has(id));
      if (failedBlocker) {
        unscheduled.push({ jobId: job.id, reason: `its predecessor ${failedBlocker} could not be scheduled` });
        failed.add(job.id);
      } else if (blockers.length > 0) {
        waiting.push(job);
      } else {
        const placed = place(job, input, unitFree, ends);
        if ("reason" in placed) {
          unscheduled.push({ jobId: job.id, reason: placed.reason });
          failed.add(job.id);
        } else {
          planned.push(placed);
          totalChangeoverMs += placed.setupMs;
          ends.set(job.id, placed.end);
        }
      }
    }
    if (waiting.length === pending.length) {
      for (const job of waiting) unscheduled.push({ jobId: job.id, reason: "its predecessors form a cycle" });
      break;
    }
    pending = waiting;
  }
  return { jobs: planned, unscheduled, lateness: latenessOf(input.jobs, planned), totalChangeoverMs };
}

function place(job: PlanJob, input: PlanInput, unitFree: Map<string, { at: number; product: string | null }>, ends: Map<string, number>): PlannedJob | { reason: string } {
  if (job.workMs === null) return { reason: `no ideal cycle time for product ${job.productId ?? "(none)"} on ${job.unitId}` };
  const busy = input.busy.get(job.unitId) ?? [];
  if (busy.length === 0) return { reason: `${job.unitId} has no planned busy time in the horizon (no calendar, or no shifts)` };
  const free = unitFree.get(job.unitId) ?? { at: input.now, product: null };
  const ready = Math.max(free.at, input.now, ...job.after.map((id) => ends.get(id) ?? 0));
  const setupMs = free.product === null && !unitFree.has(job.unitId) ? 0 : input.changeoverMs(job.unitId, free.product, job.productId);
  const slot = placeOnBusyTime(busy, ready, setupMs + job.workMs);
  if (!slot) return { reason: `${job.unitId} has not enough planned busy time in the horizon` };
  unitFree.set(job.unitId, { at: slot.end, product: job.productId });
  return { jobId: job.id, unitId: job.unitId, start: slot.start, end: slot.end, setupMs };
}

const due = (job: PlanJob) => job.dueAt ?? Number.POSITIVE_INFINITY;

/** The rule's order, made total by the job id so a plan never depends on input order. */
function ordered(jobs: readonly PlanJob[], rule: SchedulingRule): PlanJob[] {
  const byId = (a: PlanJob, b: PlanJob) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  if (rule === "priority") return [...jobs].sort((a, b) => b.priority - a.priority || due(a) - due(b) || byId(a, b));
  if (rule === "edd") return [...jobs].sort((a, b) => due(a) - due(b) || b.priority - a.priority || byId(a, b));
  // Product batches per unit, each batch as urgent as its most urgent job.
  const batchDue = new Map<string, number>();
  for (const job of jobs) {
    const key = `${job.unitId}\u0000${job.productId ?? ""}`;
    batchDue.set(key, Math.min(batchDue.get(key) ?? Number.POSITIVE_INFINITY, due(job)));
  }
  const key = (job: PlanJob) => `${job.unitId}\u0000${job.productId ?? ""}`;
  return [...jobs].sort((a, b) => batchDue.get(key(a))! - batchDue.get(key(b))! || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0) || due(a) - due(b) || byId(a, b));
}

function latenessOf(jobs: readonly PlanJob[], planned: readonly PlannedJob[]): Plan["lateness"] {
  const end = new Map(planned.map((p) => [p.jobId, p.end]));
  const orders = new Map<string, { end: number; dueAt: number | null }>();
  for (const job of jobs) {
    if (!job.workOrderId || !end.has(job.id)) continue;
    const order = orders.get(job.workOrderId) ?? { end: 0, dueAt: job.dueAt };
    orders.set(job.workOrderId, { end: Math.max(order.end, end.get(job.id)!), dueAt: order.dueAt ?? job.dueAt });
  }
  return [...orders.entries()].map(([workOrderId, o]) => ({ workOrderId, end: o.end, dueAt: o.dueAt, latenessMs: o.dueAt === null ? null : o.end - o.dueAt }));
}
