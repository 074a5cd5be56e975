import { useState } from "preact/hooks";
import { get } from "../api.js";
import { Empty, ErrorNote, Loading } from "../components/status.js";
import { dateTimeSeconds } from "../format.js";
import { useLive } from "../live.js";
import { useData } from "../use-data.js";

interface Entry {
  id: string;
  at: string;
  actor: string;
  role: string | null;
  door: string;
  via: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  before: unknown;
  after: unknown;
}

const PAGE = 50;

export function AuditPage() {
  const [filter, setFilter] = useState({ actor: "", action: "", door: "" });
  const [offset, setOffset] = useState(0);
  const query = new URLSearchParams({ limit: String(PAGE), offset: String(offset), ...Object.fromEntries(Object.entries(filter).filter(([, v]) => v)) });
  const audit = useData(() => get<{ items: Entry[]; total: number }>(`/audit?${query}`), [query.toString()]);
  // Every change on the live stream is audited: the newest page follows them.
  useLive(["job.transition", "work_order.changed", "schedule.committed"], audit.reload, () => offset === 0, 2000);
  const set = (field: keyof typeof filter) => (e: Event) => {
    setFilter({ ...filter, [field]: (e.target as HTMLInputElement).value });
    setOffset(0);
  };
  return (
    <section aria-labelledby="audit-title">
      <header class="page-header">
        <h1 id="audit-title">Audit log</h1>
        <div class="row">
          <label>Who <input value={filter.actor} onInput={set("actor")} /></label>
          <label>Action (prefix ending in ".") <input value={filter.action} onInput={set("action")} placeholder="job_order." /></label>
          <label>
            Door
            <select value={filter.door} onChange={set("door")}>
              <option value="">any</option>
              {["opcua", "rest", "ui", "plc", "config", "system"].map((d) => <option key={d} value={d}>{d}</option>)}
            </select>
          </label>
        </div>
      </header>
      {audit.error ? <ErrorNote error={audit.error} /> : !audit.data ? <Loading what="the audit log" /> : audit.data.items.length === 0 ? <Empty>No entries match.</Empty> : (
        <>
          <table>
            <caption class="sr-only">Audit entries, newest first</caption>
            <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Door</th><th scope="col">Action</th><th scope="col">Target</th><th scope="col">Change</th></tr></thead>
            <tbody>
              {audit.data.items.map((entry) => (
                <tr key={entry.id}>
                  <td>{dateTimeSeconds(entry.at)}</td>
                  <td>{entry.actor} <span class="muted small">{entry.role ?? ""}</span></td>
                  <td>{entry.door}</td>
                  <td>{entry.action}</td>
                  <td>{entry.targetType} {entry.targetId ?? ""}</td>
                  <td>
                    <details>
                      <summary>before / after</summary>
                      <pre class="small">{JSON.stringify({ before: entry.before, after: entry.after }, null, 1)}</pre>
                    </details>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div class="row">
            <button type="button" class="secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>Newer</button>
            <span>{offset + 1}–{Math.min(offset + PAGE, audit.data.total)} of {audit.data.total}</span>
            <button type="button" class="secondary" disabled={offset + PAGE >= audit.data.total} onClick={() => setOffset(offset + PAGE)}>Older</button>
          </div>
        </>
      )}
    </section>
  );
}
