import { useState } from "preact/hooks";
import { api, get } from "../api.js";
import { Empty, ErrorNote, Feedback, Loading } from "../components/status.js";
import { dateTime, duration } from "../format.js";
import { useLive } from "../live.js";
import { useMay } from "../session.js";
import { useData } from "../use-data.js";

interface Bar {
  jobOrderId: string;
  workOrderId: string | null;
  workOrderErpId: string | null;
  step: number | null;
  productId: string | null;
  productName: string | null;
  state: number;
  plannedStart: string | null;
  plannedEnd: string | null;
  actualStart: string | null;
  actualEnd: string | null;
  dueAt: string | null;
  latenessMs: number | null;
  late: boolean;
}
interface Row {
  equipmentId: string;
  name: string;
  bars: Bar[];
}
interface Preview {
  rule: string;
  committed: boolean;
  jobs: { jobOrderId: string; workOrderErpId: string | null; step: number | null; equipmentId: string; equipmentName: string; productId: string | null; productName: string | null; dueAt: string | null; latenessMs: number | null; start: string; end: string; setupMs: number }[];
  unscheduled: { jobOrderId: string; reason: string }[];
  lateness: { workOrderId: string; erpId: string | null; end: string; dueAt: string | null; latenessMs: number | null }[];
  totalChangeoverMs: number;
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const RULES = [["edd", "Earliest due date"], ["priority", "Priority"], ["setup", "Fewest changeovers"]];
/**
 * How much of the time axis the chart spans, and its grid. Four hours by default: a 7-minute job is
 * then about 3 % of the chart's width (some 25 px on a laptop), long enough to see and to label;
 * a day turned such jobs into slivers.
 */
const ZOOMS = [
  { key: "1h", label: "1 hour", span: HOUR, step: 10 * MIN },
  { key: "4h", label: "4 hours", span: 4 * HOUR, step: 30 * MIN },
  { key: "shift", label: "Shift (8 hours)", span: 8 * HOUR, step: HOUR },
  { key: "day", label: "1 day", span: 24 * HOUR, step: 2 * HOUR },
  { key: "week", label: "7 days", span: 7 * 24 * HOUR, step: 24 * HOUR },
] as const;
type Zoom = (typeof ZOOMS)[number];

export function SchedulePage() {
  const may = useMay();
  const [zoomKey, setZoomKey] = useState<Zoom["key"]>("4h");
  const [shift, setShift] = useState(0);
  const zoom = ZOOMS.find((z) => z.key === zoomKey)!;
  // A quarter of the window lies behind now, on a grid line; Earlier and Later move it by half a window.
  const from = new Date(Math.floor((Date.now() - zoom.span / 4) / zoom.step) * zoom.step + (shift * zoom.span) / 2);
  const to = new Date(from.getTime() + zoom.span);
  const gantt = useData(() => get<{ rows: Row[] }>(`/schedule?from=${from.toISOString()}&to=${to.toISOString()}`), [zoomKey, from.getTime()]);
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
        <div class="actions">
          <label>
            Zoom
            <select value={zoomKey} onChange={(e) => { setZoomKey((e.target as HTMLSelectElement).value as Zoom["key"]); setShift(0); }}>
              {ZOOMS.map((z) => <option key={z.key} value={z.key}>{z.label}</option>)}
            </select>
          </label>
          <button type="button" class="secondary" onClick={() => setShift(shift - 1)}>‹ Earlier</button>
          <button type="button" class="secondary" onClick={() => setShift(0)} disabled={shift === 0}>Now</button>
          <button type="button" class="secondary" onClick={() => setShift(shift + 1)}>Later ›</button>
        </div>
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
      {gantt.error ? (
        <ErrorNote error={gantt.error} />
      ) : !gantt.data ? (
        <Loading what="the schedule" />
      ) : gantt.data.rows.length === 0 ? (
        <Empty>No job orders planned or run in this window.</Empty>
      ) : (
        <>
          <Gantt rows={gantt.data.rows} from={from} to={to} step={zoom.step} />
          <WindowTable rows={gantt.data.rows} />
        </>
      )}
      {preview && <PreviewTable preview={preview} />}
    </section>
  );
}

/** Chart geometry, in the SVG's own units (it scales to the page's width). */
const WIDTH = 1000;
const LABEL = 150;
/** Room right of the last grid line, so its time is not cut off. */
const RIGHT = 40;
const ROW = 48;
const AXIS = 26;

