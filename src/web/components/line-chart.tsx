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

/** A time chart (uPlot) of ratios in percent; gaps where a value is n/a. The caption carries the numbers for screen readers. */
export function PercentChart({ times, series, title }: { times: number[]; series: Series[]; title: string }) {
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
        series: [{ label: "Time (UTC)", value: (_u: uPlot, v: number | null) => (v === null ? "–" : new Date(v * 1000).toISOString().slice(0, 16).replace("T", " ")) }, ...series.map((s) => ({ label: s.label, stroke: s.colour, width: 2, ...(s.dashed ? { dash: [6, 4] } : {}), value: (_u: uPlot, v: number | null) => (v === null ? "n/a" : `${v.toFixed(1)} %`) }))],
      },
      [times.map((t) => t / 1000), ...series.map((s) => s.values.map((v) => (v === null ? null : v * 100)))] as uPlot.AlignedData,
      host.current,
    );
    return () => plot.destroy();
  }, [times.join(","), series.map((s) => s.values.join(",")).join("|")]);
  return (
    <figure>
      <figcaption>{title}</figcaption>
      <div ref={host} class="chart" role="img" aria-label={`${title}: ${series.map((s) => `${s.label} ${s.values.map((v) => (v === null ? "n/a" : `${(v * 100).toFixed(0)}%`)).join(", ")}`).join("; ")}`} />
    </figure>
  );
}

/** A time axis tick: the hour, with the date under it at midnight and at the first tick. */
function utcTick(seconds: number, index: number): string {
  const iso = new Date(seconds * 1000).toISOString();
  const hourMinute = iso.slice(11, 16);
  return index === 0 || hourMinute === "00:00" ? `${hourMinute}\n${iso.slice(5, 10)}` : hourMinute;
}
