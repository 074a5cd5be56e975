import type { ChartLimits } from "./control-limits.js";

/**
 * The R or moving-range chart is judged by Shewhart's test alone: a point beyond its limits
 * D3·R-bar .. D4·R-bar (ASTM E2587-16 §8.3, §9.3; AIAG SPC manual, 2nd ed., ch. II). The zone
 * tests assume a symmetric distribution, which a range has not (Montgomery §6.2.1), so they are
 * judged on the location chart only.
 */
export interface DispersionSignal {
  /** "R" on an X-bar/R chart, "MR" on an individuals chart. */
  readonly chart: "R" | "MR";
  readonly name: string;
  /** Index of the chart point. */
  readonly at: number;
  readonly value: number;
}

export const dispersionSignalName = (chart: DispersionSignal["chart"], side: "above" | "below") =>
  `${chart === "R" ? "Range" : "Moving range"} ${side} its ${side === "above" ? "upper" : "lower"} control limit`;

/** The signal of the dispersion point at `at`, or null (a missing point, the first moving range, is never one). */
export function dispersionSignalAt(chart: DispersionSignal["chart"], dispersions: readonly (number | null)[], limits: ChartLimits, at: number): DispersionSignal | null {
  const value = dispersions[at];
  if (value === null || value === undefined) return null;
  if (value > limits.ucl) return { chart, name: dispersionSignalName(chart, "above"), at, value };
  // With D3 = 0 (n <= 6, and every moving range) the lower limit is 0, and no range lies below it.
  if (limits.lcl > 0 && value < limits.lcl) return { chart, name: dispersionSignalName(chart, "below"), at, value };
  return null;
}

/** Every dispersion point beyond its chart's limits. */
export function dispersionSignals(chart: DispersionSignal["chart"], dispersions: readonly (number | null)[], limits: ChartLimits): DispersionSignal[] {
  return dispersions.flatMap((_, at) => dispersionSignalAt(chart, dispersions, limits, at) ?? []);
}
