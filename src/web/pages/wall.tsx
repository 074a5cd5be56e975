import { get } from "../api.js";
import { ErrorNote, Loading } from "../components/status.js";
import { percent, STATE_LABEL, time } from "../format.js";
import { useLive } from "../live.js";
import { useData } from "../use-data.js";
import { useWallScreen } from "../wall-screen.js";

/** One line's or one plant's figures, as the REST overview gives them (the ERP reads the same). */
interface Totals {
  id: string;
  name: string;
  level: "WorkCenter" | "Site";
  path: string[];
  oee: { oee: number | null; availability: number | null; effectiveness: number | null; quality: number | null; recorded: number | null } | null;
  good: number | null;
  scrap: number | null;
  states: Record<string, number>;
  workUnits: number;
}

/** Below this the screen says, once, how little of the shift the figures rest on. */
const FULLY_RECORDED = 0.995;
/** OEE moves with the clock even when nothing happens: the figures are refreshed this often besides the live events. */
const OEE_REFRESH_MS = 15_000;
/** Worst states first: what someone walking by must see. */
const STATE_ORDER = ["faulted", "disconnected", "stopped", "setup", "idle", "running", "unknown"];

/**
 * The plant on a wall: per plant and per line the current shift's OEE, good and scrap, and how many
 * units are in each state, in type sized to the screen (figures of at least 72 px at 1080 lines,
 * about 4.5 cm on a 55-inch screen: readable from 5 m). No navigation: Escape goes back.
 */
export function WallPage() {
  const { data, error, reload } = useData(() => get<{ lines: Totals[]; sites: Totals[] }>("/overview"), []);
  useLive(["machine.state", "production.counted", "job.transition", "plc.connection"], reload);
  useWallScreen(reload, OEE_REFRESH_MS);
  if (!data) return error ? <ErrorNote error={error} /> : <Loading what="the plant" />;
  const rows = [...data.sites, ...data.lines];
  const shares = data.sites.map((site) => site.oee?.recorded).filter((share): share is number => share !== null && share !== undefined);
  const recorded = shares.length > 0 ? Math.min(...shares) : null;
  return (
    <section class="wall" aria-labelledby="wall-title" style={{ "--rows": String(Math.max(rows.length, 1)) }}>
      <header class="wall-head">
        <h1 id="wall-title">{data.sites.map((site) => site.name).join(" · ") || "Plant"}: this shift</h1>
        <span class="wall-updated">updated {time(new Date())} UTC</span>
      </header>
      {error ? <ErrorNote error={error} /> : null}
      <div class="wall-rows">
        {rows.map((row) => (
          <WallRow key={row.id} totals={row} />
        ))}
      </div>
      {recorded !== null && recorded < FULLY_RECORDED && (
        <p class="wall-note recorded" data-recorded={recorded}>
          All figures: the MES recorded {percent(recorded)} of this shift's planned time; the rest counts as lost.
        </p>
      )}
    </section>
  );
}

function WallRow({ totals }: { totals: Totals }) {
  const place = totals.level === "Site" ? "Plant" : totals.path.slice(1).join(" › ");
  const states = STATE_ORDER.filter((state) => (totals.states[state] ?? 0) > 0);
  return (
    <section class={`wall-row wall-${totals.level === "Site" ? "plant" : "line"}`} aria-label={`${totals.name}: this shift`} data-totals={totals.id}>
      <div class="wall-name">
        <span class="wall-place">{place}</span>
        <h2>{totals.name}</h2>
        <ul class="wall-states" aria-label={`states of the ${totals.workUnits} work units`}>
          {states.map((state) => (
            <li key={state} class={`state state-${state}`} data-state-count={state}>
              {totals.states[state]} {STATE_LABEL[state] ?? state}
            </li>
          ))}
        </ul>
      </div>
      <dl class="wall-figures">
        <div>
          <dt>OEE</dt>
          <dd class="wall-figure" data-figure="oee" data-value={totals.oee?.oee ?? ""}>{figure(totals.oee?.oee, " %", 100)}</dd>
        </div>
        <div>
          <dt>Good</dt>
          <dd class="wall-figure" data-figure="good" data-value={totals.good ?? ""}>{figure(totals.good, " pcs")}</dd>
        </div>
        <div>
          <dt>Scrap</dt>
          <dd class="wall-figure" data-figure="scrap" data-value={totals.scrap ?? ""}>{figure(totals.scrap, " pcs")}</dd>
        </div>
      </dl>
    </section>
  );
}

/** The number in full size, its unit small beside it; "n/a" where the standard has no value. */
function figure(value: number | null | undefined, unit: string, scale = 1) {
  if (value === null || value === undefined) return "n/a";
  const shown = scale === 100 ? (value * 100).toFixed(1) : Math.round(value).toLocaleString("en-US");
  return (
    <>
      {shown}
      <span class="wall-unit">{unit}</span>
    </>
  );
}
