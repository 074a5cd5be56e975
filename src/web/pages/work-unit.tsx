import { useState } from "preact/hooks";
import { api, get } from "../api.js";
import { KpiFigures, type KpiReport } from "../components/kpi-figures.js";
import { ReasonSelect, type ReasonNode } from "../components/reason-select.js";
import { StateBadge, StateLegend } from "../components/state-legend.js";
import { StateTimeline, type RecordedState } from "../components/state-timeline.js";
import { Empty, ErrorNote, Feedback, Loading } from "../components/status.js";
import { count, dateTime, duration, jobTitle, time, TIME_OF_DAY_PATTERN } from "../format.js";
import { jobButtons, jobCommandRoute } from "../job-commands.js";
import { ConfirmButton } from "../components/confirm-button.js";
import { WorkUnitMaterial } from "../components/work-unit-material.js";
import { DueInspections } from "../components/due-inspections.js";
import type { AlarmPage } from "../alarm-types.js";
import { useLive } from "../live.js";
import { AlarmList } from "../components/alarm-list.js";
import { useMay } from "../session.js";
import { useData } from "../use-data.js";

interface Detail {
  id: string;
  name: string;
  path: { name: string }[];
  live?: {
    machineState: string;
    stateSince: string | null;
    currentJob: string | null;
    counters: { good: number | null; reject: number | null };
    plc: { id: string; connectionState: string; lastError: string | null };
    signals: { name: string; value: unknown; quality: string; statusCode: string; sourceTimestamp: string | null }[];
  };
}
interface Shift extends KpiReport {
  shift: { name: string; start: string; end: string } | null;
}
interface Stop {
  id: string;
  equipmentId: string;
  state: string;
  start: string;
  end: string | null;
  durationMs: number;
  faultCode: string | null;
  reasonCode: string | null;
  reason: string[] | null;
}
interface StopPage {
  items: Stop[];
  total: number;
  offset: number;
}
/** Stops a page of the downtime list shows, newest first; older ones are a page further. */
const STOPS_PER_PAGE = 20;
interface Job {
  id: string;
  equipmentId: string;
  state: string;
  quantity: number;
  plannedStart: string | null;
  priority: number;
  workOrderId: string | null;
  workOrderErpId: string | null;
  step: number | null;
  productName: string | null;
  executor: string;
  allowedCommands: string[];
}
/** The unit's work as dispatch takes it: what runs now, then what comes next, in that order. */
interface Queue {
  executor: string;
  current: Job | null;
  next: Job[];
}

/** How far back the timeline looks: the shift so far, or its last stretch, where a short stop is wide enough to see. */
const TIMELINE_SPANS = {
  shift: { label: "This shift", ms: null },
  hour: { label: "Last hour", ms: 3_600_000 },
  quarter: { label: "Last 15 minutes", ms: 900_000 },
} as const;

