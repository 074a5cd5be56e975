import { E2, MR_D2, MR_D4, subgroupConstants } from "./spc-constants.js";

/** A control chart's centre line and limits; sigma is the plotted statistic's (for the zone rules). */
export interface ChartLimits {
  readonly center: number;
  readonly lcl: number;
  readonly ucl: number;
  readonly sigma: number;
}

/** The limits of a pair of charts, and the process sigma estimated within subgroups. */
export interface PairedLimits {
  /** The location chart: X-bar or individuals. */
  readonly location: ChartLimits;
  /** The dispersion chart: R or moving range. */
  readonly dispersion: ChartLimits;
  /** Sigma within: R-bar / d2 or MR-bar / d2(2) = MR-bar / 1.128. */
  readonly sigmaWithin: number;
}

const mean = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
const range = (values: readonly number[]) => Math.max(...values) - Math.min(...values);

/**
 * X-bar/R limits from a baseline of subgroups of one size n (2..10), ASTM E2587-16 §8:
 * X-bar chart X-double-bar ± A2·R-bar, R chart D3·R-bar .. D4·R-bar.
 */
export function xbarRLimits(subgroups: readonly (readonly number[])[]): PairedLimits {
  if (subgroups.length < 2) throw new RangeError("a baseline needs at least 2 subgroups");
  const n = subgroups[0]!.length;
  if (subgroups.some((subgroup) => subgroup.length !== n)) throw new RangeError("every subgroup of a baseline has the same size");
  const { a2, d3, d4, d2 } = subgroupConstants(n);
  const grandMean = mean(subgroups.map(mean));
  const rBar = mean(subgroups.map(range));
  return {
    location: { center: grandMean, lcl: grandMean - a2 * rBar, ucl: grandMean + a2 * rBar, sigma: (a2 * rBar) / 3 },
    dispersion: { center: rBar, lcl: d3 * rBar, ucl: d4 * rBar, sigma: ((d4 - 1) * rBar) / 3 },
    sigmaWithin: rBar / d2,
  };
}

/** The moving ranges of two: |x[i] - x[i-1]|, one fewer than the values. */
export function movingRanges(values: readonly number[]): number[] {
  return values.slice(1).map((value, i) => Math.abs(value - values[i]!));
}

/**
 * Individuals and moving range limits from a baseline of single values, ASTM E2587-16 §9:
 * I chart X-bar ± 2.66·MR-bar, MR chart 0 .. 3.267·MR-bar.
 */
export function individualsLimits(values: readonly number[]): PairedLimits {
  if (values.length < 2) throw new RangeError("a baseline needs at least 2 values");
  const xBar = mean(values);
  const mrBar = mean(movingRanges(values));
  return {
    location: { center: xBar, lcl: xBar - E2 * mrBar, ucl: xBar + E2 * mrBar, sigma: mrBar / MR_D2 },
    dispersion: { center: mrBar, lcl: 0, ucl: MR_D4 * mrBar, sigma: ((MR_D4 - 1) * mrBar) / 3 },
    sigmaWithin: mrBar / MR_D2,
  };
}

export { mean as average, range as subgroupRange };
