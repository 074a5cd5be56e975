import { useEffect } from "preact/hooks";
import { get } from "../api.js";
import { useLive } from "../live.js";
import { useData } from "../use-data.js";
import { Empty, ErrorNote, Loading } from "./status.js";

interface Due {
  planId: string;
  planName: string;
  recordedBy: string;
  sampleSize: number;
  due: boolean;
  overdue: boolean;
  reason: string | null;
}

/** How often the list is asked again without an event: a minute-based check is never later than this on screen. */
const REFRESH_MS = 10_000;

/** The inspections of the job running on a work unit: due ones listed, overdue ones flagged, at the station. */
export function DueInspections({ unitId }: { unitId: string }) {
  const due = useData(() => get<{ jobOrderId: string | null; items: Due[] }>(`/work-units/${encodeURIComponent(unitId)}/inspections`), [unitId]);
  const forThisUnit = (data: Record<string, unknown>) => data.workUnitId === unitId || data.equipmentId === unitId;
  useLive(["production.counted", "job.transition", "quality.signal"], due.reload, forThisUnit, 5000);
  // An inspection also falls due, and overdue, as time passes with no event at all.
  useEffect(() => {
    const timer = setInterval(due.reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [due.reload]);
  const items = due.data?.items.filter((item) => item.due) ?? [];
  return (
    <section class="card" aria-labelledby="inspections-title">
      <h2 id="inspections-title">Inspections</h2>
      {due.error ? <ErrorNote error={due.error} /> : !due.data ? <Loading what="the due inspections" /> : !due.data.jobOrderId ? <Empty>No job is running: nothing to inspect.</Empty> : items.length === 0 ? <Empty>No inspection is due.</Empty> : (
        <ul class="inspections">
          {items.map((item) => (
            <li key={item.planId} data-inspection={item.planId} data-overdue={item.overdue}>
              <strong class={item.overdue ? "error" : ""}>{item.overdue ? "Overdue" : "Due"}</strong>: {item.planName} ({item.sampleSize} {item.sampleSize === 1 ? "part" : "parts"}, {item.recordedBy}) <span class="muted small">{item.reason ?? ""}</span>
            </li>
          ))}
        </ul>
      )}
      <p class="small"><a href="#/quality">Record a result on the Quality page</a></p>
    </section>
  );
}
