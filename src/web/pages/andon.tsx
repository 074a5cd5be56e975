import { useContext } from "preact/hooks";
import { HIGH_SEVERITY, type AlarmView } from "../alarm-types.js";
import { useAlarmBeep, useNow, useStoredSwitch } from "../andon-signals.js";
import { get } from "../api.js";
import { AndonAlarms } from "../components/andon-alarms.js";
import { RequestMaintenanceButton } from "../components/request-maintenance.js";
import { StateBadge, StateLegend } from "../components/state-legend.js";
import { ErrorNote, Loading } from "../components/status.js";
import { STATE_LABEL, time } from "../format.js";
import { useLive } from "../live.js";
import { FLOOR_ROLES, SessionContext, useHasRole } from "../session.js";
import { alarmsByUnit, useActiveAlarms } from "../use-alarms.js";
import { useData } from "../use-data.js";
import { useWallScreen } from "../wall-screen.js";
import type { Tile } from "./overview.js";

/** A stop is seen without its live events this long at most (a reason assigned elsewhere sends none). */
const REFRESH_MS = 15_000;
/** Alarms a tile lists; more are counted ("+2 more"), so a tile never outgrows the screen. */
const ALARMS_PER_TILE = 3;
/**
 * Which units come first: down (a fault, a stop, a lost PLC), then waiting (idle, unknown), then
 * setting up, then running; within each the longest first.
 */
const RANK: Record<string, number> = { faulted: 0, stopped: 0, disconnected: 0, idle: 1, unknown: 1, setup: 2, running: 3 };
const DOWN_RANK = 0;

const shownState = (tile: Tile) => (tile.plcState === "connected" ? tile.machineState : "disconnected");

/** The units in the order the andon shows them: worst and longest first. */
function andonOrder(tiles: readonly Tile[]): Tile[] {
  const since = (tile: Tile) => (tile.stateSince ? Date.parse(tile.stateSince) : Number.POSITIVE_INFINITY);
  const rank = (tile: Tile) => RANK[shownState(tile)] ?? 1;
  return [...tiles].sort((a, b) => rank(a) - rank(b) || since(a) - since(b) || a.name.localeCompare(b.name));
}

/**
 * The andon: every work unit as a tile in its state's colour, the longest stops first, each with its
 * stop's duration counting up, its fault and reason and its active alarms; people on the floor
 * acknowledge an alarm and request maintenance from the screen. Sized for a 1920x1080 wall screen
 * read from across the hall; Escape goes back to the overview.
 */
export function AndonPage() {
  const { data, error, reload } = useData(() => get<{ workUnits: Tile[]; sites: { name: string }[] }>("/overview"), []);
  useLive(["machine.state", "plc.connection", "job.transition"], reload);
  const alarms = useActiveAlarms();
  const now = useNow();
  const me = useContext(SessionContext);
  const hasRole = useHasRole();
  const mayAct = hasRole(FLOOR_ROLES);
  const [flash, setFlash] = useStoredSwitch("mes.andon.flash", true);
  const [sound, setSound] = useStoredSwitch("mes.andon.sound", false);
  const loud = alarms.alarms.filter((alarm) => !alarm.acknowledged && alarm.severity >= HIGH_SEVERITY && alarm.shelved === "unshelved");
  const beep = useAlarmBeep(sound, loud.map((alarm) => alarm.id));
  useWallScreen(reload, REFRESH_MS);
  if (!data) return error ? <ErrorNote error={error} /> : <Loading what="the andon" />;
  const tiles = andonOrder(data.workUnits);
  const byUnit = alarmsByUnit(alarms.alarms.filter((alarm) => alarm.shelved === "unshelved"));
  const units = new Set(tiles.map((tile) => tile.id));
  const elsewhere = [...byUnit].filter(([unit]) => !units.has(unit)).flatMap(([, list]) => list);
  const unplaced = alarms.alarms.filter((alarm) => alarm.workUnitId === null && alarm.shelved === "unshelved");
  const cols = Math.min(tiles.length, Math.max(1, Math.ceil(Math.sqrt(tiles.length * 1.8))));
  const rows = Math.max(1, Math.ceil(tiles.length / cols));
  return (
    <section class="andon" aria-labelledby="andon-title" style={{ "--cols": String(cols), "--rows": String(rows) }}>
      <header class="andon-head">
        <h1 id="andon-title">Andon: {data.sites.map((site) => site.name).join(" · ") || "Plant"}</h1>
        <span class="andon-order">longest stop first</span>
        <StateLegend />
        <div class="andon-switches">
          <label class="andon-switch">
            <input type="checkbox" checked={flash} onChange={(event) => setFlash((event.target as HTMLInputElement).checked)} /> Flash
          </label>
          <label class="andon-switch">
            <input
              type="checkbox"
              checked={sound}
              onChange={(event) => {
                const on = (event.target as HTMLInputElement).checked;
                if (on) beep.unlock();
                setSound(on);
              }}
            />{" "}
            Sound
          </label>
          <span class="andon-who">{me?.user.name}</span>
          <a href="#/">Plant overview</a>
          <span class="andon-updated">updated {time(new Date(now))} UTC</span>
        </div>
      </header>
      {error ? <ErrorNote error={error} /> : null}
      {alarms.error ? <ErrorNote error={alarms.error} /> : null}
      {[...unplaced, ...elsewhere].length > 0 && (
        <section class="andon-plant-alarms" aria-label="Alarms of no work unit on this screen">
          <AndonAlarms alarms={[...unplaced, ...elsewhere]} canAcknowledge={mayAct} onChanged={alarms.reload} />
        </section>
      )}
      <div class="andon-tiles">
        {tiles.map((tile) => (
          <AndonTile key={tile.id} tile={tile} now={now} alarms={byUnit.get(tile.id) ?? []} mayAct={mayAct} flash={flash} onAlarmsChanged={alarms.reload} />
        ))}
      </div>
    </section>
  );
}

