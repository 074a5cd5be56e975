import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export interface ChartLimits {
  center: number;
  lcl: number;
  ucl: number;
}

const VALUE = "#1f5f99";
const CENTER = "#2f7d32";
const LIMIT = "#b3261e";
const SIGNAL = "#b3261e";

/**
 * A Shewhart control chart (uPlot, as the OEE charts): the points in the order they were taken, the
 * centre line and the control limits, and the points a Nelson test flagged drawn as red dots. The
 * caption carries the numbers for screen readers.
 */
export function ControlChart({ title, values, limits, flagged, unit }: { title: string; values: (number | null)[]; limits: ChartLimits | null; flagged: ReadonlySet<number>; unit: string }) {
  const host = useRef<HTMLDivElement>(null);
  const key = `${values.join(",")}|${limits ? `${limits.center},${limits.lcl},${limits.ucl}` : ""}|${[...flagged].join(",")}`;
  useEffect(() => {
    if (!host.current) return;
    const width = Math.max(320, host.current.clientWidth);
    const xs = values.map((_, i) => i + 1);
    const line = (v: number | undefined) => values.map(() => v ?? null);
    const fmt = (_u: uPlot, v: number | null) => (v === null ? "–" : `${+v.toFixed(4)} ${unit}`);
    const plot = new uPlot(
      {
        width,
        height: 220,
        scales: { x: { time: false } },
        axes: [{ label: "Point" }, { values: (_u, ticks) => ticks.map((t) => `${+t.toFixed(4)}`) }],
        series: [
          { label: "Point" },
          { label: "Value", stroke: VALUE, width: 2, value: fmt, points: { show: true, size: 4 } },
          { label: "Signal", stroke: SIGNAL, width: 0, value: fmt, points: { show: true, size: 9, fill: SIGNAL, stroke: SIGNAL } },
          { label: "Centre", points: { show: false }, stroke: CENTER, width: 1, value: fmt },
          { label: "UCL", points: { show: false }, stroke: LIMIT, width: 1, dash: [6, 4], value: fmt },
          { label: "LCL", points: { show: false }, stroke: LIMIT, width: 1, dash: [6, 4], value: fmt },
        ],
      },
      [xs, values, values.map((v, i) => (flagged.has(i) ? v : null)), line(limits?.center), line(limits?.ucl), line(limits?.lcl)] as uPlot.AlignedData,
      host.current,
    );
    return () => plot.destroy();
  }, [key, unit]);
  const described = values.map((v, i) => (v === null ? "n/a" : `${+v.toFixed(4)}${flagged.has(i) ? " (signal)" : ""}`)).join(", ");
  const limitText = limits ? `centre ${+limits.center.toFixed(4)}, limits ${+limits.lcl.toFixed(4)} to ${+limits.ucl.toFixed(4)} ${unit}` : "no limits yet";
  return (
    <figure>
      <figcaption>{title}</figcaption>
      <div ref={host} class="chart" data-points={values.length} data-signals={flagged.size} role="img" aria-label={`${title}: ${limitText}; points ${described}`} />
    </figure>
  );
}
