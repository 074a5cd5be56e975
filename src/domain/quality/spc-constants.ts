/**
 * Control chart constants for subgroups of n = 2..10 drawn from a normal distribution.
 * Source: ASTM E2587-16 "Standard Practice for Use of Control Charts in Statistical Process
 * Control", Table 1; the same figures are in Montgomery, "Introduction to Statistical Quality
 * Control", Appendix Table VI.
 */
export interface SubgroupConstants {
  /** X-bar chart limits: X-double-bar ± A2·R-bar. */
  readonly a2: number;
  /** R chart lower limit: D3·R-bar. */
  readonly d3: number;
  /** R chart upper limit: D4·R-bar. */
  readonly d4: number;
  /** Mean of the relative range: sigma-within = R-bar / d2. */
  readonly d2: number;
}

export const SUBGROUP_CONSTANTS: Readonly<Record<number, SubgroupConstants>> = {
  2: { a2: 1.88, d3: 0, d4: 3.267, d2: 1.128 },
  3: { a2: 1.023, d3: 0, d4: 2.574, d2: 1.693 },
  4: { a2: 0.729, d3: 0, d4: 2.282, d2: 2.059 },
  5: { a2: 0.577, d3: 0, d4: 2.114, d2: 2.326 },
  6: { a2: 0.483, d3: 0, d4: 2.004, d2: 2.534 },
  7: { a2: 0.419, d3: 0.076, d4: 1.924, d2: 2.704 },
  8: { a2: 0.373, d3: 0.136, d4: 1.864, d2: 2.847 },
  9: { a2: 0.337, d3: 0.184, d4: 1.816, d2: 2.97 },
  10: { a2: 0.308, d3: 0.223, d4: 1.777, d2: 3.078 },
};

export const MIN_SUBGROUP_SIZE = 2;
export const MAX_SUBGROUP_SIZE = 10;

/**
 * Individuals chart: X-bar ± E2·MR-bar with moving ranges of two, E2 = 3 / d2(2) = 3 / 1.128 = 2.66
 * (ASTM E2587-16 §9; Montgomery §6.4). The moving range chart's upper limit is D4(2)·MR-bar.
 */
export const E2 = 2.66;
export const MR_D2 = SUBGROUP_CONSTANTS[2]!.d2;
export const MR_D4 = SUBGROUP_CONSTANTS[2]!.d4;

export function subgroupConstants(n: number): SubgroupConstants {
  const constants = Number.isInteger(n) ? SUBGROUP_CONSTANTS[n] : undefined;
  if (!constants) throw new RangeError(`subgroup size ${n} is outside ${MIN_SUBGROUP_SIZE}..${MAX_SUBGROUP_SIZE}`);
  return constants;
}
