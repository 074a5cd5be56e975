import { JobState } from "./job-order-state-machine.js";

interface Candidate {
  readonly id: string;
  readonly state: number;
  readonly priority: number;
  readonly plannedStart: Date | null;
  readonly createdAt: Date;
}

/**
 * The order in which a station takes its jobs: the running one first (it is the station's work
 * now), then the others as the committed schedule plans them; jobs without a planned start come
 * after, by priority, then the oldest.
 */
export function inDispatchOrder<T extends Candidate>(jobs: readonly T[]): T[] {
  const running = (job: T) => (job.state === JobState.Running ? 0 : 1);
  const planned = (job: T) => job.plannedStart?.getTime() ?? Number.POSITIVE_INFINITY;
  return [...jobs].sort((a, b) => running(a) - running(b) || planned(a) - planned(b) || b.priority - a.priority || a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
}

/**
 * The job a station should run next: one already running (a PLC retrying its call gets the same
 * job again), else the released one (AllowedToStart) first in dispatch order.
 */
export function nextJob<T extends Candidate>(jobs: readonly T[]): { job: T; alreadyRunning: boolean } | undefined {
  const running = jobs.find((job) => job.state === JobState.Running);
  if (running) return { job: running, alreadyRunning: true };
  const [released] = inDispatchOrder(jobs.filter((job) => job.state === JobState.AllowedToStart));
  return released && { job: released, alreadyRunning: false };
}

/**
 * A station's work as its operator sees it: the job it runs or holds now, then what it takes next,
 * in the order it takes them (the released ones in dispatch order, which nextJob picks from), then
 * the stored ones, which must be released before they can be taken.
 */
export function dispatchQueue<T extends Candidate>(jobs: readonly T[]): { current: T | undefined; next: T[] } {
  const current = jobs.find((job) => job.state === JobState.Running) ?? jobs.find((job) => job.state === JobState.Interrupted);
  const waiting = (state: number) => inDispatchOrder(jobs.filter((job) => job.state === state));
  return { current, next: [...waiting(JobState.AllowedToStart), ...waiting(JobState.NotAllowedToStart)] };
}
