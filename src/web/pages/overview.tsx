import { useEffect } from "preact/hooks";
import { get } from "../api.js";
import { PerformanceValue } from "../components/kpi-figures.js";
import { StateBadge, StateLegend } from "../components/state-legend.js";
import { ErrorNote, Loading } from "../components/status.js";
import { count, jobTitle, percent, time } from "../format.js";
import { useLive } from "../live.js";
import { useActiveAlarms } from "../use-alarms.js";
import { useData } from "../use-data.js";

/** A work unit as GET /api/v1/overview gives it. */
export interface Tile {
  id: string;
  name: string;
  path: string[];
  machineState: string;
  stateSince: string | null;
  plcState: string;
  job: { id: string; stateName: string; quantity: number; good: number; scrap: number; workOrderErpId: string | null; step: number | null; productName: string | null } | null;
  /** The PLC's CurrentJob tag: its own word, shown beside the MES's job. */
  plcJob: string | null;
  oee: { oee: number | null; availability: number | null; effectiveness: number | null; quality: number | null; recorded: number | null } | null;
  /** The stop it is in now (delay or down time), as the downtime list has it. */
  stop: { id: string; startedAt: string; faultCode: string | null; reasonCode: string | null; reason: string[] | null } | null;
}

/** Below this the tile says how little of the shift the figures rest on. */
const FULLY_RECORDED = 0.995;

/** OEE moves with the clock even when nothing happens: the figures are refreshed this often besides the live events. */
const OEE_REFRESH_MS = 15_000;

export function OverviewPage() {
  const { data, error, reload } = useData(() => get<{ workUnits: Tile[] }>("/overview"), []);
  useLive(["machine.state", "production.counted", "job.transition", "plc.connection"], reload);
  useEffect(() => {
    const timer = setInterval(reload, OEE_REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  const alarms = useActiveAlarms();
  const unacknowledged = new Map<string, number>();
  for (const alarm of alarms.alarms) if (!alarm.acknowledged && alarm.shelved === "unshelved" && alarm.workUnitId) unacknowledged.set(alarm.workUnitId, (unacknowledged.get(alarm.workUnitId) ?? 0) + 1);
  // A wall screen keeps what it last knew through a failed refresh, and says the refresh failed.
  if (!data) return error ? <ErrorNote error={error} /> : <Loading what="the plant" />;
  const groups = new Map<string, Tile[]>();
  for (const tile of data.workUnits) {
    const key = tile.path.join(" › ");
    groups.set(key, [...(groups.get(key) ?? []), tile]);
  }
  return (
    <section aria-labelledby="overview-title">
      <header class="page-header">
        <h1 id="overview-title">Plant overview</h1>
        <span class="screen-links">
          <a href="#/wall" title="Totals per line and plant in large type, for a screen on the wall (Escape comes back)">Wall screen</a>
          <a href="#/andon" title="Every unit's state and alarms, the longest stop first, for a screen on the floor (Escape comes back)">Andon</a>
        </span>
        <StateLegend />
      </header>
      {error ? <ErrorNote error={error} /> : null}
      <div class="centers">
      {[...groups].map(([path, tiles]) => (
        <section key={path} class="work-center" aria-label={path}>
          <h2>{path}</h2>
          <div class="tiles" style={{ "--count": String(tiles.length) }}>
            {tiles.map((tile) => (
              <TileView key={tile.id} tile={tile} alarms={unacknowledged.get(tile.id) ?? 0} />
            ))}
          </div>
        </section>
      ))}
      </div>
    </section>
  );
}

function TileView({ tile, alarms }: { tile: Tile; alarms: number }) {
  const state = tile.plcState === "connected" ? tile.machineState : "disconnected";
  const progress = tile.job ? Math.min(1, tile.job.good / tile.job.quantity) : 0;
  return (
    <a class={`tile tile-${state}`} href={`#/units/${tile.id}`} data-unit={tile.id} data-state={state} aria-label={`${tile.name}: ${state}${alarms > 0 ? `, ${alarms} unacknowledged alarm${alarms === 1 ? "" : "s"}` : ""}`}>
      <div class="tile-head">
        <strong>{tile.name}</strong>
        {alarms > 0 && (
          <span class="alarm-badge" data-alarm-count={alarms} title={`${alarms} active alarm${alarms === 1 ? "" : "s"} not acknowledged`}>
            {alarms}
          </span>
        )}
        <StateBadge state={state} />
      </div>
      <div class="muted small">since {time(tile.stateSince)}</div>
      {tile.job ? (
        <div class="job">
          <div data-job={tile.job.id}>
            Job <strong>{jobTitle(tile.job)}</strong> ({tile.job.stateName})
          </div>
          <progress max={1} value={progress} aria-label={`progress of ${jobTitle(tile.job)}`} />
          <div class="small">
            {count(tile.job.good)} good of {count(tile.job.quantity)}, {count(tile.job.scrap)} scrap
          </div>
          {tile.plcJob !== null && tile.plcJob !== tile.job.id && <div class="small plc-job" data-plc-job>PLC reports {tile.plcJob}</div>}
        </div>
      ) : (
        <div class="job muted" data-no-job>
          MES: no job running{tile.plcJob !== null && <span data-plc-job> · PLC reports {tile.plcJob}</span>}
        </div>
      )}
      <dl class="oee">
        <div><dt>OEE</dt><dd class="big">{percent(tile.oee?.oee)}</dd></div>
        <div><dt>Availability</dt><dd>{percent(tile.oee?.availability)}</dd></div>
        <div><dt>Performance</dt><PerformanceValue value={tile.oee?.effectiveness} /></div>
        <div><dt>Quality</dt><dd>{percent(tile.oee?.quality)}</dd></div>
      </dl>
      {tile.oee?.recorded !== null && tile.oee?.recorded !== undefined && tile.oee.recorded < FULLY_RECORDED && (
        <div class="small muted recorded" data-recorded={tile.oee.recorded}>
          MES recorded {percent(tile.oee.recorded)} of this shift; the rest counts as lost
        </div>
      )}
    </a>
  );
}
