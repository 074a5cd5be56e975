import { capability, type Capability, type SpecLimits } from "./capability.js";
import { average, individualsLimits, movingRanges, subgroupRange, xbarRLimits, type PairedLimits } from "./control-limits.js";
import { dispersionSignals, type DispersionSignal } from "./dispersion-signals.js";
import { nelsonSignals, type NelsonRule, type NelsonSignal } from "./nelson-rules.js";

/**
 * A characteristic's control chart from its values in time order: X-bar/R for subgroups of 2..10
 * (consecutive values, an incomplete last subgroup not yet plotted), individuals/moving range for 1.
 */
export interface ChartPoint {
  /** X-bar or the individual value. */
  readonly location: number;
  /** R, or the moving range (null at the first individual). */
  readonly dispersion: number | null;
  /** Indices of the values the point is made of. */
  readonly values: readonly number[];
}

export interface SpcChart {
  readonly kind: "xbar-r" | "i-mr";
  readonly points: readonly ChartPoint[];
  /** Points the limits were computed from: the first `baselinePoints`, or fewer while fewer exist (0 with stored limits). */
  readonly baselinePoints: number;
  /** Where the limits come from: the first points of the values, or limits stored for the characteristic. */
  readonly limitsFrom: "baseline" | "stored";
  /** Null until two points exist. */
  readonly limits: PairedLimits | null;
  /** The chosen tests, judged on the location chart against the baseline's limits. */
  readonly signals: readonly NelsonSignal[];
  /** The R or MR points beyond their limits, judged when the chosen tests include test 1. */
  readonly dispersionSignals: readonly DispersionSignal[];
  readonly capability: Capability | null;
}

/**
 * ASTM E2587-16 §7.2: limits from 20 to 25 subgroups are the usual trial baseline; with fewer, the
 * limits still move with each point, so no test is judged until the baseline is complete.
 */
export const DEFAULT_BASELINE_POINTS = 20;

/** The plotted points: consecutive subgroups, or individuals with their moving ranges. */
export function chartPoints(values: readonly number[], subgroupSize: number): ChartPoint[] {
  const points: ChartPoint[] = [];
  if (subgroupSize > 1) {
    for (let start = 0; start + subgroupSize <= values.length; start += subgroupSize) {
      const subgroup = values.slice(start, start + subgroupSize);
      points.push({ location: average(subgroup), dispersion: subgroupRange(subgroup), values: subgroup.map((_, k) => start + k) });
    }
  } else {
    const ranges = movingRanges(values);
    values.forEach((value, i) => points.push({ location: value, dispersion: i === 0 ? null : ranges[i - 1]!, values: [i] }));
  }
  return points;
}

/** The limits the first `baseline` points give (ASTM E2587-16 §8, §9). */
export function baselineLimits(points: readonly ChartPoint[], values: readonly number[], subgroupSize: number, baseline: number): PairedLimits {
  const chosen = points.slice(0, baseline);
  return subgroupSize > 1 ? xbarRLimits(chosen.map((point) => point.values.map((i) => values[i]!))) : individualsLimits(chosen.map((point) => point.location));
}

/**
 * The chart of `values`: limits `stored` for the characteristic (from a baseline a quality engineer
 * chose) judge every point; without them the first `baselinePoints` points give the limits, and no
 * test is judged until that many exist.
 */
export function spcChart(values: readonly number[], subgroupSize: number, spec: SpecLimits, rules: readonly NelsonRule[], baselinePoints = DEFAULT_BASELINE_POINTS, stored: PairedLimits | null = null): SpcChart {
  const kind = subgroupSize > 1 ? "xbar-r" : "i-mr";
  const points = chartPoints(values, subgroupSize);
  const baseline = stored ? 0 : Math.min(baselinePoints, points.length);
  const limitsFrom = stored ? "stored" : "baseline";
  if (!stored && baseline < 2) return { kind, points, baselinePoints: baseline, limitsFrom, limits: null, signals: [], dispersionSignals: [], capability: null };
  const limits = stored ?? baselineLimits(points, values, subgroupSize, baseline);
  const judging = stored !== null || baseline >= baselinePoints;
  const signals = judging ? nelsonSignals(points.map((point) => point.location), limits.location, rules) : [];
  const dispersion = judging && rules.includes(1) ? dispersionSignals(kind === "xbar-r" ? "R" : "MR", points.map((point) => point.dispersion), limits.dispersion) : [];
  const plotted = points.flatMap((point) => point.values.map((i) => values[i]!));
  return { kind, points, baselinePoints: baseline, limitsFrom, limits, signals, dispersionSignals: dispersion, capability: plotted.length >= 2 ? capability(plotted, limits.sigmaWithin, spec) : null };
}
