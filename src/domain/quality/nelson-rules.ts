/**
 * The eight tests for special causes on a Shewhart chart, numbered and named as in L. S. Nelson,
 * "The Shewhart Control Chart - Tests for Special Causes", Journal of Quality Technology 16(4),
 * 1984 (the numbering Minitab and ISO 7870-2:2013 Annex B use). Tests 1, 5, 6 and (with nine
 * points rather than eight) 2 are the Western Electric zone rules (Statistical Quality Control
 * Handbook, 1956, Part A §1.5); 3, 4, 7 and 8 are Nelson's additions.
 */
export type NelsonRule = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

export const NELSON_RULE_NAMES: Readonly<Record<NelsonRule, string>> = {
  1: "One point beyond 3 sigma",
  2: "Nine points in a row on one side of the centre line",
  3: "Six points in a row steadily increasing or decreasing",
  4: "Fourteen points in a row alternating up and down",
  5: "Two out of three points beyond 2 sigma on the same side",
  6: "Four out of five points beyond 1 sigma on the same side",
  7: "Fifteen points in a row within 1 sigma of the centre line",
  8: "Eight points in a row beyond 1 sigma on either side",
};

export const ALL_NELSON_RULES: readonly NelsonRule[] = [1, 2, 3, 4, 5, 6, 7, 8];

/** A test that fired: at the point that completed its pattern, with the points that make it up. */
export interface NelsonSignal {
  readonly rule: NelsonRule;
  readonly name: string;
  /** Index of the point that completed the pattern. */
  readonly at: number;
  /** Indices of the points the test counted, in order. */
  readonly points: readonly number[];
}

interface Zones {
  readonly center: number;
  readonly sigma: number;
}

const indices = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => from + k);

/** Signed distance from the centre in sigmas. */
const zScore = (value: number, { center, sigma }: Zones) => (sigma > 0 ? (value - center) / sigma : 0);

/** Whether the `length` points ending at `end` all satisfy `test`. */
function run(values: readonly number[], end: number, length: number, test: (value: number, i: number) => boolean): boolean {
  if (end + 1 < length) return false;
  for (let i = end - length + 1; i <= end; i++) if (!test(values[i]!, i)) return false;
  return true;
}

/** `count` of the `window` points ending at `end` beyond `k` sigma on one side, the last point among them. */
function beyondOnOneSide(values: readonly number[], zones: Zones, end: number, window: number, count: number, k: number): number[] | null {
  if (end + 1 < window) return null;
  for (const side of [1, -1]) {
    if (zScore(values[end]!, zones) * side <= k) continue;
    const hits = indices(end - window + 1, end).filter((i) => zScore(values[i]!, zones) * side > k);
    if (hits.length >= count) return hits;
  }
  return null;
}

/** The points of the pattern ending at `end` for one rule, or null when it does not fire there. */
function firesAt(rule: NelsonRule, values: readonly number[], zones: Zones, end: number): number[] | null {
  const z = (i: number) => zScore(values[i]!, zones);
  const step = (i: number) => values[i]! - values[i - 1]!;
  switch (rule) {
    case 1:
      return Math.abs(z(end)) > 3 ? [end] : null;
    case 2: {
      const side = Math.sign(z(end));
      return side !== 0 && run(values, end, 9, (_, i) => Math.sign(z(i)) === side) ? indices(end - 8, end) : null;
    }
    case 3: {
      if (end < 5) return null;
      const rising = indices(end - 4, end).every((i) => step(i) > 0);
      const falling = indices(end - 4, end).every((i) => step(i) < 0);
      return rising || falling ? indices(end - 5, end) : null;
    }
    case 4: {
      if (end < 13) return null;
      const alternating = indices(end - 12, end).every((i) => step(i) !== 0 && (i === end - 12 || Math.sign(step(i)) === -Math.sign(step(i - 1))));
      return alternating ? indices(end - 13, end) : null;
    }
    case 5:
      return beyondOnOneSide(values, zones, end, 3, 2, 2);
    case 6:
      return beyondOnOneSide(values, zones, end, 5, 4, 1);
    case 7:
      return zones.sigma > 0 && run(values, end, 15, (_, i) => Math.abs(z(i)) < 1) ? indices(end - 14, end) : null;
    case 8:
      return run(values, end, 8, (_, i) => Math.abs(z(i)) > 1) ? indices(end - 7, end) : null;
  }
}

/** The tests the point at `end` completes (each judged on the points up to it). */
export function signalsAt(values: readonly number[], zones: Zones, end: number, rules: readonly NelsonRule[] = ALL_NELSON_RULES): NelsonSignal[] {
  return rules.flatMap((rule) => {
    const points = firesAt(rule, values, zones, end);
    return points ? [{ rule, name: NELSON_RULE_NAMES[rule], at: end, points }] : [];
  });
}

/**
 * Every test in `rules` that fires anywhere in `values` (plotted points in time order, on a chart
 * with centre line `center` and the plotted statistic's `sigma`), one signal per completing point.
 */
export function nelsonSignals(values: readonly number[], zones: Zones, rules: readonly NelsonRule[] = ALL_NELSON_RULES): NelsonSignal[] {
  return values.flatMap((_, end) => signalsAt(values, zones, end, rules));
}

/** The tests the newest point completes: what a new result raises. */
export function signalsAtLatest(values: readonly number[], zones: Zones, rules: readonly NelsonRule[] = ALL_NELSON_RULES): NelsonSignal[] {
  return values.length === 0 ? [] : signalsAt(values, zones, values.length - 1, rules);
}
