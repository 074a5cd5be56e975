import { count, duration, percent } from "../format.js";

export interface KpiReport {
  kpis: { oee: number | null; availability: number | null; effectiveness: number | null; qualityRate: number | null; mtbfMs: number | null; mttrMs: number | null };
  /** ISO 22400 quantities: produced, good, scrap. */
  quantities: { pq: number; gq: number; sq: number };
}

/** OEE, its three factors, good and scrap, MTBF and MTTR (ISO 22400-2), n/a where the standard has no value. */
export function KpiFigures({ report }: { report: KpiReport }) {
  return (
    <dl class="figures">
      <div><dt>OEE</dt><dd class="big">{percent(report.kpis.oee)}</dd></div>
      <div><dt>Availability</dt><dd>{percent(report.kpis.availability)}</dd></div>
      <div><dt>Performance</dt><dd>{percent(report.kpis.effectiveness)}</dd></div>
      <div><dt>Quality</dt><dd>{percent(report.kpis.qualityRate)}</dd></div>
      <div><dt>Good</dt><dd>{count(report.quantities.gq)}</dd></div>
      <div><dt>Scrap</dt><dd>{count(report.quantities.sq)}</dd></div>
      <div><dt>MTBF</dt><dd>{duration(report.kpis.mtbfMs)}</dd></div>
      <div><dt>MTTR</dt><dd>{duration(report.kpis.mttrMs)}</dd></div>
    </dl>
  );
}
