import { useState } from "preact/hooks";
import { api, ApiError, get } from "../api.js";
import { jobButtons, jobCommandRoute } from "../job-commands.js";
import { ConfirmButton } from "../components/confirm-button.js";
import { Field } from "../components/field.js";
import { Empty, ErrorNote, Feedback, Loading } from "../components/status.js";
import { count, DATE_TIME_PATTERN, dateTime, jobTitle, parseUtcDateTime, percent, time } from "../format.js";
import { useLive } from "../live.js";
import { useMay } from "../session.js";
import { useData } from "../use-data.js";

interface WorkOrder {
  id: string;
  erpId: string | null;
  productId: string;
  quantity: number;
  status: string;
  dueAt: string | null;
  priority: number;
  customerRef: string | null;
  createdAt: string;
}
interface JobSummary {
  id: string;
  equipmentId: string;
  executor: string;
  workOrderErpId: string | null;
  step: number | null;
  productName: string | null;
  quantity: number;
  state: string;
  allowedCommands: string[];
  good: number;
  scrap: number;
  actualStart: string | null;
  actualEnd: string | null;
}
interface WorkOrderDetail extends WorkOrder {
  jobOrders: JobSummary[];
  progress: { good: number; scrap: number; completion: number | null };
}

const STATUSES = ["created", "released", "in_progress", "completed", "aborted", "cancelled"];

