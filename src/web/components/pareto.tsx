export interface ParetoBar {
  key: string;
  value: number;
  count: number;
  share: number;
  cumulativeShare: number;
  reason: string[] | null;
}

/** Bars by reason, largest first, with the running share: the Pareto the first prototype drew for rejected parts. */
export function Pareto({ bars, format, title }: { bars: ParetoBar[]; format: (value: number) => string; title: string }) {
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  return (
    <figure class="pareto">
      <figcaption>{title}</figcaption>
      <table>
        <thead><tr><th scope="col">Reason</th><th scope="col">Amount</th><th scope="col">Events</th><th scope="col">Share</th><th scope="col">Cumulative</th></tr></thead>
        <tbody>
          {bars.map((bar) => (
            <tr key={bar.key}>
              <th scope="row">{bar.reason?.join(" › ") ?? (bar.key === "" || bar.key === "unassigned" ? "unassigned" : bar.key)}</th>
              <td>
                <span class="hbar" aria-hidden="true"><span class="hbar-fill" style={{ width: `${(bar.value / max) * 100}%` }} /></span> {format(bar.value)}
              </td>
              <td>{bar.count}</td>
              <td>{(bar.share * 100).toFixed(1)} %</td>
              <td>{(bar.cumulativeShare * 100).toFixed(1)} %</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