function AndonTile({ tile, now, alarms, mayAct, flash, onAlarmsChanged }: { tile: Tile; now: number; alarms: AlarmView[]; mayAct: boolean; flash: boolean; onAlarmsChanged: () => void }) {
  const state = shownState(tile);
  const down = (RANK[state] ?? 1) === DOWN_RANK;
  const sinceMs = tile.stateSince ? Math.max(0, now - Date.parse(tile.stateSince)) : null;
  const loud = alarms.some((alarm) => !alarm.acknowledged && alarm.severity >= HIGH_SEVERITY);
  const cause = tile.stop ? causeOf(tile.stop) : null;
  const titleId = `andon-unit-${tile.id}`;
  return (
    <section
      class={`andon-tile tile-${state}${down ? " andon-down" : ""}${loud && flash ? " andon-flash" : ""}`}
      aria-labelledby={titleId}
      data-unit={tile.id}
      data-state={state}
      data-stop={tile.stop?.id ?? ""}
    >
      <div class="andon-tile-head">
        <h2 id={titleId}>
          <a href={`#/units/${encodeURIComponent(tile.id)}`}>{tile.name}</a>
        </h2>
        <StateBadge state={state} />
      </div>
      <p class={`andon-duration${down ? "" : " andon-quiet"}`} data-duration-ms={sinceMs ?? ""}>
        <span class="sr-only">{STATE_LABEL[state] ?? state} for </span>
        {durationFigure(sinceMs)}
      </p>
      {cause && <p class="andon-cause" data-cause>{cause}</p>}
      <AndonAlarms alarms={alarms.slice(0, ALARMS_PER_TILE)} canAcknowledge={mayAct} onChanged={onAlarmsChanged} />
      {alarms.length > ALARMS_PER_TILE && <p class="andon-more">+{alarms.length - ALARMS_PER_TILE} more alarms</p>}
      {down && mayAct && (
        <RequestMaintenanceButton
          source={{ workUnitId: tile.id, unitName: tile.name, title: `${tile.name}: ${cause ?? STATE_LABEL[state] ?? state}`, fromDowntimeId: tile.stop?.id, fromAlarmId: alarms[0]?.id }}
        />
      )}
    </section>
  );
}

/** What stopped it, as the downtime list says it: the reason, the PLC's fault code, or that nobody gave one yet. */
function causeOf(stop: NonNullable<Tile["stop"]>): string {
  const reason = stop.reason?.join(" › ") ?? stop.reasonCode;
  const fault = stop.faultCode ? `fault ${stop.faultCode}` : null;
  return [fault, reason].filter((part) => part !== null).join(" · ") || "no reason given yet";
}

/** Hours, minutes and seconds in full size, their units small: "1 h 05 min" or "12 min 07 s". */
function durationFigure(ms: number | null) {
  if (ms === null) return "n/a";
  const s = Math.floor(ms / 1000);
  const parts: [number, string][] = s >= 3600 ? [[Math.floor(s / 3600), "h"], [Math.floor(s / 60) % 60, "min"]] : s >= 60 ? [[Math.floor(s / 60), "min"], [s % 60, "s"]] : [[s, "s"]];
  return parts.map(([value, unit], i) => (
    <span key={unit}>
      {i > 0 ? " " + String(value).padStart(2, "0") : value}
      <span class="andon-unit">{unit}</span>
    </span>
  ));
}
