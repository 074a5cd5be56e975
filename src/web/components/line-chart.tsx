import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export interface Series {
  label: string;
  values: (number | null)[];
  colour: string;
  /** A data-quality line next to the KPIs, drawn dashed so it is not read as one of them. */
  dashed?: boolean;
}

/** A stretch of the chart with no data to draw (ms since the epoch), shaded and named. */
export interface ChartGap {
  from: number;
  to: number;
}

const GAP_FILL = "#e3e8ee";
const GAP_TEXT = "#4f5b68";

/**
 * A time chart (uPlot) of ratios in percent; gaps where a value is n/a, and `unrecorded` stretches
 * shaded and marked "Not recorded" (never drawn as 0 %). The caption carries the numbers for screen readers.
 */
export function PercentChart({ times, series, title, unrecorded = [] }: { times: number[]; series: Series[]; title: string; unrecorded?: ChartGap[] }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!host.current) return;
    const width = Math.max(320, host.current.clientWidth);
    const plot = new uPlot(
      {
        width,
        height: 260,
        scales: { y: { range: [0, 100] } },
        tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), "Etc/UTC"),
        // UTC and 24 h, like every other time in the UI (uPlot's default is the browser's zone, 12 h).
        axes: [{ values: (_u, ticks) => ticks.map(utcTick) }, { values: (_u, ticks) => ticks.map((t) => `${t} %`) }],
        hooks: { drawClear: [(u: uPlot) => shadeGaps(u, unrecorded)] },
        series: [{ label: "Time (UTC)", value: (_u: uPlot, v: number | null) => (v === null ? "–" : new Date(v * 1000).toISOString().slice(0, 16).replace("T", " ")) }, ...series.map((s) => ({ label: s.label, stroke: s.colour, width: 2, ...(s.dashed ? { dash: [6, 4] } : {}), value: (_u: uPlot, v: number | null) => (v === null ? "n/a" : `${v.toFixed(1)} %`) }))],
      },
      [times.map((t) => t / 1000), ...series.map((s) => s.values.map((v) => (v === null ? null : v * 100)))] as uPlot.AlignedData,
      host.current,
    );
    return () => plot.destroy();
  }, [times.join(","), series.map((s) => s.values.join(",")).join("|"), unrecorded.map((g) => `${g.from}-${g.to}`).join(",")]);
  const unrecordedAt = (i: number) => unrecorded.some((g) => g.from <= times[i] && times[i] < g.to);
  return (
    <figure>
      <figcaption>{title}</figcaption>
      <div ref={host} class="chart" data-unrecorded-periods={unrecorded.length} role="img" aria-label={`${title}: ${series.map((s) => `${s.label} ${s.values.map((v, i) => (unrecordedAt(i) ? "not recorded" : v === null ? "n/a" : `${(v * 100).toFixed(0)}%`)).join(", ")}`).join("; ")}`} />
    </figure>
  );
}

/** Shades each gap over the plot area, under the series, and names it where it is wide enough. */
function shadeGaps(u: uPlot, gaps: ChartGap[]): void {
  const { ctx, bbox } = u;
  ctx.save();
  for (const gap of gaps) {
    const left = Math.max(bbox.left, u.valToPos(gap.from / 1000, "x", true));
    const right = Math.min(bbox.left + bbox.width, u.valToPos(gap.to / 1000, "x", true));
    if (right <= left) continue;
    ctx.fillStyle = GAP_FILL;
    ctx.fillRect(left, bbox.top, right - left, bbox.height);
    ctx.fillStyle = GAP_TEXT;
    ctx.font = `${Math.round(12 * devicePixelRatio)}px sans-serif`;
    ctx.textAlign = "center";
    const label = "Not recorded";
    if (ctx.measureText(label).width < right - left - 4) ctx.fillText(label, (left + right) / 2, bbox.top + bbox.height / 2);
  }
  ctx.restore();
}

/** A time axis tick: the hour, with the date under it at midnight and at the first tick. */
function utcTick(seconds: number, index: number): string {
  const iso = new Date(seconds * 1000).toISOString();
  const hourMinute = iso.slice(11, 16);
  return index === 0 || hourMinute === "00:00" ? `${hourMinute}\n${iso.slice(5, 10)}` : hourMinute;
}
