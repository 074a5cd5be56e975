import { InterruptedSubState, JobState, type JobCommand } from "./job-order-state-machine.js";

export interface JobStateOf {
  readonly state: number;
  readonly subState: number | null;
}

export type SyncAction =
  /** Released in the MES but not on the machine: store and start it there. */
  | { readonly kind: "send" }
  /** The machine moved: move the MES job the same way. */
  | { readonly kind: "follow"; readonly command: Extract<JobCommand, "Begin" | "Hold" | "Resume" | "Complete" | "Stop" | "Abort">; readonly why: string }
  | { readonly kind: "none" };

/**
 * How the MES follows an OPC 40001-3 machine: the machine executes, so its state wins for what it
 * does (running, interrupted, ended, aborted); the MES decides what is released. A job the MES
 * paused (Suspended) is left alone: the Pause was forwarded to the machine, which follows.
 */
export function syncAction(mes: JobStateOf, machine: JobStateOf | null): SyncAction {
  const { NotAllowedToStart, AllowedToStart, Running, Interrupted, Ended, Aborted } = JobState;
  if (mes.state === Ended || mes.state === Aborted || mes.state === NotAllowedToStart) return { kind: "none" };
  if (!machine) {
    if (mes.state === AllowedToStart) return { kind: "send" };
    if (mes.state === Running) return { kind: "follow", command: "Hold", why: "the machine does not hold the job order any more" };
    return { kind: "none" };
  }
  switch (machine.state) {
    case Running:
      if (mes.state === AllowedToStart) return { kind: "follow", command: "Begin", why: "the machine started it" };
      if (mes.state === Interrupted && mes.subState === InterruptedSubState.Held) return { kind: "follow", command: "Resume", why: "the machine resumed it" };
      return { kind: "none" };
    case Interrupted:
      if (mes.state === AllowedToStart) return { kind: "follow", command: "Begin", why: "the machine started it" };
      if (mes.state === Running) return { kind: "follow", command: "Hold", why: "the machine interrupted it" };
      return { kind: "none" };
    case Ended:
      if (mes.state === AllowedToStart) return { kind: "follow", command: "Begin", why: "the machine started it" };
      if (mes.state === Running) return { kind: "follow", command: "Complete", why: "the machine completed it" };
      return { kind: "follow", command: "Stop", why: "the machine ended it while it was interrupted here" };
    case Aborted:
      return { kind: "follow", command: "Abort", why: "the machine aborted it" };
    default:
      return { kind: "none" };
  }
}
