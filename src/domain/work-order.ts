import { JobState } from "./job-order-state-machine.js";

/** created and cancelled are set by commands; the others follow from the job orders (see workOrderStatus). */
export const WORK_ORDER_STATUSES = ["created", "released", "in_progress", "completed", "aborted", "cancelled"] as const;
export type WorkOrderStatus = (typeof WORK_ORDER_STATUSES)[number];

/** The state of a job order as far as its work order cares. */
export interface JobOrderProgress {
  readonly state: number;
  /** Taken out of the JobOrderList (Cancel before it ran, or Clear after it ended). */
  readonly removed: boolean;
}

/** A job order that was cancelled: removed before it ever ran. */
export const wasCancelled = (job: JobOrderProgress): boolean => job.removed && (job.state === JobState.NotAllowedToStart || job.state === JobState.AllowedToStart);

/**
 * A released work order is as far as its job orders: in progress once one runs or has ended while
 * others wait, completed when all ended normally, aborted when all are over and one was aborted.
 * Cancelled job orders do not count; a work order whose job orders were all cancelled is cancelled.
 */
export function workOrderStatus(current: WorkOrderStatus, jobs: readonly JobOrderProgress[]): WorkOrderStatus {
  if (current === "created" || current === "cancelled") return current;
  const live = jobs.filter((job) => !wasCancelled(job));
  if (jobs.length > 0 && live.length === 0) return "cancelled";
  if (live.length === 0) return "released";
  const over = live.filter((job) => job.state === JobState.Ended || job.state === JobState.Aborted);
  if (over.length === live.length) return over.some((job) => job.state === JobState.Aborted) ? "aborted" : "completed";
  const started = live.some((job) => job.state === JobState.Running || job.state === JobState.Interrupted) || over.length > 0;
  return started ? "in_progress" : "released";
}

/** How a released quantity is split over equipment; the parts must add up to the order's quantity. */
export interface ReleaseSplit {
  readonly equipmentId: string;
  readonly quantity: number;
}

export function checkReleaseSplits(quantity: number, splits: readonly ReleaseSplit[]): { field: string; message: string } | null {
  if (splits.length === 0) return { field: "jobOrders", message: "at least one job order" };
  const bad = splits.findIndex((split) => !(split.quantity > 0));
  if (bad >= 0) return { field: `jobOrders[${bad}].quantity`, message: "a number greater than 0" };
  const total = splits.reduce((sum, split) => sum + split.quantity, 0);
  // Quantities may be fractional (kg, m); compare with a tolerance that no real split reaches.
  if (Math.abs(total - quantity) > 1e-9 * Math.max(1, quantity)) {
    return { field: "jobOrders", message: `the quantities add up to ${total}, the work order is for ${quantity}` };
  }
  return null;
}

/** One job order's part of the production performance of its work order (ISA-95 production performance). */
export interface JobPerformanceInput {
  readonly quantity: number;
  readonly good: number;
  readonly scrap: number;
  readonly actualStart: Date | null;
  readonly actualEnd: Date | null;
  /** The product's ideal cycle time on the job's equipment, when master data has it. */
  readonly idealCycleTimeS: number | null;
}

export interface PerformanceFigures {
  readonly plannedQuantity: number;
  readonly good: number;
  readonly scrap: number;
  readonly produced: number;
  /** Good over planned; above 1 when more was made than asked. Null with nothing planned. */
  readonly completion: number | null;
  /** Good over produced (ISO 22400 quality ratio); null before anything was produced. */
  readonly qualityRatio: number | null;
  readonly actualStart: Date | null;
  readonly actualEnd: Date | null;
  /** From first start to last end (or to `now` while running), in seconds. */
  readonly elapsedS: number | null;
  /** The ideal time for what was produced (ideal cycle time x produced), when every job has one. */
  readonly idealTimeS: number | null;
}

/** Sums a work order's job orders; `now` closes the time of jobs still running. */
export function performanceFigures(plannedQuantity: number, jobs: readonly JobPerformanceInput[], now: Date): PerformanceFigures {
  const good = jobs.reduce((sum, job) => sum + job.good, 0);
  const scrap = jobs.reduce((sum, job) => sum + job.scrap, 0);
  const produced = good + scrap;
  const starts = jobs.flatMap((job) => (job.actualStart ? [job.actualStart.getTime()] : []));
  const actualStart = starts.length > 0 ? new Date(Math.min(...starts)) : null;
  const allEnded = jobs.length > 0 && jobs.every((job) => job.actualEnd !== null);
  const actualEnd = allEnded ? new Date(Math.max(...jobs.map((job) => job.actualEnd!.getTime()))) : null;
  const elapsedS = actualStart ? ((actualEnd ?? now).getTime() - actualStart.getTime()) / 1000 : null;
  const idealKnown = jobs.every((job) => job.idealCycleTimeS !== null);
  return {
    plannedQuantity,
    good,
    scrap,
    produced,
    completion: plannedQuantity > 0 ? good / plannedQuantity : null,
    qualityRatio: produced > 0 ? good / produced : null,
    actualStart,
    actualEnd,
    elapsedS,
    idealTimeS: idealKnown && jobs.length > 0 ? jobs.reduce((sum, job) => sum + job.idealCycleTimeS! * (job.good + job.scrap), 0) : null,
  };
}
