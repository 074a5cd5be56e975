import type { MachineState } from "../machine-state.js";

/**
 * The signals of fixed meaning, in the order a work unit lists them, with the browse name each
 * has in the address space, on the bus and in the database. The one place that knows the names.
 */
export const FIXED_SIGNAL_NAMES = {
  state: "State",
  goodCount: "GoodCount",
  rejectCount: "RejectCount",
  currentJob: "CurrentJob",
} as const;

export type FixedSignalRole = keyof typeof FIXED_SIGNAL_NAMES;

/**
 * What a signal means to the MES. The fixed roles each have one signal per work unit at most;
 * `faultCode` is the mirrored tag whose value is the work unit's PLC fault code (0 or empty: none);
 * `tag` is any other mirrored tag, which the MES shows and its dispatch drivers may use.
 */
export type SignalRole = FixedSignalRole | "faultCode" | "tag";

interface SignalBase {
  /** Its browse name below the work unit's Signals folder: unique within the work unit. */
  readonly name: string;
  /** The PLC node that feeds it: `ns=3;s=...`, `i=2258` or `nsu=<namespace URI>;s=...`. */
  readonly nodeId: string;
  readonly description?: string;
  /** Its changes are recorded (value, status, source timestamp) and readable as history. */
  readonly historize?: boolean;
}

/** The machine state as the PLC encodes it. */
export interface StateSignal extends SignalBase {
  readonly role: "state";
  /** PLC value (as a string) -> MES machine state; a value not listed reads as "unknown". */
  readonly map: Readonly<Record<string, MachineState>>;
}

/** A cumulative PLC counter of parts made (good) or rejected. */
export interface CounterSignal extends SignalBase {
  readonly role: "goodCount" | "rejectCount";
  /** The value at which the counter wraps to 0 (2^16, 2^31, 2^32); absent: a drop is a reset. */
  readonly rolloverAt?: number;
}

/** The job order the PLC says it is working on; empty or 0: none. */
export interface CurrentJobSignal extends SignalBase {
  readonly role: "currentJob";
}

/**
 * A unit of measure: a UNECE Recommendation 20 common code (CEL, SEC, P1, ...) as OPC 10000-8
 * §5.6.3 asks, or, for a unit without one, its symbol and description alone.
 */
export interface EngineeringUnit {
  readonly code?: string;
  readonly symbol?: string;
  readonly description?: string;
}

/** A mirrored PLC tag: the fault code tag, or any other. */
export interface TagSignal extends SignalBase {
  readonly role: "faultCode" | "tag";
  /** An analog value's unit and the range it normally takes (OPC 10000-8 AnalogItemType EngineeringUnits, EURange). */
  readonly analog?: { readonly unit: EngineeringUnit; readonly euRange: { readonly low: number; readonly high: number } };
}

export type Signal = StateSignal | CounterSignal | CurrentJobSignal | TagSignal;

/** The mirrored tags are the signals without a fixed role; only they may carry a dispatch driver's handshake. */
export function isTag(signal: Signal): signal is TagSignal {
  return signal.role === "tag" || signal.role === "faultCode";
}
