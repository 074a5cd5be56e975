import { count, duration, percent } from "../format.js";

export interface KpiReport {
  kpis: { oee: number | null; availability: number | null; effectiveness: number | null; qualityRate: number | null; mtbfMs: number | null; mttrMs: number | null; flags: string[] };
  /** ISO 22400-2 time elements (ms) and the failures MTBF and MTTR divide by. */
  elements: { pbtMs: number; failures: number };
  /** ISO 22400 quantities: produced, good, scrap. */
  quantities: { pq: number; gq: number; sq: number };
  /** Share of the planned busy time the MES recorded; the unrecorded rest counts as a loss. */
  recordedShare: number | null;
  /** ISO 22400-2 rework quantity and first-pass yield, from NCR dispositions. */
  firstPass?: { rq: number; firstPassYield: number | null };
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

/** Why the window's figures are n/a as a whole, in words (null when they are not). */
export function whyNoFigures(report: KpiReport): string | null {
  if (report.kpis.flags.includes("not_recorded")) return "not recorded: the MES has no machine state for this planned time";
  if (report.kpis.flags.includes("no_planned_time")) return "no planned time in this window";
  return null;
}

/** Why MTBF and MTTR are n/a: ISO 22400-2 divides by the failures (down-time stops longer than the micro-stop threshold). */
export function whyNoMtbf(report: KpiReport): string | null {
  if (report.kpis.mtbfMs !== null && report.kpis.mttrMs !== null) return null;
  return whyNoFigures(report) ?? (report.elements.failures === 0 ? "no failure recorded in this window" : null);
}

/** A figure, or "n/a" with the reason beside it. */
function Figure({ value, why }: { value: string; why: string | null }) {
  return (
    <dd data-na-reason={why ?? undefined}>
      {value}
      {why && value === "n/a" && <span class="small muted na-reason"> ({why})</span>}
    </dd>
  );
}

/** OEE, its three factors, good and scrap, MTBF and MTTR (ISO 22400-2), n/a where the standard has no value, with the reason. */
export function KpiFigures({ report }: { report: KpiReport }) {
  const none = whyNoFigures(report);
  const noMtbf = whyNoMtbf(report);
  return (
    <>
      <dl class="figures">
        <div><dt>OEE</dt><dd class="big" data-na-reason={none ?? undefined}>{percent(report.kpis.oee)}</dd></div>
        <div><dt>Availability</dt><dd>{percent(report.kpis.availability)}</dd></div>
        <div><dt>Performance</dt><PerformanceValue value={report.kpis.effectiveness} /></div>
        <div><dt>Quality</dt><dd>{percent(report.kpis.qualityRate)}</dd></div>
        <div><dt>Good</dt><dd>{count(report.quantities.gq)}</dd></div>
        <div><dt>Scrap</dt><dd>{count(report.quantities.sq)}</dd></div>
        {report.firstPass && (
          <>
            <div data-kpi="fpy" title="ISO 22400-2 first-pass yield: parts good the first time (less those an NCR sent to rework or scrap) per part made">
              <dt>First-pass yield</dt><dd>{percent(report.firstPass.firstPassYield)}</dd>
            </div>
            <div data-kpi="rework"><dt>Rework</dt><dd>{count(report.firstPass.rq)}</dd></div>
          </>
        )}
        <div data-kpi="mtbf"><dt>MTBF</dt><Figure value={duration(report.kpis.mtbfMs)} why={noMtbf} /></div>
        <div data-kpi="mttr"><dt>MTTR</dt><Figure value={duration(report.kpis.mttrMs)} why={noMtbf} /></div>
        <div title="Planned time the MES has no machine state for (it was not running) counts as lost">
          <dt>Recorded</dt><dd data-recorded={report.recordedShare ?? ""}>{percent(report.recordedShare)}</dd>
        </div>
      </dl>
      {none && <p class="small muted na-reason" data-no-figures>Figures n/a: {none}</p>}
    </>
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
