/**
 * Turns readings of a cumulative PLC counter into produced quantities. PLC counters wrap at their
 * word size and are reset by operators or a PLC restart; neither may create or lose parts.
 */
export type CounterChange =
  | { kind: "first"; delta: 0 }
  | { kind: "increment"; delta: number }
  | { kind: "rollover"; delta: number }
  | { kind: "reset"; delta: number };

export interface CounterOptions {
  /** The value at which the counter wraps to 0 (e.g. 2^32). Without it, every drop is a reset. */
  readonly rolloverAt?: number;
}

/**
 * The parts counted between two readings.
 * - no previous reading (first ever): nothing is counted, the reading becomes the baseline;
 * - a rise: the difference;
 * - a drop from the upper half of the range to the lower half of a counter with a known
 *   rollover: it wrapped, and what lies on both sides of the wrap counts;
 * - any other drop: the counter was reset to 0 and has counted `current` since.
 */
export function counterDelta(previous: number | undefined, current: number, options: CounterOptions = {}): CounterChange {
  if (previous === undefined) return { kind: "first", delta: 0 };
  if (current >= previous) return { kind: "increment", delta: current - previous };
  const { rolloverAt } = options;
  if (rolloverAt !== undefined && previous >= rolloverAt / 2 && current < rolloverAt / 2) {
    return { kind: "rollover", delta: rolloverAt - previous + current };
  }
  return { kind: "reset", delta: current };
}

/** PLC counters arrive as numbers, 64-bit [high, low] pairs or numeric strings; anything else is no reading. */
export function counterReading(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? Math.trunc(value) : undefined;
  if (typeof value === "bigint") return value >= 0n ? Number(value) : undefined;
  if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === "number")) {
    return value[0] * 2 ** 32 + value[1];
  }
  if (typeof value === "string" && /^\d+$/.test(value)) return Number(value);
  return undefined;
}
