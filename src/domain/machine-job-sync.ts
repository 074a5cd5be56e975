import { InterruptedSubState, JobState, type JobCommand } from "./job-order-state-machine.js";

export interface JobStateOf {
  readonly state: number;
  readonly subState: number | null;
}

/** A job order as the machine lists it: its state and the quantity it was sent (null when the machine does not say). */
export interface MachineJob extends JobStateOf {
  readonly quantity: number | null;
}

export type SyncAction =
  /** Released in the MES but not on the machine: store and start it there (again, for what is left, when it was running: the machine lost it). */
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
    // Only a restart without retentive memory loses a running job (Cancel and Clear refuse one): the machine gets it back.
    if (mes.state === Running) return { kind: "send" };
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

/** What a job still needs from the machine: its quantity less the good parts the MES has; a job re-sent after a loss asks for the rest only. */
export function quantityToSend(quantity: number, goodSoFar: number): number {
  return Math.max(0, quantity - goodSoFar);
}

/**
 * The good parts the MES had when it sent the machine this job: the MES quantity less what the
 * machine was asked for. The machine counts from zero for what it was sent, so its count plus this
 * is the job's; read from the machine's own JobOrderList, it holds across an MES restart too.
 */
export function goodBeforeSend(mesQuantity: number, machine: MachineJob | null): number {
  return machine?.quantity === null || machine?.quantity === undefined ? 0 : Math.max(0, mesQuantity - machine.quantity);
}
