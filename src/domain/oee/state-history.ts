import type { MachineState } from "../machine-state.js";
import type { Interval } from "./interval.js";

export interface RecordedState {
  readonly state: MachineState;
  readonly startedAt: Date;
  /** null while it lasts. */
  readonly endedAt: Date | null;
}

export interface StateSegment<T extends RecordedState> {
  readonly interval: T;
  readonly start: Date;
  /** null: the state still lasts and the window reaches past now, so where it ends is not known yet. */
  readonly end: Date | null;
}

/**
 * A work unit's recorded states cut to a window, oldest first. Time no interval covers stays a gap:
 * the MES did not record it, and a timeline must not paint it as any state.
 */
export function clipStates<T extends RecordedState>(intervals: readonly T[], window: Interval): StateSegment<T>[] {
  return intervals
    .filter((i) => i.startedAt.getTime() < window.end && (i.endedAt === null || i.endedAt.getTime() > window.start))
    .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime())
    .map((interval) => ({
      interval,
      start: new Date(Math.max(interval.startedAt.getTime(), window.start)),
      end: interval.endedAt === null ? null : new Date(Math.min(interval.endedAt.getTime(), window.end)),
    }));
}
