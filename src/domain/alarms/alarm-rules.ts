import type { MachineState } from "../machine-state.js";

/**
 * When each kind of alarm is active, as pure decisions the alarm service applies to what the bus
 * tells it. A stop (for the long-stop alarm) is an unplanned standstill: stopped or faulted; idle
 * and setup are the plan's own (a break, a changeover) and raise nothing.
 */
export const STOP_STATES: readonly MachineState[] = ["stopped", "faulted"];

export function isStop(state: MachineState): boolean {
  return STOP_STATES.includes(state);
}

/**
 * When the stop that began at `since` becomes a long stop, or null when the unit is not stopped.
 * A stop that goes from faulted to stopped is one stop: `since` is when the unit left running.
 */
export function longStopDueAt(since: Date | null, thresholdMs: number): Date | null {
  return since === null ? null : new Date(since.getTime() + thresholdMs);
}

/** "Fault 3 (Hydraulics)": the PLC's code with the downtime reason faultCodeReasons gives it. */
export function faultMessage(faultCode: string | null, reason: { readonly code: string; readonly name: string } | null): string {
  if (!faultCode) return "Faulted (no fault code)";
  return reason ? `Fault ${faultCode} (${reason.name})` : `Fault ${faultCode}`;
}

export function longStopMessage(thresholdMs: number): string {
  const minutes = thresholdMs / 60_000;
  return `Stopped longer than ${Number.isInteger(minutes) ? minutes : minutes.toFixed(1)} min`;
}
