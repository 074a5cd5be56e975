import { JobState } from "./job-order-state-machine.js";

interface Candidate {
  readonly id: string;
  readonly state: number;
  readonly priority: number;
  readonly plannedStart: Date | null;
  readonly createdAt: Date;
}

/**
 * The job a station should run next: one already running (a PLC retrying its call gets the same
 * job again), else the released one (AllowedToStart) that the committed schedule plans first;
 * jobs without a planned start come after, by priority, then the oldest.
 */
export function nextJob<T extends Candidate>(jobs: readonly T[]): { job: T; alreadyRunning: boolean } | undefined {
  const running = jobs.find((job) => job.state === JobState.Running);
  if (running) return { job: running, alreadyRunning: true };
  const released = jobs.filter((job) => job.state === JobState.AllowedToStart);
  const planned = (job: T) => job.plannedStart?.getTime() ?? Number.POSITIVE_INFINITY;
  released.sort((a, b) => planned(a) - planned(b) || b.priority - a.priority || a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  return released[0] && { job: released[0], alreadyRunning: false };
}
