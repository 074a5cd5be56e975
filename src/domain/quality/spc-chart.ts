import { capability, type Capability, type SpecLimits } from "./capability.js";
import { average, individualsLimits, movingRanges, subgroupRange, xbarRLimits, type PairedLimits } from "./control-limits.js";
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
  /** Points the limits were computed from: the first `baselinePoints`, or fewer while fewer exist. */
  readonly baselinePoints: number;
  /** Null until two points exist. */
  readonly limits: PairedLimits | null;
  /** The chosen tests, judged on the location chart against the baseline's limits. */
  readonly signals: readonly NelsonSignal[];
  readonly capability: Capability | null;
}

/**
 * ASTM E2587-16 §7.2: limits from 20 to 25 subgroups are the usual trial baseline; with fewer, the
 * limits still move with each point, so no test is judged until the baseline is complete.
 */
export const DEFAULT_BASELINE_POINTS = 20;

export function spcChart(values: readonly number[], subgroupSize: number, spec: SpecLimits, rules: readonly NelsonRule[], baselinePoints = DEFAULT_BASELINE_POINTS): SpcChart {
  const kind = subgroupSize > 1 ? "xbar-r" : "i-mr";
  const points: ChartPoint[] = [];
  if (kind === "xbar-r") {
    for (let start = 0; start + subgroupSize <= values.length; start += subgroupSize) {
      const subgroup = values.slice(start, start + subgroupSize);
      points.push({ location: average(subgroup), dispersion: subgroupRange(subgroup), values: subgroup.map((_, k) => start + k) });
    }
  } else {
    const ranges = movingRanges(values);
    values.forEach((value, i) => points.push({ location: value, dispersion: i === 0 ? null : ranges[i - 1]!, values: [i] }));
  }
  const baseline = Math.min(baselinePoints, points.length);
  if (baseline < 2) return { kind, points, baselinePoints: baseline, limits: null, signals: [], capability: null };
  const limits =
    kind === "xbar-r"
      ? xbarRLimits(points.slice(0, baseline).map((point) => point.values.map((i) => values[i]!)))
      : individualsLimits(points.slice(0, baseline).map((point) => point.location));
  const judged = baseline >= baselinePoints ? nelsonSignals(points.map((point) => point.location), limits.location, rules) : [];
  const plotted = points.flatMap((point) => point.values.map((i) => values[i]!));
  return { kind, points, baselinePoints: baseline, limits, signals: judged, capability: capability(plotted, limits.sigmaWithin, spec) };
}
