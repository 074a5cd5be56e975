/** One failure (a down-time stop that is not a micro-stop) and how long the unit took to be restored. */
export interface Failure {
  readonly reasonCode: string | null;
  readonly repairMs: number;
}

export interface ReliabilityFigures {
  readonly failures: number;
  /** Time to restoration summed over the failures. */
  readonly repairMs: number;
  /** ISO 22400-2:2014 6.2.31 MTBF = APT / FE; null without a failure. */
  readonly mtbfMs: number | null;
  /** ISO 22400-2:2014 6.2.33 MTTR = time to restoration / FE; null without a failure. */
  readonly mttrMs: number | null;
}

export interface ReasonReliability extends ReliabilityFigures {
  /** Null: the failures nobody gave a reason. */
  readonly reasonCode: string | null;
}

const figures = (aptMs: number, failures: number, repairMs: number): ReliabilityFigures => ({
  failures,
  repairMs,
  mtbfMs: failures > 0 ? aptMs / failures : null,
  mttrMs: failures > 0 ? repairMs / failures : null,
});

/**
 * MTBF and MTTR of one work unit, as a whole and per failure reason. Per reason, the operating
 * time between failures of that reason is the unit's whole APT (a unit runs for all its failure
 * modes at once), so 1/MTBF of the reasons add up to 1/MTBF of the unit. Worst first (most failures).
 */
export function reliabilityByReason(aptMs: number, failures: readonly Failure[]): { total: ReliabilityFigures; reasons: ReasonReliability[] } {
  const byReason = new Map<string | null, { count: number; repairMs: number }>();
  for (const failure of failures) {
    const entry = byReason.get(failure.reasonCode) ?? { count: 0, repairMs: 0 };
    byReason.set(failure.reasonCode, { count: entry.count + 1, repairMs: entry.repairMs + failure.repairMs });
  }
  const reasons = [...byReason].map(([reasonCode, { count, repairMs }]) => ({ reasonCode, ...figures(aptMs, count, repairMs) }));
  reasons.sort((a, b) => b.failures - a.failures || b.repairMs - a.repairMs || String(a.reasonCode).localeCompare(String(b.reasonCode)));
  return { total: figures(aptMs, failures.length, failures.reduce((sum, f) => sum + f.repairMs, 0)), reasons };
}
