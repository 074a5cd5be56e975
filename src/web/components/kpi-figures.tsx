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

export interface AllocationReport {
  kpis: { allocationEfficiency: number | null; allocationRatio: number | null };
}

/** ISO 22400-2 allocation efficiency and allocation ratio, under the standard's names and with their formulas. */
export function AllocationFigures({ report }: { report: AllocationReport }) {
  return (
    <dl class="figures">
      <div title="ISO 22400-2: busy time (production, setup, delays) per planned busy time, AUBT / PBT">
        <dt>Allocation efficiency</dt><dd data-allocation-efficiency={report.kpis.allocationEfficiency ?? ""}>{percent(report.kpis.allocationEfficiency)}</dd>
      </div>
      <div title="ISO 22400-2: busy time per order execution time (from the job orders' actual start to their actual end), AUBT / AOET; above 100 % where the unit was busy outside its job orders">
        <dt>Allocation ratio</dt><dd data-allocation-ratio={report.kpis.allocationRatio ?? ""}>{percent(report.kpis.allocationRatio)}</dd>
      </div>
    </dl>
  );
}
