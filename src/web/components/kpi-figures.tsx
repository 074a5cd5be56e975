import { count, duration, percent } from "../format.js";

export interface KpiReport {
  kpis: { oee: number | null; availability: number | null; effectiveness: number | null; qualityRate: number | null; mtbfMs: number | null; mttrMs: number | null };
  /** ISO 22400 quantities: produced, good, scrap. */
  quantities: { pq: number; gq: number; sq: number };
  /** Share of the planned busy time the MES recorded; the unrecorded rest counts as a loss. */
  recordedShare: number | null;
}

/** Performance as ISO 22400 has it: above 100 % is shown as it is, and flagged (the ideal cycle time is likely wrong), never capped. */
export function PerformanceValue({ value }: { value: number | null | undefined }) {
  const above = value !== null && value !== undefined && value > 1;
  return above ? (
    <dd class="flagged" title="Above 100 %: the product's ideal cycle time on this unit is likely set too long">
      {percent(value)} <span aria-label="flagged: above 100 %, check the ideal cycle time">⚠</span>
    </dd>
  ) : (
    <dd>{percent(value)}</dd>
  );
}

/** OEE, its three factors, good and scrap, MTBF and MTTR (ISO 22400-2), n/a where the standard has no value. */
export function KpiFigures({ report }: { report: KpiReport }) {
  return (
    <dl class="figures">
      <div><dt>OEE</dt><dd class="big">{percent(report.kpis.oee)}</dd></div>
      <div><dt>Availability</dt><dd>{percent(report.kpis.availability)}</dd></div>
      <div><dt>Performance</dt><PerformanceValue value={report.kpis.effectiveness} /></div>
      <div><dt>Quality</dt><dd>{percent(report.kpis.qualityRate)}</dd></div>
      <div><dt>Good</dt><dd>{count(report.quantities.gq)}</dd></div>
      <div><dt>Scrap</dt><dd>{count(report.quantities.sq)}</dd></div>
      <div><dt>MTBF</dt><dd>{duration(report.kpis.mtbfMs)}</dd></div>
      <div><dt>MTTR</dt><dd>{duration(report.kpis.mttrMs)}</dd></div>
      <div title="Planned time the MES has no machine state for (it was not running) counts as lost">
        <dt>Recorded</dt><dd data-recorded={report.recordedShare ?? ""}>{percent(report.recordedShare)}</dd>
      </div>
    </dl>
  );
}
