import { useEffect, useState } from "preact/hooks";
import { api, get } from "../api.js";
import { Empty, ErrorNote, Feedback, Loading } from "../components/status.js";
import { dateTime, time } from "../format.js";
import { useMay } from "../session.js";
import { useData } from "../use-data.js";

interface Assignment {
  personId: string;
  workCenterId: string;
  shiftKey: string;
  startsAt: string;
  endsAt: string;
}
interface GeneratedRoster {
  committed: boolean;
  assignments: { shiftKey: string; workCenterId: string; personId: string; start: number; end: number }[];
  shortages: { shiftKey: string; workCenterId: string; needed: number; assigned: number; reasons: string[] }[];
  underMinimum: { personId: string; hours: number; minHours: number }[];
}

const DAY = 86_400_000;
/** Monday 00:00 UTC of the week containing `at`. */
function weekStart(at: number): Date {
  const day = new Date(Math.floor(at / DAY) * DAY);
  return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY);
}
const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

export function RostersPage() {
  const may = useMay();
  const [offset, setOffset] = useState(0);
  const start = new Date(weekStart(Date.now()).getTime() + offset * 7 * DAY);
  const end = new Date(start.getTime() + 7 * DAY);
  const roster = useData(() => get<{ items: Assignment[] }>(`/rosters?from=${start.toISOString()}&to=${end.toISOString()}`), [offset]);
  const onShift = useData(() => get<{ items: { workCenterId: string; personId: string; name: string | null }[] }>("/personnel/on-shift"), []);
  // Who is on shift changes with the clock: look again every minute.
  useEffect(() => {
    const timer = setInterval(onShift.reload, 60_000);
    return () => clearInterval(timer);
  }, [onShift.reload]);
  const people = useData(() => get<{ items: { id: string; name: string }[] }>("/personnel"), []);
  const [generated, setGenerated] = useState<GeneratedRoster | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const name = (id: string) => people.data?.items.find((p) => p.id === id)?.name ?? id;
  const generate = async (commit: boolean) => {
    try {
      const result = await api<GeneratedRoster>("POST", commit ? "/rosters/commit" : "/rosters/preview", { weekStart: start.toISOString() });
      setGenerated(result);
      setMessage({ ok: true, text: commit ? `Roster committed: ${result.assignments.length} assignments.` : `Preview: ${result.assignments.length} assignments, ${result.shortages.length} shortages; nothing saved yet.` });
      roster.reload();
      onShift.reload();
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    }
  };
  const centers = [...new Set((roster.data?.items ?? []).map((a) => a.workCenterId))].sort();
  return (
    <section aria-labelledby="rosters-title">
      <header class="page-header">
        <h1 id="rosters-title">Shift roster</h1>
        <div class="row">
          <button type="button" class="secondary" onClick={() => setOffset(offset - 1)} aria-label="Previous week">‹</button>
          <span>Week of {dateTime(start).slice(0, 10)}</span>
          <button type="button" class="secondary" onClick={() => setOffset(offset + 1)} aria-label="Next week">›</button>
        </div>
      </header>
      <section class="card" aria-labelledby="on-shift-title">
        <h2 id="on-shift-title">On shift now</h2>
        {onShift.error ? <ErrorNote error={onShift.error} /> : !onShift.data ? <Loading what="who is on shift" /> : onShift.data.items.length === 0 ? <Empty>Nobody is rostered right now.</Empty> : (
          <ul>{onShift.data.items.map((p) => <li key={`${p.workCenterId}-${p.personId}`}>{p.name ?? p.personId} at {p.workCenterId}</li>)}</ul>
        )}
      </section>
      {may("rosters") && (
        <div class="card actions">
          <button type="button" class="secondary" onClick={() => generate(false)}>Preview roster for this week</button>
          <button type="button" onClick={() => generate(true)}>Generate and commit</button>
        </div>
      )}
      <Feedback message={message} />
      {generated && generated.shortages.length > 0 && (
        <section class="card" aria-labelledby="shortages-title">
          <h2 id="shortages-title">Shortages</h2>
          <ul>{generated.shortages.map((s) => <li key={s.shiftKey + s.workCenterId}>{s.workCenterId} {s.shiftKey}: {s.assigned} of {s.needed} ({s.reasons.join("; ")})</li>)}</ul>
        </section>
      )}
      {roster.error ? <ErrorNote error={roster.error} /> : !roster.data ? <Loading what="the roster" /> : centers.length === 0 ? <Empty>No roster for this week yet.</Empty> : centers.map((center) => (
        <section key={center} class="card" aria-label={`Roster of ${center}`}>
          <h2>{center}</h2>
          <table class="roster">
            <thead><tr>{DAYS.map((d, i) => <th scope="col" key={d}>{d} {new Date(start.getTime() + i * DAY).toISOString().slice(5, 10)}</th>)}</tr></thead>
            <tbody>
              <tr>
                {DAYS.map((_, i) => {
                  const dayStart = start.getTime() + i * DAY;
                  const items = roster.data!.items.filter((a) => a.workCenterId === center && new Date(a.startsAt).getTime() >= dayStart && new Date(a.startsAt).getTime() < dayStart + DAY);
                  return <td key={i}>{items.length === 0 ? <span class="muted">–</span> : items.map((a) => <div key={a.personId + a.startsAt}>{time(a.startsAt).slice(0, 5)}–{time(a.endsAt).slice(0, 5)} {name(a.personId)}</div>)}</td>;
                })}
              </tr>
            </tbody>
          </table>
        </section>
      ))}
    </section>
  );
}