export function WorkUnitPage({ id }: { id: string }) {
  const detail = useData(() => get<Detail>(`/equipment/${encodeURIComponent(id)}`), [id]);
  const shift = useData(() => get<Shift>(`/oee/${encodeURIComponent(id)}/current-shift`), [id]);
  const jobs = useData(() => get<Queue>(`/work-units/${encodeURIComponent(id)}/queue`), [id]);
  const reasons = useData(() => get<{ downtime: ReasonNode[]; scrap: ReasonNode[] }>("/reasons"), []);
  // The shift so far; without a calendar, the last 8 hours.
  const from = shift.data?.shift?.start ?? new Date(Math.floor(Date.now() / 60_000) * 60_000 - 8 * 3_600_000).toISOString();
  const [stopPage, setStopPage] = useState(0);
  const stops = useData(() => {
    // A minute ahead, so a stop that began since the page loaded is in the next reload.
    const to = new Date(Date.now() + 60_000).toISOString();
    return get<StopPage>(`/downtime?equipmentId=${encodeURIComponent(id)}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&includeMicroStops=true&order=newest&limit=${STOPS_PER_PAGE}&offset=${stopPage * STOPS_PER_PAGE}`);
  }, [id, from, stopPage]);
  const states = useData(() => get<{ items: RecordedState[] }>(`/equipment/${encodeURIComponent(id)}/states?from=${encodeURIComponent(from)}&to=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`), [id, from]);
  const [span, setSpan] = useState<keyof typeof TIMELINE_SPANS>("shift");
  const spanMs = TIMELINE_SPANS[span].ms;
  const timelineFrom = spanMs === null ? from : new Date(Math.max(new Date(from).getTime(), Date.now() - spanMs)).toISOString();
  const forThisUnit = (data: Record<string, unknown>) => data.workUnitId === id || data.equipmentId === id;
  useLive(["machine.state", "production.counted", "plc.connection"], () => {
    detail.reload();
    shift.reload();
    stops.reload();
    states.reload();
  }, forThisUnit);
  useLive(["job.transition"], jobs.reload, forThisUnit);

  if (detail.error) return <ErrorNote error={detail.error} />;
  if (!detail.data) return <Loading what={id} />;
  const live = detail.data.live;
  return (
    <section aria-labelledby="unit-title">
      <header class="page-header">
        <div>
          <p class="muted small">{detail.data.path.map((p) => p.name).join(" › ")}</p>
          <h1 id="unit-title">{detail.data.name}</h1>
        </div>
        {live && <StateBadge state={live.plc.connectionState === "connected" ? live.machineState : "disconnected"} />}
      </header>
      <div class="grid">
        <section class="card" aria-labelledby="shift-title">
          <h2 id="shift-title">This shift {shift.data?.shift ? `(${shift.data.shift.name}, from ${time(shift.data.shift.start)})` : ""}</h2>
          {shift.data ? (
            <KpiFigures report={shift.data} />
          ) : (
            <Loading what="the shift's figures" />
          )}
          {live && (
            <p class="small">
              PLC counters: {count(live.counters.good)} good, {count(live.counters.reject)} rejected · PLC {live.plc.id}: {live.plc.connectionState}
            </p>
          )}
        </section>
        <section class="card" aria-labelledby="timeline-title">
          <div class="title-row">
            <h2 id="timeline-title">State timeline</h2>
            <label class="small">
              Span{" "}
              <select value={span} onChange={(e) => setSpan((e.target as HTMLSelectElement).value as keyof typeof TIMELINE_SPANS)}>
                {Object.entries(TIMELINE_SPANS).map(([key, { label }]) => (
                  <option key={key} value={key}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {states.error ? <ErrorNote error={states.error} /> : <StateTimeline from={timelineFrom} to={new Date().toISOString()} states={states.data?.items ?? []} />}
          <StateLegend unrecorded />
        </section>
        <Jobs queue={jobs.data} error={jobs.error} plcJob={live?.currentJob ?? null} onChanged={jobs.reload} />
        <WorkUnitMaterial unitId={id} jobOrderId={jobs.data?.current?.id ?? null} />
        <ScrapEntry unitId={id} reasons={reasons.data?.scrap ?? []} onDone={shift.reload} />
        <DueInspections unitId={id} />
        <Alarms unitId={id} />
      </div>
      <Downtime stops={stops.data} page={stopPage} onPage={setStopPage} reasons={reasons.data?.downtime ?? []} onChanged={stops.reload} error={stops.error} />
      <section class="card" aria-labelledby="tags-title">
        <h2 id="tags-title">PLC tags</h2>
        {live && live.signals.length > 0 ? (
          <table>
            <thead><tr><th scope="col">Tag</th><th scope="col">Value</th><th scope="col">Quality</th><th scope="col">Status</th><th scope="col">Source time</th></tr></thead>
            <tbody>
              {live.signals.map((signal) => (
                <tr key={signal.name}>
                  <th scope="row">{signal.name}</th>
                  <td>{signal.value === null || signal.value === undefined ? "–" : String(signal.value)}</td>
                  <td><span class={`quality quality-${signal.quality}`}>{signal.quality}</span></td>
                  <td class="small">{signal.statusCode}</td>
                  <td class="small">{time(signal.sourceTimestamp)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <Empty>This unit mirrors no PLC tags.</Empty>
        )}
      </section>
    </section>
  );
}

function Jobs({ queue, error, plcJob, onChanged }: { queue: Queue | undefined; error: unknown; plcJob: string | null; onChanged: () => void }) {
  const may = useMay();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const act = async (what: string, route: string, body: unknown) => {
    try {
      await api("POST", route, body);
      setMessage({ ok: true, text: what });
      onChanged();
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    }
  };
  const current = queue?.current ?? null;
  const released = queue?.next.filter((job) => job.state === "AllowedToStart") ?? [];
  const operatorRuns = queue?.executor === "operator" && may("runJobs");
  const link = (job: Job) => <a href={job.workOrderId ? `#/orders/${job.workOrderId}` : "#/orders"} data-job-link={job.id}>{jobTitle(job)}</a>;
  return (
    <section class="card" aria-labelledby="jobs-title">
      <h2 id="jobs-title">Jobs</h2>
      {error ? <ErrorNote error={error} /> : null}
      <p data-current-job>
        {current ? <>MES: {link(current)} ({current.state}), {count(current.quantity)}</> : "MES: no job running"}
        {plcJob !== null && plcJob !== current?.id && <span class="plc-job"> · PLC reports {plcJob}</span>}
      </p>
      {current && (
        <div class="actions">
          {may("runJobs") &&
            jobButtons(current).map(([command, { label, danger, confirm }]) => {
              const { route, body } = jobCommandRoute(current, command);
              return <ConfirmButton key={command} label={label} danger={danger} question={confirm} onConfirm={() => act(`${label} sent to ${jobTitle(current)}.`, route, body)} />;
            })}
        </div>
      )}
      {!current && operatorRuns && released.length > 0 && (
        <div class="actions">
          <button type="button" onClick={() => act(`Started ${jobTitle(released[0])}.`, `/work-units/${encodeURIComponent(released[0].equipmentId)}/start-job`, { jobOrderId: released[0].id })}>Start next job</button>
        </div>
      )}
      <Feedback message={message} />
      <h3>Next</h3>
      {!queue || queue.next.length === 0 ? <Empty>Nothing waiting.</Empty> : (
        <ol data-next>
          {queue.next.slice(0, 5).map((job) => (
            <li key={job.id} data-job={job.id}>
              {link(job)}: {count(job.quantity)}, {job.state === "AllowedToStart" ? "released" : "stored"}, planned {dateTime(job.plannedStart)}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Downtime({ stops: loaded, page, onPage, reasons, onChanged, error }: { stops: StopPage | undefined; page: number; onPage: (page: number) => void; reasons: ReasonNode[]; onChanged: () => void; error: unknown }) {
  const may = useMay();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const act = async (what: string, call: () => Promise<unknown>) => {
    try {
      await call();
      setMessage({ ok: true, text: what });
      onChanged();
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    }
  };
  const recent = loaded?.items ?? [];
  const total = loaded?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / STOPS_PER_PAGE));
  return (
    <section class="card" aria-labelledby="downtime-title">
      <h2 id="downtime-title">Downtime this shift</h2>
      {error ? <ErrorNote error={error} /> : null}
      <Feedback message={message} />
      {recent.length === 0 ? <Empty>No stops this shift.</Empty> : (
        <>
        <nav class="row small" aria-label="Pages of stops" data-stops-total={total}>
          <span>
            Stops {(page * STOPS_PER_PAGE + 1).toLocaleString("en-US")}–{(page * STOPS_PER_PAGE + recent.length).toLocaleString("en-US")} of {total.toLocaleString("en-US")}, newest first
          </span>
          <button type="button" disabled={page === 0} onClick={() => onPage(page - 1)}>Newer</button>
          <button type="button" disabled={page + 1 >= pages} onClick={() => onPage(page + 1)}>Older</button>
        </nav>
        <table>
          <thead><tr><th scope="col">From</th><th scope="col">To</th><th scope="col">Duration</th><th scope="col">State</th><th scope="col">Fault</th><th scope="col">Reason</th>{may("assignDowntime") && <th scope="col">Split</th>}{may("requestMaintenance") && <th scope="col">Maintenance</th>}</tr></thead>
          <tbody>
            {recent.map((stop) => (
              <tr key={stop.id} data-downtime={stop.id}>
                <td>{time(stop.start)}</td>
                <td>{stop.end ? time(stop.end) : "ongoing"}</td>
                <td>{duration(stop.durationMs)}</td>
                <td>{stop.state}</td>
                <td>{stop.faultCode ?? "–"}</td>
                <td>
                  {may("assignDowntime") ? (
                    <ReasonSelect id={`reason-${stop.id}`} label="Reason" reasons={reasons} value={stop.reasonCode ?? ""} allowNone onChange={(code) => act(`Reason of the stop at ${time(stop.start)} saved.`, () => api("PUT", `/downtime/${stop.id}/reason`, { reasonCode: code || null }))} />
                  ) : (
                    stop.reason?.join(" › ") ?? "unassigned"
                  )}
                </td>
                {may("assignDowntime") && (
                  <td>
                    <SplitForm stop={stop} onSplit={(at) => act(`Stop split at ${time(at)}.`, () => api("POST", `/downtime/${stop.id}/split`, { at }))} />
                  </td>
                )}
                {may("requestMaintenance") && (
                  <td>
                    <button type="button" aria-label={`Request maintenance for the stop at ${time(stop.start)}`} onClick={() => act(`Maintenance requested for the stop at ${time(stop.start)}.`, () => requestMaintenance(stop))}>
                      Request maintenance
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
        </>
      )}
    </section>
  );
}

/** One click from a stop: a corrective work order that names the stop, its fault and its reason. */
function requestMaintenance(stop: Stop): Promise<unknown> {
  const what = stop.reason?.join(" › ") ?? (stop.faultCode ? `fault ${stop.faultCode}` : stop.state);
  return api("POST", "/maintenance/work-orders", { workUnitId: stop.equipmentId, title: `${what} at ${time(stop.start)}`, fromDowntimeId: stop.id });
}

function SplitForm({ stop, onSplit }: { stop: Stop; onSplit: (at: string) => void }) {
  const [at, setAt] = useState("");
  const submit = (event: Event) => {
    event.preventDefault();
    const day = stop.start.slice(0, 10);
    onSplit(new Date(`${day}T${at}Z`).toISOString());
  };
  return (
    <form class="inline" onSubmit={submit}>
      <label for={`split-${stop.id}`} class="sr-only">Split at (UTC, 24 h, hh:mm:ss)</label>
      <input id={`split-${stop.id}`} type="text" inputMode="numeric" pattern={TIME_OF_DAY_PATTERN} placeholder="hh:mm:ss" size={8} value={at} onInput={(e) => setAt((e.target as HTMLInputElement).value)} required />
      <button type="submit">Split</button>
    </form>
  );
}

/** Gives reasons to scrap the unit counted; parts it did not count are entered as manual scrap, and then they count. */
function ScrapEntry({ unitId, reasons, onDone }: { unitId: string; reasons: ReasonNode[]; onDone: () => void }) {
  const may = useMay();
  const [quantity, setQuantity] = useState("1");
  const [reason, setReason] = useState("");
  const [manual, setManual] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  if (!may("classifyScrap")) return null;
  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      const done = await api<{ quantity: number; window: { label: string; unclassified: number } }>("POST", "/scrap", { equipmentId: unitId, quantity: Number(quantity), reasonCode: reason, manual });
      const left = `${count(done.window.unclassified)} counted in ${done.window.label} still without a reason.`;
      setMessage({ ok: true, text: manual ? `${count(done.quantity)} scrapped parts the machine did not count entered as scrap, with their reason. ${left}` : `Reason given to ${count(done.quantity)} scrapped parts the machine counted. ${left}` });
      onDone();
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    }
  };
  return (
    <section class="card" aria-labelledby="scrap-title">
      <h2 id="scrap-title">Scrap reasons</h2>
      <form onSubmit={submit}>
        <label>
          Quantity (pcs)
          <input type="number" min="1" step="1" value={quantity} onInput={(e) => setQuantity((e.target as HTMLInputElement).value)} required />
        </label>
        <ReasonSelect id="scrap-reason" label="Reason" reasons={reasons} value={reason} onChange={setReason} />
        <label class="small">
          <input type="checkbox" checked={manual} onChange={(e) => setManual((e.target as HTMLInputElement).checked)} /> Not counted by the machine (enter as scrap)
        </label>
        <button type="submit" disabled={!reason}>{manual ? "Enter scrap" : "Give reason"}</button>
      </form>
      <Feedback message={message} />
    </section>
  );
}

/** The unit's alarms not yet closed (OPC 10000-9): active ones, and cleared ones still waiting for acknowledgement or confirmation. */
function Alarms({ unitId }: { unitId: string }) {
  const may = useMay();
  const alarms = useData(() => get<AlarmPage>(`/alarms?workUnitId=${encodeURIComponent(unitId)}&limit=100`), [unitId]);
  useLive(["alarm.changed"], alarms.reload, (data) => data.workUnitId === unitId, 500);
  const open = alarms.data?.items.filter((alarm) => alarm.active || !alarm.acknowledged || !alarm.confirmed) ?? [];
  return (
    <section class="card" aria-labelledby="alarms-title">
      <h2 id="alarms-title">Alarms</h2>
      {alarms.error ? <ErrorNote error={alarms.error} /> : !alarms.data ? <Loading what="the alarms" /> : <AlarmList alarms={open} canAcknowledge={may("acknowledgeAlarms")} onChanged={alarms.reload} />}
    </section>
  );
}
