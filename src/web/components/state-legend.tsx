import { STATE_LABEL } from "../format.js";

export function StateBadge({ state }: { state: string }) {
  return <span class={`state state-${state}`}>{STATE_LABEL[state] ?? state}</span>;
}

/** The colours mean the same on every page; the legend says what they mean. */
export function StateLegend({ unrecorded = false }: { unrecorded?: boolean }) {
  const states = ["running", "idle", "setup", "faulted", "stopped", "disconnected", "unknown", ...(unrecorded ? ["unrecorded"] : [])];
  return (
    <ul class="legend" aria-label="Machine state colours">
      {states.map((state) => (
        <li key={state}>
          <span class={`swatch state-${state}`} aria-hidden="true" /> {STATE_LABEL[state]}
        </li>
      ))}
    </ul>
  );
}
