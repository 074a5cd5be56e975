import { useEffect, useState } from "preact/hooks";
import { api, get } from "../api.js";
import { Field } from "../components/field.js";
import { Empty, ErrorNote, Feedback, Loading } from "../components/status.js";
import { dateTime, duration } from "../format.js";
import { useLive } from "../live.js";
import { useMay } from "../session.js";
import { useData } from "../use-data.js";

export interface MaintenanceWorkOrder {
  id: string;
  workUnitId: string;
  title: string;
  description: string;
  priority: "low" | "normal" | "high";
  status: "requested" | "planned" | "in-progress" | "done" | "verified" | "cancelled";
  source: { kind: "downtime" | "alarm" | "manual" | "plan"; id: string | null };
  technician: string | null;
  requestedBy: string;
  requestedAt: string;
  plannedStart: string | null;
  plannedDurationMinutes: number | null;
  timeSpentMinutes: number | null;
  partsUsed: { lotId: string; quantity: number; unit: string }[];
  commands: ("plan" | "start" | "finish" | "verify" | "cancel")[];
}
interface DuePlan {
  planId: string;
  workUnitId: string;
  title: string;
  kind: "calendar" | "run-time" | "counter";
  status: "ok" | "due" | "overdue";
  dueAt: string | null;
  dueCount: number | null;
  countSinceDone: number;
  runHoursSinceDone: number;
}
interface Figures {
  failures: number;
  mtbfMs: number | null;
  mttrMs: number | null;
}
interface Reliability {
  items: (Figures & { workUnitId: string; reasons: (Figures & { reasonCode: string | null; reason: string[] | null })[] })[];
}

const COLUMNS: { status: MaintenanceWorkOrder["status"]; label: string }[] = [
  { status: "requested", label: "Requested" },
  { status: "planned", label: "Planned" },
  { status: "in-progress", label: "In progress" },
  { status: "done", label: "Done, to verify" },
];
const PERMISSION = { plan: "maintenanceWork", start: "maintenanceWork", finish: "maintenanceWork", cancel: "maintenanceWork", verify: "verifyMaintenance" } as const;
const LABEL = { plan: "Plan", start: "Start", finish: "Finish", verify: "Verify", cancel: "Cancel" } as const;
const REFRESH_MS = 10_000;

/** Maintenance: the board of open work orders, the preventive plans with what is due, and MTBF/MTTR. */
export function MaintenancePage() {
  const orders = useData(() => get<{ items: MaintenanceWorkOrder[] }>("/maintenance/work-orders?status=requested,planned,in-progress,done&limit=500"), []);
  const due = useData(() => get<DuePlan[]>("/maintenance/due"), []);
  const reliability = useData(() => get<Reliability>("/maintenance/reliability"), []);
  const reload = () => {
    orders.reload();
    due.reload();
  };
  useLive(["production.counted", "machine.state"], due.reload, () => true, REFRESH_MS);
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [orders.reload, due.reload]);
  return (
    <section aria-labelledby="maintenance-title">
      <h1 id="maintenance-title">Maintenance</h1>
      <Board orders={orders.data?.items} error={orders.error} onChanged={reload} />
      <DuePlans plans={due.data} error={due.error} />
      <ReliabilityTable data={reliability.data} error={reliability.error} />
    </section>
  );
}

