/**
 * The job-order state machine of OPC 10031-4 (ISA-95 Job Control v2) §6.2.1, with the
 * transitions of ISA95JobOrderReceiverSubStatesType (§6.2.2, Table 37), as a pure function.
 * Every door (OPC UA methods, REST, PLC drivers) moves a job order only through `applyJobCommand`.
 */

/** Top-level state numbers, as in ISA95JobOrderReceiverObjectType's state machine. */
export const JobState = {
  NotAllowedToStart: 1,
  AllowedToStart: 2,
  Running: 3,
  Interrupted: 4,
  Ended: 5,
  Aborted: 6,
} as const;
export type JobStateName = keyof typeof JobState;
export type JobStateNumber = (typeof JobState)[JobStateName];
/** The state names in state-number order. */
export const JOB_STATE_NAMES = Object.keys(JobState) as readonly JobStateName[];

/**
 * OPC 10031-4 §6.2.5: Held = stopped by a constraint of some form (the machine starved, blocked,
 * faulted); Suspended = stopped by a deliberate decision (someone paused it).
 */
export const InterruptedSubState = { Held: 1, Suspended: 2 } as const;
/** OPC 10031-4 §6.2.4: Completed = no longer in execution; Closed = its post-processing is done too. */
export const EndedSubState = { Completed: 1, Closed: 2 } as const;

/**
 * What can happen to a job order: the spec's methods (Update, Start, RevokeStart, Pause, Resume,
 * Stop, Abort, Cancel, Clear) and the executor's own events (Begin: the machine started it;
 * Hold: a constraint interrupted it; Complete: it finished; Close: its post-processing is done).
 */
export const JOB_COMMANDS = ["Update", "Start", "RevokeStart", "Begin", "Pause", "Hold", "Resume", "Stop", "Complete", "Close", "Abort", "Cancel", "Clear"] as const;
export type JobCommand = (typeof JOB_COMMANDS)[number];

export interface JobStatus {
  readonly state: JobStateNumber;
  readonly subState: number | null;
}

export type JobTransition =
  | { readonly ok: true; readonly to: JobStatus; readonly removed: false }
  /** Cancel and Clear take the job order out of the JobOrderList. */
  | { readonly ok: true; readonly to: null; readonly removed: true }
  | { readonly ok: false; readonly reason: "invalid_state"; readonly allowed: JobCommand[] };

const { NotAllowedToStart, AllowedToStart, Running, Interrupted, Ended, Aborted } = JobState;
const status = (state: JobStateNumber, subState: number | null = null): JobStatus => ({ state, subState });

/** The 13 transitions of Table 37 (with the substates they enter), plus Cancel and Clear, which remove the order. */
const TRANSITIONS: Readonly<Record<JobStateNumber, Partial<Record<JobCommand, JobStatus | "removed">>>> = {
  [NotAllowedToStart]: { Update: status(NotAllowedToStart), Start: status(AllowedToStart), Abort: status(Aborted), Cancel: "removed" },
  [AllowedToStart]: { Update: status(AllowedToStart), RevokeStart: status(NotAllowedToStart), Begin: status(Running), Abort: status(Aborted), Cancel: "removed" },
  [Running]: {
    Pause: status(Interrupted, InterruptedSubState.Suspended),
    Hold: status(Interrupted, InterruptedSubState.Held),
    Stop: status(Ended, EndedSubState.Completed),
    Complete: status(Ended, EndedSubState.Completed),
    Abort: status(Aborted),
  },
  [Interrupted]: { Resume: status(Running), Stop: status(Ended, EndedSubState.Completed), Abort: status(Aborted) },
  [Ended]: { Close: status(Ended, EndedSubState.Closed), Clear: "removed" },
  [Aborted]: { Clear: "removed" },
};

/** The commands the state machine accepts now, in JOB_COMMANDS order (for 409 answers and UI buttons). */
export function allowedCommands(current: JobStatus): JobCommand[] {
  return JOB_COMMANDS.filter((command) => accepts(current, command));
}

/** A job order as its allowed commands depend on it: where it stands, and whether it is still in its JobOrderList. */
export interface JobOrderStanding {
  readonly state: number;
  readonly subState: number | null;
  /** Cancel or Clear took it out of the JobOrderList. */
  readonly removed: boolean;
}

/**
 * The one answer to "what may this job order be asked to do now", for every door: none once Cancel
 * or Clear took it out of the JobOrderList (OPC 10031-4 §6.2.1: it has left the state machine),
 * otherwise what its state accepts. Names are the spec's; a door that spells them otherwise
 * translates them in its own table.
 */
export function allowedCommandsOf(job: JobOrderStanding): JobCommand[] {
  if (job.removed || !isJobStateNumber(job.state)) return [];
  return allowedCommands({ state: job.state, subState: job.subState });
}

export function isJobStateNumber(state: number): state is JobStateNumber {
  return (Object.values(JobState) as number[]).includes(state);
}

function accepts(current: JobStatus, command: JobCommand): boolean {
  // Ended has one substate transition: Completed -> Closed (§6.2.4).
  if (command === "Close" && current.subState !== EndedSubState.Completed) return false;
  return TRANSITIONS[current.state][command] !== undefined;
}

export function applyJobCommand(current: JobStatus, command: JobCommand): JobTransition {
  if (!accepts(current, command)) return { ok: false, reason: "invalid_state", allowed: allowedCommands(current) };
  const next = TRANSITIONS[current.state][command]!;
  if (next === "removed") return { ok: true, to: null, removed: true };
  return { ok: true, to: next, removed: false };
}

export function jobStateName(state: number): JobStateName | "unknown" {
  return (Object.keys(JobState) as JobStateName[]).find((name) => JobState[name] === state) ?? "unknown";
}

/** Store creates an order that may not start yet; StoreAndStart one that may (OPC 10031-4 §6.2.1). */
export function initialJobStatus(andStart: boolean): JobStatus {
  return status(andStart ? AllowedToStart : NotAllowedToStart);
}
