/** A changeover time between products, for some work units or all ("*" matches any product). */
export interface ChangeoverRule {
  readonly workUnits?: readonly string[];
  readonly from: string;
  readonly to: string;
  readonly minutes: number;
}

/**
 * The changeover matrix as rules: the most specific rule that matches wins (a rule naming the
 * work unit beats one that does not; an exact product beats "*"). The same product, or an unknown
 * one before, needs none; no matching rule means none.
 */
export function changeoverMs(rules: readonly ChangeoverRule[], unitId: string, from: string | null, to: string | null): number {
  if (from === null || to === null || from === to) return 0;
  let best: { score: number; minutes: number } | undefined;
  for (const rule of rules) {
    if (rule.workUnits && !rule.workUnits.includes(unitId)) continue;
    if ((rule.from !== "*" && rule.from !== from) || (rule.to !== "*" && rule.to !== to)) continue;
    const score = (rule.workUnits ? 4 : 0) + (rule.from !== "*" ? 2 : 0) + (rule.to !== "*" ? 1 : 0);
    if (!best || score > best.score) best = { score, minutes: rule.minutes };
  }
  return (best?.minutes ?? 0) * 60_000;
}
