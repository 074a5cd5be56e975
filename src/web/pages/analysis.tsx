import { useState } from "preact/hooks";
import { get } from "../api.js";
import { PercentChart } from "../components/line-chart.js";
import { FirstPassTable, type ProductFirstPass } from "../components/first-pass-table.js";
import { AllocationFigures, KpiFigures, type AllocationReport, type KpiReport } from "../components/kpi-figures.js";
import { Pareto, type ParetoBar } from "../components/pareto.js";
import { Empty, ErrorNote, Loading } from "../components/status.js";
import { count, duration } from "../format.js";
import { useLive } from "../live.js";
import { useData } from "../use-data.js";

interface Report extends KpiReport {
  kpis: KpiReport["kpis"] & AllocationReport["kpis"];
  periods: { label: string; from: string; to: string; kpis: KpiReport["kpis"]; recordedShare: number | null }[];
  firstPass?: KpiReport["firstPass"] & { products: ProductFirstPass[] };
}
interface TreeNode {
  id: string;
  name: string;
  level: string;
  children: TreeNode[];
}

const WINDOWS: Record<string, number> = { "24 hours": 24, "7 days": 7 * 24, "30 days": 30 * 24 };
const flatten = (nodes: TreeNode[], depth = 0): { id: string; label: string }[] => nodes.flatMap((node) => [{ id: node.id, label: `${"\u00a0\u00a0".repeat(depth)}${node.name} (${node.level})` }, ...flatten(node.children, depth + 1)]);

export function AnalysisPage() {
  const tree = useData(() => get<{ items: TreeNode[] }>("/equipment"), []);
  const [equipmentId, setEquipmentId] = useState("");
  const [window, setWindow] = useState("24 hours");
  const [granularity, setGranularity] = useState("hour");
  const chosen = equipmentId || tree.data?.items[0]?.id || "";
  const to = new Date(Math.ceil(Date.now() / 60_000) * 60_000);
  const from = new Date(to.getTime() - WINDOWS[window] * 3_600_000);
  const query = `equipmentId=${encodeURIComponent(chosen)}&from=${from.toISOString()}&to=${to.toISOString()}`;
  const report = useData(() => (chosen ? get<Report>(`/oee/${encodeURIComponent(chosen)}?from=${from.toISOString()}&to=${to.toISOString()}&granularity=${granularity}`) : Promise.resolve(undefined)), [chosen, window, granularity, Math.floor(Date.now() / 60_000)]);
  const downtime = useData(() => (chosen ? get<{ totalMs: number; bars: ParetoBar[] }>(`/downtime/pareto?${query}`) : Promise.resolve(undefined)), [chosen, window]);
  const refreshAll = () => {
    report.reload();
    downtime.reload();
    scrap.reload();
  };
  useLive(["machine.state", "production.counted"], refreshAll, () => true, 5000);
  const scrap = useData(() => (chosen ? get<{ counted: number; classified: number; bars: ParetoBar[] }>(`/scrap/pareto?${query}`) : Promise.resolve(undefined)), [chosen, window]);

  return (
    <section aria-labelledby="analysis-title">
      <header class="page-header">
        <h1 id="analysis-title">OEE and downtime analysis</h1>
        <div class="row">
          <label>
            Equipment
            <select value={chosen} onChange={(e) => setEquipmentId((e.target as HTMLSelectElement).value)}>
              {tree.data && flatten(tree.data.items).map((node) => <option key={node.id} value={node.id}>{node.label}</option>)}
            </select>
          </label>
          <label>
            Window
            <select value={window} onChange={(e) => setWindow((e.target as HTMLSelectElement).value)}>
              {Object.keys(WINDOWS).map((w) => <option key={w} value={w}>last {w}</option>)}
            </select>
          </label>
          <label>
            Per
            <select value={granularity} onChange={(e) => setGranularity((e.target as HTMLSelectElement).value)}>
              <option value="hour">hour</option>
              <option value="shift">shift</option>
              <option value="day">day</option>
            </select>
          </label>
        </div>
      </header>
      {report.error ? <ErrorNote error={report.error} /> : !report.data ? <Loading what="OEE" /> : (
        <>
          <KpiFigures report={report.data} />
          <AllocationFigures report={report.data} />
          <FirstPassTable products={report.data.firstPass?.products} />
          {report.data.periods.length === 0 ? <Empty>No periods in this window.</Empty> : (
            <PercentChart
              title={`OEE and its factors per ${granularity} (n/a where nothing was planned; shaded where the MES recorded nothing; within a period, time it did not record counts as lost)`}
              unrecorded={report.data.periods.filter((p) => p.kpis.flags.includes("not_recorded")).map((p) => ({ from: new Date(p.from).getTime(), to: new Date(p.to).getTime() }))}
              times={report.data.periods.map((p) => new Date(p.from).getTime())}
              series={[
                { label: "OEE", values: report.data.periods.map((p) => p.kpis.oee), colour: "#1f4e9c" },
                { label: "Availability", values: report.data.periods.map((p) => p.kpis.availability), colour: "#2a7d3c" },
                { label: "Performance", values: report.data.periods.map((p) => p.kpis.effectiveness), colour: "#a35a00" },
                { label: "Quality", values: report.data.periods.map((p) => p.kpis.qualityRate), colour: "#7a2a8c" },
                { label: "Recorded", values: report.data.periods.map((p) => p.recordedShare), colour: "#6b7280", dashed: true },
              ]}
            />
          )}
        </>
      )}
      <div class="grid two">
        <section class="card" aria-labelledby="downtime-pareto-title">
          <h2 id="downtime-pareto-title">Downtime by reason</h2>
          {downtime.error ? <ErrorNote error={downtime.error} /> : !downtime.data ? <Loading what="downtime" /> : downtime.data.bars.length === 0 ? <Empty>No downtime in this window.</Empty> : <Pareto title={`${duration(downtime.data.totalMs)} of downtime`} bars={downtime.data.bars} format={duration} />}
        </section>
        <section class="card" aria-labelledby="scrap-pareto-title">
          <h2 id="scrap-pareto-title">Scrap by reason</h2>
          {scrap.error ? <ErrorNote error={scrap.error} /> : !scrap.data ? <Loading what="scrap" /> : scrap.data.bars.length === 0 ? <Empty>No scrap in this window.</Empty> : <Pareto title={`${count(scrap.data.counted)} scrapped, ${count(scrap.data.classified)} with a reason`} bars={scrap.data.bars} format={(v) => count(v)} />}
        </section>
      </div>
    </section>
  );
}
