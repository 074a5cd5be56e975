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
        axes: [{}, { values: (_u, ticks) => ticks.map((t) => `${t} %`) }],
        series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.colour, width: 2, ...(s.dashed ? { dash: [6, 4] } : {}), value: (_u: uPlot, v: number | null) => (v === null ? "n/a" : `${v.toFixed(1)} %`) }))],
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
