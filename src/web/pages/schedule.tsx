import { useState } from "preact/hooks";
import { api, get } from "../api.js";
import { Empty, ErrorNote, Feedback, Loading } from "../components/status.js";
import { dateTime, duration, jobTitle } from "../format.js";
import { useLive } from "../live.js";
import { useMay } from "../session.js";
import { useData } from "../use-data.js";

interface Bar {
  jobOrderId: string;
  workOrderId: string | null;
  workOrderErpId: string | null;
  step: number | null;
  productName: string | null;
  productId: string | null;
  state: number;
  plannedStart: string | null;
  plannedEnd: string | null;
  actualStart: string | null;
  actualEnd: string | null;
  late: boolean;
}
interface Preview {
  rule: string;
  committed: boolean;
  jobs: { jobOrderId: string; workOrderErpId: string | null; step: number | null; productName: string | null; equipmentId: string; start: string; end: string; setupMs: number }[];
  unscheduled: { jobOrderId: string; reason: string }[];
  lateness: { workOrderId: string; erpId: string | null; end: string; dueAt: string | null; latenessMs: number | null }[];
  totalChangeoverMs: number;
}

const HOUR = 3_600_000;
const RULES = [["edd", "Earliest due date"], ["priority", "Priority"], ["setup", "Fewest changeovers"]];

export function SchedulePage() {
  const may = useMay();
  const [days, setDays] = useState(1);
  const from = new Date(Math.floor(Date.now() / HOUR) * HOUR - 4 * HOUR);
  const to = new Date(from.getTime() + days * 24 * HOUR);
  const gantt = useData(() => get<{ rows: { equipmentId: string; bars: Bar[] }[] }>(`/schedule?from=${from.toISOString()}&to=${to.toISOString()}`), [days, from.getTime()]);
  useLive(["schedule.committed", "job.transition"], gantt.reload);
  const [rule, setRule] = useState("edd");
  const [preview, setPreview] = useState<Preview | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const run = async (commit: boolean) => {
    try {
      const view = await api<Preview>("POST", commit ? "/schedule/commit" : "/schedule/preview", { rule });
      setPreview(view);
      setMessage({ ok: true, text: commit ? `Schedule committed: ${view.jobs.length} job orders planned.` : `Preview: ${view.jobs.length} job orders would be planned; nothing changed yet.` });
      gantt.reload();
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    }
  };
  return (
    <section aria-labelledby="schedule-title">
      <header class="page-header">
        <h1 id="schedule-title">Schedule</h1>
        <label>
          Window
          <select value={String(days)} onChange={(e) => setDays(Number((e.target as HTMLSelectElement).value))}>
            <option value="0.5">12 hours</option>
            <option value="1">1 day</option>
            <option value="2">2 days</option>
            <option value="7">7 days</option>
          </select>
        </label>
      </header>
      {may("schedule") && (
        <div class="card actions">
          <label>
            Rule
            <select value={rule} onChange={(e) => setRule((e.target as HTMLSelectElement).value)}>
              {RULES.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
            </select>
          </label>
          <button type="button" class="secondary" onClick={() => run(false)}>Preview</button>
          <button type="button" onClick={() => run(true)}>Commit schedule</button>
        </div>
      )}
      <Feedback message={message} />
      <ul class="legend" aria-label="Gantt legend">
        <li><span class="swatch bar-planned" aria-hidden="true" /> planned</li>
        <li><span class="swatch bar-actual" aria-hidden="true" /> actual</li>
        <li><span class="swatch bar-late" aria-hidden="true" /> late (after its due date)</li>
        <li><span class="swatch bar-now" aria-hidden="true" /> now</li>
      </ul>
      {gantt.error ? <ErrorNote error={gantt.error} /> : !gantt.data ? <Loading what="the schedule" /> : gantt.data.rows.length === 0 ? <Empty>No job orders planned or run in this window.</Empty> : <Gantt rows={gantt.data.rows} from={from} to={to} />}
      {preview && <PreviewTable preview={preview} />}
    </section>
  );
}

function Gantt({ rows, from, to }: { rows: { equipmentId: string; bars: Bar[] }[]; from: Date; to: Date }) {
  const width = 1000;
  const label = 120;
  const rowHeight = 34;
  const span = to.getTime() - from.getTime();
  const x = (value: string | Date) => label + (Math.min(Math.max(new Date(value).getTime() - from.getTime(), 0), span) / span) * (width - label);
  const step = span <= 1.5 * 24 * HOUR ? 2 * HOUR : span <= 3 * 24 * HOUR ? 6 * HOUR : 24 * HOUR;
  const ticks = Array.from({ length: Math.floor(span / step) + 1 }, (_, i) => new Date(from.getTime() + i * step));
  const height = rows.length * rowHeight + 24;
  return (
    <figure class="gantt">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`Gantt chart of ${rows.length} work units from ${dateTime(from)} to ${dateTime(to)}`}>
        {ticks.map((tick) => (
          <g key={tick.getTime()}>
            <line x1={x(tick)} x2={x(tick)} y1={0} y2={height - 20} class="grid-line" />
            <text x={x(tick)} y={height - 6} class="axis" text-anchor="middle">{tick.toISOString().slice(5, 16).replace("T", " ")}</text>
          </g>
        ))}
        <line x1={x(new Date())} x2={x(new Date())} y1={0} y2={height - 20} class="now-line" />
        {rows.map((row, i) => (
          <g key={row.equipmentId} transform={`translate(0 ${i * rowHeight})`} data-row={row.equipmentId}>
            <text x={4} y={rowHeight / 2 + 4} class="row-label">{row.equipmentId}</text>
            {row.bars.map((bar) => (
              <g key={bar.jobOrderId} data-bar={bar.jobOrderId} data-late={bar.late ? "true" : "false"}>
                {bar.plannedStart && bar.plannedEnd && <rect x={x(bar.plannedStart)} y={4} width={Math.max(2, x(bar.plannedEnd) - x(bar.plannedStart))} height={12} class={bar.late ? "bar-planned bar-late" : "bar-planned"}><title>{`${jobTitle({ ...bar, id: bar.jobOrderId })} planned ${dateTime(bar.plannedStart)} – ${dateTime(bar.plannedEnd)}${bar.late ? " (late)" : ""}`}</title></rect>}
                {bar.actualStart && <rect x={x(bar.actualStart)} y={18} width={Math.max(2, x(bar.actualEnd ?? new Date()) - x(bar.actualStart))} height={12} class="bar-actual"><title>{`${jobTitle({ ...bar, id: bar.jobOrderId })} ran ${dateTime(bar.actualStart)} – ${bar.actualEnd ? dateTime(bar.actualEnd) : "now"}`}</title></rect>}
              </g>
            ))}
          </g>
        ))}
      </svg>
    </figure>
  );
}