export function OrdersPage() {
  const may = useMay();
  const [status, setStatus] = useState("");
  const [productId, setProductId] = useState("");
  const products = useData(() => get<{ items: { id: string; name: string }[] }>("/products"), []);
  const orders = useData(() => get<{ items: WorkOrder[]; total: number }>(`/work-orders?limit=100${status ? `&status=${status}` : ""}${productId ? `&productId=${encodeURIComponent(productId)}` : ""}`), [status, productId]);
  useLive(["work_order.changed", "job.transition"], orders.reload);
  return (
    <section aria-labelledby="orders-title">
      <header class="page-header">
        <h1 id="orders-title">Orders</h1>
        <div class="row">
          <Field id="filter-status" label="Status">
            <select id="filter-status" value={status} onChange={(e) => setStatus((e.target as HTMLSelectElement).value)}>
              <option value="">all</option>
              {STATUSES.map((s) => <option key={s} value={s}>{s.replace("_", " ")}</option>)}
            </select>
          </Field>
          <Field id="filter-product" label="Product filter">
            <select id="filter-product" value={productId} onChange={(e) => setProductId((e.target as HTMLSelectElement).value)}>
              <option value="">all</option>
              {products.data?.items.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
            </select>
          </Field>
        </div>
      </header>
      {may("orders") && <CreateOrder onCreated={orders.reload} />}
      {orders.error ? <ErrorNote error={orders.error} /> : !orders.data ? <Loading what="orders" /> : orders.data.items.length === 0 ? <Empty>No orders{status ? ` with status ${status}` : ""}{productId ? ` for ${productId}` : ""}.</Empty> : (
        <table>
          <caption class="sr-only">Work orders, newest first ({orders.data.total} in all)</caption>
          <thead><tr><th scope="col">Order</th><th scope="col">Product</th><th scope="col">Quantity</th><th scope="col">Status</th><th scope="col">Due</th><th scope="col">Priority</th><th scope="col">Customer</th></tr></thead>
          <tbody>
            {orders.data.items.map((order) => (
              <tr key={order.id} data-order={order.id}>
                <th scope="row"><a href={`#/orders/${order.id}`}>{order.erpId ?? order.id}</a></th>
                <td>{order.productId}</td>
                <td>{count(order.quantity)}</td>
                <td><span class={`status status-${order.status}`}>{order.status.replace("_", " ")}</span></td>
                <td>{dateTime(order.dueAt)}</td>
                <td>{order.priority}</td>
                <td>{order.customerRef ?? "–"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function CreateOrder({ onCreated }: { onCreated: () => void }) {
  const products = useData(() => get<{ items: { id: string; name: string }[] }>("/products"), []);
  const [form, setForm] = useState({ erpId: "", productId: "", quantity: "10", dueAt: "", priority: "0", customerRef: "" });
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const set = (field: keyof typeof form) => (e: Event) => setForm({ ...form, [field]: (e.target as HTMLInputElement).value });
  const submit = async (event: Event) => {
    event.preventDefault();
    const dueAt = form.dueAt.trim() ? parseUtcDateTime(form.dueAt) : null;
    if (form.dueAt.trim() && !dueAt) {
      setMessage({ ok: false, text: "Due: a date and 24 h time in UTC, as 2026-11-24 14:30" });
      return;
    }
    try {
      const created = await api<WorkOrder>("POST", "/work-orders", {
        erpId: form.erpId || null,
        productId: form.productId,
        quantity: Number(form.quantity),
        dueAt: dueAt ? dueAt.toISOString() : null,
        priority: Number(form.priority),
        customerRef: form.customerRef || null,
      });
      setMessage({ ok: true, text: `Order ${created.erpId ?? created.id} created.` });
      setForm({ ...form, erpId: "", customerRef: "" });
      onCreated();
    } catch (e) {
      setMessage({ ok: false, text: e instanceof ApiError && e.field ? `${e.field}: ${e.message}` : (e as Error).message });
    }
  };
  return (
    <details class="card" open>
      <summary>New order</summary>
      <form class="row" onSubmit={submit}>
        <Field id="new-erp-id" label="Order number"><input id="new-erp-id" value={form.erpId} onInput={set("erpId")} placeholder="e.g. SO-1042" /></Field>
        <Field id="new-product" label="Product">
          <select id="new-product" value={form.productId} onChange={set("productId")} required>
            <option value="">— choose —</option>
            {products.data?.items.map((p) => <option key={p.id} value={p.id}>{p.name} ({p.id})</option>)}
          </select>
        </Field>
        <Field id="new-quantity" label="Quantity (pcs)"><input id="new-quantity" type="number" min="1" step="1" value={form.quantity} onInput={set("quantity")} required /></Field>
        <Field id="new-due" label="Due (UTC, YYYY-MM-DD hh:mm, 24 h)"><input id="new-due" type="text" inputMode="numeric" pattern={DATE_TIME_PATTERN} placeholder="2026-11-24 14:30" value={form.dueAt} onInput={set("dueAt")} /></Field>
        <Field id="new-priority" label="Priority"><input id="new-priority" type="number" step="1" min="-32768" max="32767" value={form.priority} onInput={set("priority")} /></Field>
        <Field id="new-customer" label="Customer reference"><input id="new-customer" value={form.customerRef} onInput={set("customerRef")} /></Field>
        <button type="submit">Create order</button>
      </form>
      <Feedback message={message} />
    </details>
  );
}

export function OrderPage({ id }: { id: string }) {
  const may = useMay();
  const order = useData(() => get<WorkOrderDetail>(`/work-orders/${encodeURIComponent(id)}`), [id]);
  // What an action did, said while the order is still as the action left it: a "Released" note goes once the order completes.
  const [message, setMessage] = useState<{ ok: boolean; text: string; whileStatus?: readonly string[] } | null>(null);
  const mine = (data: Record<string, unknown>) => data.workOrderId === id;
  useLive(["job.transition", "work_order.changed", "production.counted"], order.reload, (data) => mine(data) || "good" in data);
  const act = async (what: string, method: string, route: string, body?: unknown, whileStatus?: readonly string[]) => {
    try {
      await api(method, route, body);
      setMessage({ ok: true, text: what, whileStatus });
      order.reload();
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    }
  };
  if (order.error) return <ErrorNote error={order.error} />;
  if (!order.data) return <Loading what={`order ${id}`} />;
  const o = order.data;
  const shown = message && (!message.whileStatus || message.whileStatus.includes(o.status)) ? message : null;
  return (
    <section aria-labelledby="order-title">
      <header class="page-header">
        <div>
          <p class="muted small"><a href="#/orders">Orders</a></p>
          <h1 id="order-title">Order {o.erpId ?? o.id}</h1>
        </div>
        <span class={`status status-${o.status}`} data-status={o.status}>{o.status.replace("_", " ")}</span>
      </header>
      <dl class="figures">
        <div><dt>Product</dt><dd>{o.productId}</dd></div>
        <div><dt>Quantity</dt><dd>{count(o.quantity)}</dd></div>
        <div><dt>Good</dt><dd data-good>{count(o.progress.good)}</dd></div>
        <div><dt>Scrap</dt><dd>{count(o.progress.scrap)}</dd></div>
        <div><dt>Completion</dt><dd>{percent(o.progress.completion)}</dd></div>
        <div><dt>Due</dt><dd>{dateTime(o.dueAt)}</dd></div>
        <div><dt>Priority</dt><dd>{o.priority}</dd></div>
        <div><dt>Customer</dt><dd>{o.customerRef ?? "–"}</dd></div>
      </dl>
      <div class="actions">
        {may("orders") && o.status === "created" && <button type="button" onClick={() => act("Released: its job orders may start.", "POST", `/work-orders/${o.id}/release`, undefined, ["released", "in_progress"])}>Release</button>}
        {may("orders") && ["created", "released"].includes(o.status) && (
          <ConfirmButton label="Cancel order" danger question={`Cancel order ${o.erpId ?? o.id}? Its waiting job orders are cancelled too; this cannot be undone.`} onConfirm={() => act("Order cancelled.", "POST", `/work-orders/${o.id}/cancel`)} />
        )}
      </div>
      <Feedback message={shown} />
      <h2>Job orders</h2>
      {o.jobOrders.length === 0 ? <Empty>No job orders yet: release the order to make them.</Empty> : o.jobOrders.map((job) => (
        <article class="card" key={job.id} data-job={job.id} aria-labelledby={`job-${job.id}`}>
          <h3 id={`job-${job.id}`}>
            <span data-job-title>{jobTitle(job)}</span> on <a href={`#/units/${job.equipmentId}`}>{job.equipmentId}</a>: <span data-job-state>{job.state}</span>
          </h3>
          <p class="muted small">Job order {job.id}</p>
          <p>
            {count(job.good)} good, {count(job.scrap)} scrap of {count(job.quantity)} · started {time(job.actualStart)} · ended {time(job.actualEnd)}
          </p>
          <progress max={1} value={Math.min(1, job.good / job.quantity)} aria-label={`progress of ${jobTitle(job)}`} />
          {may("runJobs") && (
            <div class="actions">
              {jobButtons(job).map(([command, { label, danger, confirm }]) => {
                const { route, body } = jobCommandRoute(job, command);
                return <ConfirmButton key={command} label={label} danger={danger} question={confirm} onConfirm={() => act(`${label} sent to ${jobTitle(job)}.`, "POST", route, body)} />;
              })}
            </div>
          )}
          <History jobId={job.id} state={job.state} />
        </article>
      ))}
    </section>
  );
}

function History({ jobId, state }: { jobId: string; state: string }) {
  const history = useData(() => get<{ history: { command: string; at: string; actor: string; door: string; comment: string | null }[] }>(`/job-orders/${encodeURIComponent(jobId)}`), [jobId, state]);
  if (!history.data) return null;
  return (
    <details>
      <summary>State history ({history.data.history.length})</summary>
      <ol class="small">
        {history.data.history.map((step, i) => (
          <li key={i}>{time(step.at)} {step.command} by {step.actor} ({step.door}){step.comment ? `: ${step.comment}` : ""}</li>
        ))}
      </ol>
    </details>
  );
}
