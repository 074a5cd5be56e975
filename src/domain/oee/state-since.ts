import type { MachineState } from "../machine-state.js";
import type { RecordedState } from "./state-history.js";

/** Where carrying a state's start back ended: at `since`, or at the first interval given, so earlier ones may continue it. */
export interface CarriedStart {
  readonly since: Date;
  /** True when every interval given continued the state: the caller may look further back. */
  readonly mayGoOn: boolean;
}

/**
 * When a work unit entered the state it is in, from its recorded intervals rather than from when
 * this process first saw it. `since` is the start of the interval it is in now; `earlier` are the
 * intervals before it, oldest first. The state is carried back over an earlier interval of the same
 * state that ended no more than `maxGapMs` before: an operator's split of a stop (no gap), or an MES
 * restart that found the machine as it left it (the gap the MES was away). A longer gap is time
 * nobody recorded, and the state is not claimed across it.
 */
export function carryStateBack(state: MachineState, since: Date, earlier: readonly RecordedState[], maxGapMs: number): CarriedStart {
  let start = since.getTime();
  const before = earlier.filter((i) => i.startedAt.getTime() < start).sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  for (let i = before.length - 1; i >= 0; i--) {
    const interval = before[i];
    const end = interval.endedAt?.getTime() ?? null;
    if (interval.state !== state || end === null || end > start || start - end > maxGapMs) return { since: new Date(start), mayGoOn: false };
    start = interval.startedAt.getTime();
  }
  return { since: new Date(start), mayGoOn: before.length > 0 };
}
