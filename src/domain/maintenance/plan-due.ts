/** When a preventive maintenance plan falls due: by calendar time, by run time (APT) or by a counter. */
export const PLAN_KINDS = ["calendar", "run-time", "counter"] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];
export type DueStatus = "ok" | "due" | "overdue";

export interface PlanInterval {
  readonly kind: PlanKind;
  /** Days (calendar), run hours (run-time) or parts (counter) between two services. */
  readonly every: number;
  /** "Due soon": how far before the due point it shows as due, in the same unit; default a tenth of `every`. */
  readonly dueSoon?: number | null;
}

/** What the plant did since the plan was last done. */
export interface SinceDone {
  readonly lastDoneAt: number;
  readonly now: number;
  /** APT since last done, hours (ISO 22400 actual production time). */
  readonly runHours: number;
  /** Parts counted (good + scrap) since last done. */
  readonly count: number;
}

export interface PlanDue {
  readonly status: DueStatus;
  /** Calendar plans: the date it falls due; run-time plans: when it would at the current rate, when known; counter: null. */
  readonly dueAt: number | null;
  /** Counter plans: the count since last done at which it falls due; otherwise null. */
  readonly dueCount: number | null;
  /** How much of the interval is used, 0 just after the service, 1 at the due point. */
  readonly used: number;
}

const DAY_MS = 86_400_000;

export function dueSoonOf(plan: PlanInterval): number {
  return plan.dueSoon ?? plan.every / 10;
}

/**
 * Ok until the due point is within the "due soon" margin, due from there up to and at the due
 * point, overdue past it. Pure: the caller measures run hours and counts.
 */
export function planDue(plan: PlanInterval, since: SinceDone): PlanDue {
  const margin = dueSoonOf(plan);
  const status = (used: number, every: number): DueStatus => (used > every ? "overdue" : used >= every - margin ? "due" : "ok");
  if (plan.kind === "calendar") {
    const usedDays = (since.now - since.lastDoneAt) / DAY_MS;
    return { status: status(usedDays, plan.every), dueAt: since.lastDoneAt + plan.every * DAY_MS, dueCount: null, used: usedDays / plan.every };
  }
  if (plan.kind === "run-time") {
    const elapsedMs = since.now - since.lastDoneAt;
    // At the run rate since the service (run hours per calendar hour), when the due point comes.
    const rate = elapsedMs > 0 ? since.runHours / (elapsedMs / 3_600_000) : 0;
    const remaining = plan.every - since.runHours;
    const dueAt = remaining <= 0 ? since.now : rate > 0 ? since.now + (remaining / rate) * 3_600_000 : null;
    return { status: status(since.runHours, plan.every), dueAt: dueAt === null ? null : Math.round(dueAt), dueCount: null, used: since.runHours / plan.every };
  }
  return { status: status(since.count, plan.every), dueAt: null, dueCount: plan.every, used: since.count / plan.every };
}

/** A problem with the interval a schema cannot see, or null. */
export function intervalProblem(plan: PlanInterval): { field: string; message: string } | null {
  if (!(plan.every > 0)) return { field: "every", message: "must be above 0" };
  if (plan.kind === "counter" && !Number.isInteger(plan.every)) return { field: "every", message: "a counter plan counts whole parts" };
  if (plan.dueSoon !== undefined && plan.dueSoon !== null && (plan.dueSoon < 0 || plan.dueSoon >= plan.every)) return { field: "dueSoon", message: `must be 0 or more and below every (${plan.every})` };
  return null;
}