function PreviewTable({ preview }: { preview: Preview }) {
  const late = preview.lateness.filter((entry) => (entry.latenessMs ?? 0) > 0);
  return (
    <section class="card" aria-labelledby="preview-title">
      <h2 id="preview-title">{preview.committed ? "Committed" : "Preview"} ({preview.rule}): changeovers {duration(preview.totalChangeoverMs)}</h2>
      {late.length > 0 && <p class="error">Late: {late.map((entry) => `${entry.erpId ?? entry.workOrderId} by ${duration(entry.latenessMs)}`).join(", ")}</p>}
      {preview.unscheduled.length > 0 && <p class="muted">Not planned: {preview.unscheduled.map((entry) => `${entry.jobOrderId} (${entry.reason})`).join("; ")}</p>}
      <table>
        <thead><tr><th scope="col">Job order</th><th scope="col">Work unit</th><th scope="col">Start</th><th scope="col">End</th><th scope="col">Changeover</th></tr></thead>
        <tbody>
          {preview.jobs.map((job) => (
            <tr key={job.jobOrderId} data-job={job.jobOrderId}><th scope="row">{jobTitle({ ...job, id: job.jobOrderId })}</th><td>{job.equipmentId}</td><td>{dateTime(job.start)}</td><td>{dateTime(job.end)}</td><td>{duration(job.setupMs)}</td></tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
