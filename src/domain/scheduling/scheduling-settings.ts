import type { ChangeoverRule } from "./changeover.js";
import type { SchedulingRule } from "./planner.js";

/** People needed per shift of a work center, for the roster. */
export interface StaffingNeed {
  readonly workCenterId: string;
  /** A shift name of the work center's calendar, or "*" for every shift. */
  readonly shift: string;
  readonly people: number;
  readonly personnelClass: string;
}

/** When the MES makes a new schedule on its own. */
export interface AutoRescheduleSettings {
  readonly enabled: boolean;
  /** A work unit down (faulted) for longer than this triggers a new schedule. */
  readonly downThresholdMinutes: number;
  /** Changes that come together (a release of many job orders) make one new schedule. */
  readonly debounceMs: number;
}

/** Production scheduling: the default rule, the horizon, changeovers, staffing, rescheduling. */
export interface SchedulingSettings {
  readonly rule: SchedulingRule;
  /** How far ahead the planner looks for planned busy time. */
  readonly horizonDays: number;
  readonly changeovers: readonly ChangeoverRule[];
  readonly staffing: readonly StaffingNeed[];
  readonly autoReschedule: AutoRescheduleSettings;
}