function Gantt({ rows, from, to, step }: { rows: Row[]; from: Date; to: Date; step: number }) {
  const span = to.getTime() - from.getTime();
  const x = (value: string | Date) => LABEL + (Math.min(Math.max(new Date(value).getTime() - from.getTime(), 0), span) / span) * (WIDTH - LABEL - RIGHT);
  const ticks = Array.from({ length: Math.floor(span / step) + 1 }, (_, i) => new Date(from.getTime() + i * step));
  const height = rows.length * ROW + AXIS;
  // A tick says the time, or the date where a day begins (every tick of a week); the window's first date stands under the row names.
  const tickLabel = (tick: Date) => {
    const iso = tick.toISOString();
    return step >= 24 * HOUR || iso.slice(11, 16) === "00:00" ? iso.slice(5, 10) : iso.slice(11, 16);
  };
  return (
    <figure class="gantt">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={`Gantt chart of ${rows.length} work units from ${dateTime(from)} to ${dateTime(to)}`}>
        {ticks.map((tick, i) => (
          <g key={tick.getTime()}>
            <line x1={x(tick)} x2={x(tick)} y1={0} y2={height - AXIS + 4} class="grid-line" />
            <text x={x(tick)} y={height - 8} class="axis" text-anchor={i === 0 ? "start" : "middle"}>{tickLabel(tick)}</text>
          </g>
        ))}
        <text x={4} y={height - 8} class="axis">{`${from.toISOString().slice(0, 10)} UTC`}</text>
        <line x1={x(new Date())} x2={x(new Date())} y1={0} y2={height - AXIS + 4} class="now-line" />
        {rows.map((row, i) => (
          <g key={row.equipmentId} transform={`translate(0 ${i * ROW})`} data-row={row.equipmentId}>
            <svg x={0} y={0} width={LABEL - 6} height={ROW}>
              <text x={4} y={ROW / 2 + 4} class="row-label">{row.name}<title>{`${row.name} (${row.equipmentId})`}</title></text>
            </svg>
            {row.bars.map((bar) => <GanttBar key={bar.jobOrderId} bar={bar} x={x} />)}
          </g>
        ))}
      </svg>
    </figure>
  );
}

function GanttBar({ bar, x }: { bar: Bar; x: (value: string | Date) => number }) {
  const name = `${bar.workOrderErpId ?? bar.jobOrderId} · ${bar.productName ?? bar.productId ?? "no product"}`;
  const due = bar.dueAt ? `, due ${dateTime(bar.dueAt)}${bar.latenessMs !== null ? ` (${lateness(bar.latenessMs)})` : ""}` : "";
  const planned = bar.plannedStart && bar.plannedEnd ? { x: x(bar.plannedStart), width: Math.max(2, x(bar.plannedEnd) - x(bar.plannedStart)) } : null;
  return (
    <g data-bar={bar.jobOrderId} data-late={bar.late ? "true" : "false"}>
      {planned && (
        // A nested svg clips the label to its bar.
        <svg x={planned.x} y={6} width={planned.width} height={20} class="bar-box">
          <rect width="100%" height="100%" class={bar.late ? "bar-planned bar-late" : "bar-planned"} />
          <text x={4} y={14} class="bar-label">{name}</text>
          <title>{`${name}: planned ${dateTime(bar.plannedStart)} – ${dateTime(bar.plannedEnd)}${due}`}</title>
        </svg>
      )}
      {bar.actualStart && (
        <rect x={x(bar.actualStart)} y={30} width={Math.max(2, x(bar.actualEnd ?? new Date()) - x(bar.actualStart))} height={12} class="bar-actual">
          <title>{`${name}: ran ${dateTime(bar.actualStart)} – ${bar.actualEnd ? dateTime(bar.actualEnd) : "now"}${due}`}</title>
        </rect>
      )}
    </g>
  );
}

/** "late by 12 min", "early by 1 h 30 min", "on time". */
function lateness(ms: number | null): string {
  if (ms === null) return "–";
  if (ms === 0) return "on time";
  return `${ms > 0 ? "late" : "early"} by ${duration(Math.abs(ms))}`;
}

/** The chart's job orders as a table: what a planner and a screen reader read, by order and product. */
function WindowTable({ rows }: { rows: Row[] }) {
  const bars = rows.flatMap((row) => row.bars.map((bar) => ({ row, bar })));
  return (
    <table aria-label="Job orders in this window">
      <thead><tr><th scope="col">Order</th><th scope="col">Product</th><th scope="col">Work unit</th><th scope="col">Planned</th><th scope="col">Ran</th><th scope="col">Due</th><th scope="col">Lateness</th></tr></thead>
      <tbody>
        {bars.map(({ row, bar }) => (
          <tr key={bar.jobOrderId} data-job={bar.jobOrderId} class={bar.late ? "late" : undefined}>
            <th scope="row">{bar.workOrderErpId ?? "–"}<div class="muted small">{bar.jobOrderId}</div></th>
            <td>{bar.productName ?? bar.productId ?? "–"}</td>
            <td>{row.name}</td>
            <td>{bar.plannedStart ? `${dateTime(bar.plannedStart)} – ${dateTime(bar.plannedEnd)}` : "not planned"}</td>
            <td>{bar.actualStart ? `${dateTime(bar.actualStart)} – ${bar.actualEnd ? dateTime(bar.actualEnd) : "now"}` : "–"}</td>
            <td>{dateTime(bar.dueAt)}</td>
            <td data-lateness={bar.latenessMs ?? ""}>{lateness(bar.latenessMs)}</td>
          </tr>
        ))}
      </tbody>
    </table>
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
        <thead><tr><th scope="col">Order</th><th scope="col">Product</th><th scope="col">Work unit</th><th scope="col">Start</th><th scope="col">End</th><th scope="col">Due</th><th scope="col">Lateness</th><th scope="col">Changeover</th></tr></thead>
        <tbody>
          {preview.jobs.map((job) => (
            <tr key={job.jobOrderId} data-job={job.jobOrderId}>
              <th scope="row">{job.workOrderErpId ?? "–"}<div class="muted small">{job.jobOrderId}</div></th>
              <td>{job.productName ?? job.productId ?? "–"}</td>
              <td>{job.equipmentName}</td>
              <td>{dateTime(job.start)}</td>
              <td>{dateTime(job.end)}</td>
              <td>{dateTime(job.dueAt)}</td>
              <td data-lateness={job.latenessMs ?? ""}>{lateness(job.latenessMs)}</td>
              <td>{duration(job.setupMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