function Board({ orders, error, onChanged }: { orders: MaintenanceWorkOrder[] | undefined; error: unknown; onChanged: () => void }) {
  const may = useMay();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const act = async (order: MaintenanceWorkOrder, command: keyof typeof LABEL, body: unknown = {}) => {
    try {
      await api("POST", `/maintenance/work-orders/${order.id}/${command}`, body);
      setMessage({ ok: true, text: `${order.title}: ${LABEL[command].toLowerCase()} done.` });
      onChanged();
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    }
  };
  return (
    <section class="card" aria-labelledby="work-orders-title">
      <h2 id="work-orders-title">Open work orders</h2>
      <Feedback message={message} />
      {error ? <ErrorNote error={error} /> : !orders ? <Loading what="the work orders" /> : (
        <div class="grid two maintenance-board">
          {COLUMNS.map((column) => {
            const items = orders.filter((o) => o.status === column.status);
            return (
              <section key={column.status} aria-labelledby={`mwo-${column.status}`} data-maintenance-column={column.status}>
                <h3 id={`mwo-${column.status}`}>{column.label} ({items.length})</h3>
                {items.length === 0 ? <Empty>None.</Empty> : (
                  <ul class="ncr-list">
                    {items.map((order) => (
                      <li key={order.id} data-maintenance-order={order.id}>
                        <p>
                          <strong>{order.title}</strong> · <a href={`#/units/${encodeURIComponent(order.workUnitId)}`}>{order.workUnitId}</a> {order.priority !== "normal" ? `· ${order.priority} priority` : ""}
                        </p>
                        <p class="small muted">
                          {dateTime(order.requestedAt)} by {order.requestedBy} · from {order.source.kind}
                          {order.technician ? ` · ${order.technician}` : ""}
                          {order.plannedStart ? ` · slot ${dateTime(order.plannedStart)}, ${order.plannedDurationMinutes} min` : ""}
                        </p>
                        <Commands order={order} may={may} onCommand={act} />
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            );
          })}
        </div>
      )}
    </section>
  );
}

function Commands({ order, may, onCommand }: { order: MaintenanceWorkOrder; may: (permission: string) => boolean; onCommand: (order: MaintenanceWorkOrder, command: keyof typeof LABEL, body?: unknown) => void }) {
  const allowed = order.commands.filter((command) => may(PERMISSION[command]));
  if (allowed.length === 0) return null;
  return (
    <div class="row small">
      {allowed.includes("plan") && <PlanForm order={order} onPlan={(body) => onCommand(order, "plan", body)} />}
      {allowed.includes("finish") && <FinishForm order={order} onFinish={(body) => onCommand(order, "finish", body)} />}
      {(["start", "verify", "cancel"] as const).filter((c) => allowed.includes(c)).map((command) => (
        <button key={command} type="button" onClick={() => onCommand(order, command)} aria-label={`${LABEL[command]} ${order.title}`}>{LABEL[command]}</button>
      ))}
    </div>
  );
}

function PlanForm({ order, onPlan }: { order: MaintenanceWorkOrder; onPlan: (body: unknown) => void }) {
  const [technician, setTechnician] = useState(order.technician ?? "");
  const [start, setStart] = useState("");
  const [minutes, setMinutes] = useState(String(order.plannedDurationMinutes ?? 30));
  const submit = (event: Event) => {
    event.preventDefault();
    onPlan({ technician, plannedStart: new Date(`${start}Z`).toISOString(), plannedDurationMinutes: Number(minutes) });
  };
  return (
    <form class="inline" onSubmit={submit} aria-label={`Plan ${order.title}`}>
      <Field id={`tech-${order.id}`} label="Technician"><input id={`tech-${order.id}`} required value={technician} onInput={(e) => setTechnician(e.currentTarget.value)} /></Field>
      <Field id={`slot-${order.id}`} label="Slot start (UTC)"><input id={`slot-${order.id}`} type="datetime-local" required value={start} onInput={(e) => setStart(e.currentTarget.value)} /></Field>
      <Field id={`minutes-${order.id}`} label="Minutes"><input id={`minutes-${order.id}`} type="number" min="1" required value={minutes} onInput={(e) => setMinutes(e.currentTarget.value)} /></Field>
      <button type="submit">Plan</button>
    </form>
  );
}

function FinishForm({ order, onFinish }: { order: MaintenanceWorkOrder; onFinish: (body: unknown) => void }) {
  const [minutes, setMinutes] = useState("");
  const [lotId, setLotId] = useState("");
  const [quantity, setQuantity] = useState("");
  const submit = (event: Event) => {
    event.preventDefault();
    onFinish({ timeSpentMinutes: Number(minutes), ...(lotId ? { partsUsed: [{ lotId, quantity: Number(quantity) }] } : {}), ...(order.source.kind === "downtime" && order.source.id ? { closesDowntimeId: order.source.id } : {}) });
  };
  return (
    <form class="inline" onSubmit={submit} aria-label={`Finish ${order.title}`}>
      <Field id={`spent-${order.id}`} label="Time spent (min)"><input id={`spent-${order.id}`} type="number" min="0" required value={minutes} onInput={(e) => setMinutes(e.currentTarget.value)} /></Field>
      <Field id={`lot-${order.id}`} label="Part lot"><input id={`lot-${order.id}`} value={lotId} onInput={(e) => setLotId(e.currentTarget.value)} /></Field>
      <Field id={`qty-${order.id}`} label="Quantity"><input id={`qty-${order.id}`} type="number" min="0" step="any" value={quantity} required={lotId !== ""} onInput={(e) => setQuantity(e.currentTarget.value)} /></Field>
      <button type="submit">Finish</button>
    </form>
  );
}

const STATUS_LABEL = { ok: "ok", due: "due", overdue: "OVERDUE" } as const;

function DuePlans({ plans, error }: { plans: DuePlan[] | undefined; error: unknown }) {
  return (
    <section class="card" aria-labelledby="plans-title">
      <h2 id="plans-title">Preventive plans</h2>
      {error ? <ErrorNote error={error} /> : !plans ? <Loading what="the plans" /> : plans.length === 0 ? <Empty>No preventive plans.</Empty> : (
        <table>
          <thead><tr><th scope="col">Work unit</th><th scope="col">Plan</th><th scope="col">Every</th><th scope="col">Since last done</th><th scope="col">Due</th><th scope="col">Status</th></tr></thead>
          <tbody>
            {plans.map((plan) => (
              <tr key={plan.planId} data-plan={plan.planId} data-status={plan.status} class={plan.status === "ok" ? undefined : "warn"}>
                <td>{plan.workUnitId}</td>
                <td>{plan.title}</td>
                <td>{plan.kind}</td>
                <td>{plan.kind === "counter" ? `${plan.countSinceDone} parts` : plan.kind === "run-time" ? `${plan.runHoursSinceDone.toFixed(1)} run h` : "–"}</td>
                <td>{plan.kind === "counter" ? `at ${plan.dueCount} parts` : plan.dueAt ? dateTime(plan.dueAt) : "–"}</td>
                <td><strong>{STATUS_LABEL[plan.status]}</strong></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function ReliabilityTable({ data, error }: { data: Reliability | undefined; error: unknown }) {
  return (
    <section class="card" aria-labelledby="reliability-title">
      <h2 id="reliability-title">Reliability, last 30 days</h2>
      {error ? <ErrorNote error={error} /> : !data ? <Loading what="MTBF and MTTR" /> : (
        <table>
          <thead><tr><th scope="col">Work unit</th><th scope="col">Failure reason</th><th scope="col">Failures</th><th scope="col">MTBF</th><th scope="col">MTTR</th></tr></thead>
          <tbody>
            {data.items.flatMap((unit) => [
              <tr key={unit.workUnitId} data-reliability={unit.workUnitId}>
                <th scope="row">{unit.workUnitId}</th>
                <td>all</td>
                <td>{unit.failures}</td>
                <td>{unit.mtbfMs === null ? "n/a" : duration(unit.mtbfMs)}</td>
                <td>{unit.mttrMs === null ? "n/a" : duration(unit.mttrMs)}</td>
              </tr>,
              ...unit.reasons.map((reason) => (
                <tr key={`${unit.workUnitId}/${reason.reasonCode}`}>
                  <td />
                  <td>{reason.reason?.join(" › ") ?? "unassigned"}</td>
                  <td>{reason.failures}</td>
                  <td>{reason.mtbfMs === null ? "n/a" : duration(reason.mtbfMs)}</td>
                  <td>{reason.mttrMs === null ? "n/a" : duration(reason.mttrMs)}</td>
                </tr>
              )),
            ])}
          </tbody>
        </table>
      )}
    </section>
  );
}
