import { useState } from "preact/hooks";
import { get } from "../api.js";
import { GenealogyGraph } from "../components/genealogy-graph.js";
import { StageForm, UnstageButton } from "../components/staging-actions.js";
import { Empty, ErrorNote, Loading } from "../components/status.js";
import { dateTime } from "../format.js";
import { lotHref, quantity, type Genealogy, type Lot, type Movement, type Staging, type StockRow } from "../inventory-types.js";
import { useLive } from "../live.js";
import { useData } from "../use-data.js";

const LOT_STATUSES = ["available", "quarantined", "consumed", "scrapped", "shipped"];
const PAGE = 50;

/** Stock by location, the lots with their status, and what is staged at each work unit (ISA-95 Part 3 inventory). */
export function MaterialsPage() {
  const [status, setStatus] = useState("");
  const [offset, setOffset] = useState(0);
  const stock = useData(() => get<{ items: StockRow[] }>("/stock"), []);
  const staging = useData(() => get<{ items: Staging[] }>("/staging"), []);
  const query = new URLSearchParams({ limit: String(PAGE), offset: String(offset), ...(status && { status }) });
  const lots = useData(() => get<{ items: Lot[]; total: number }>(`/lots?${query}`), [query.toString()]);
  const problems = useData(() => get<{ items: Movement[] }>("/movements?problem=true&limit=50"), []);
  const restaged = () => {
    staging.reload();
    stock.reload();
    lots.reload();
  };
  // Backflush moves material on every count: the page follows them, a few times a minute at most.
  useLive(["production.counted"], () => {
    stock.reload();
    lots.reload();
    problems.reload();
  }, () => true, 5000);
  return (
    <section aria-labelledby="materials-title">
      <header class="page-header">
        <h1 id="materials-title">Materials</h1>
      </header>
      <div class="grid two">
        <section class="card" aria-labelledby="stock-title">
          <h2 id="stock-title">Stock by location</h2>
          {stock.error ? <ErrorNote error={stock.error} /> : !stock.data ? <Loading what="the stock" /> : stock.data.items.length === 0 ? <Empty>No material on hand.</Empty> : (
            <table data-stock>
              <thead><tr><th scope="col">Location</th><th scope="col">Material</th><th scope="col">Status</th><th scope="col" class="num">Quantity</th><th scope="col" class="num">Lots</th></tr></thead>
              <tbody>
                {stock.data.items.map((row) => (
                  <tr key={`${row.locationId}/${row.materialDefinitionId}/${row.status}/${row.unit}`}>
                    <td>{row.locationId ?? "unknown"}</td>
                    <td>{row.materialDefinitionId}</td>
                    <td><span class={`lot-status lot-${row.status}`}>{row.status}</span></td>
                    <td class="num">{quantity(row.quantity, row.unit)}</td>
                    <td class="num">{row.lots}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section class="card" aria-labelledby="staging-title">
          <h2 id="staging-title">Staged at work units</h2>
          {staging.error ? <ErrorNote error={staging.error} /> : !staging.data ? <Loading what="the staging" /> : staging.data.items.length === 0 ? <Empty>Nothing is staged line-side.</Empty> : (
            <table data-staging>
              <thead><tr><th scope="col">Work unit</th><th scope="col">Material</th><th scope="col">Lot</th><th scope="col">Staged</th><th scope="col"><span class="sr-only">Action</span></th></tr></thead>
              <tbody>
                {staging.data.items.map((row) => (
                  <tr key={`${row.workUnitId}/${row.materialDefinitionId}`}>
                    <td><a href={`#/units/${encodeURIComponent(row.workUnitId)}`}>{row.workUnitId}</a></td>
                    <td>{row.materialDefinitionId}</td>
                    <td><a href={lotHref(row.lotId)}>{row.lotId}</a></td>
                    <td class="small">{dateTime(row.stagedAt)} by {row.stagedBy}</td>
                    <td><UnstageButton workUnitId={row.workUnitId} materialDefinitionId={row.materialDefinitionId} lotId={row.lotId} onUnstaged={restaged} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <StageForm onStaged={restaged} />
        </section>
      </div>
      <section class="card" aria-labelledby="problems-title">
        <h2 id="problems-title">Problems: consumption without a lot</h2>
        {problems.error ? <ErrorNote error={problems.error} /> : !problems.data ? <Loading what="the problems" /> : problems.data.items.length === 0 ? <Empty>Every consumption has its lot.</Empty> : (
          <table data-problems>
            <caption class="small">Consumed with no lot that could give it (none staged, quarantined or run out): the ledger keeps it as unassigned, newest first, at most 50.</caption>
            <thead><tr><th scope="col">When</th><th scope="col">Work unit</th><th scope="col">Job</th><th scope="col">Material</th><th scope="col" class="num">Quantity</th><th scope="col">Why</th></tr></thead>
            <tbody>
              {problems.data.items.map((m) => (
                <tr key={m.id}>
                  <td class="small">{dateTime(m.at)}</td>
                  <td>{m.workUnitId ?? "–"}</td>
                  <td>{m.jobOrderId ?? "–"}</td>
                  <td>{m.materialDefinitionId}</td>
                  <td class="num">{quantity(m.quantity, m.unit)}</td>
                  <td class="small">{m.comment ?? m.problem}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section class="card" aria-labelledby="lots-title">
        <div class="title-row">
          <h2 id="lots-title">Lots</h2>
          <label class="small">
            Status{" "}
            <select value={status} onChange={(e) => { setStatus((e.target as HTMLSelectElement).value); setOffset(0); }}>
              <option value="">any</option>
              {LOT_STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
            </select>
          </label>
        </div>
        {lots.error ? <ErrorNote error={lots.error} /> : !lots.data ? <Loading what="the lots" /> : lots.data.items.length === 0 ? <Empty>No lots match.</Empty> : (
          <>
            <table data-lots>
              <thead><tr><th scope="col">Lot</th><th scope="col">Material</th><th scope="col">Status</th><th scope="col" class="num">Quantity</th><th scope="col">Location</th><th scope="col">Made by job</th></tr></thead>
              <tbody>
                {lots.data.items.map((lot) => (
                  <tr key={lot.id} data-lot-row={lot.id}>
                    <th scope="row"><a href={lotHref(lot.id)}>{lot.id}</a></th>
                    <td>{lot.materialDefinitionId}</td>
                    <td><span class={`lot-status lot-${lot.status}`}>{lot.status}</span></td>
                    <td class="num">{quantity(lot.quantity, lot.unit)}</td>
                    <td>{lot.locationId ?? "unknown"}{lot.carrierId ? ` (carrier ${lot.carrierId})` : ""}</td>
                    <td>{lot.jobOrderId ?? "–"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p class="row small">
              <span>{offset + 1}–{offset + lots.data.items.length} of {lots.data.total}</span>
              <button type="button" class="secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>Previous</button>
              <button type="button" class="secondary" disabled={offset + PAGE >= lots.data.total} onClick={() => setOffset(offset + PAGE)}>Next</button>
            </p>
          </>
        )}
      </section>
    </section>
  );
}

/** One lot: what it is, where it is, its movements, and its genealogy backward (what went into it) and forward (what it went into). */
export function LotPage({ id }: { id: string }) {
  const lot = useData(() => get<Lot & { movements: Movement[] }>(`/lots/${encodeURIComponent(id)}`), [id]);
  const backward = useData(() => get<Genealogy>(`/lots/${encodeURIComponent(id)}/genealogy?direction=backward`), [id]);
  const forward = useData(() => get<Genealogy>(`/lots/${encodeURIComponent(id)}/genealogy?direction=forward`), [id]);
  if (lot.error) return <ErrorNote error={lot.error} />;
  if (!lot.data) return <Loading what={`lot ${id}`} />;
  const l = lot.data;
  return (
    <section aria-labelledby="lot-title">
      <header class="page-header">
        <div>
          <p class="muted small"><a href="#/materials">Materials</a> › lot</p>
          <h1 id="lot-title">Lot {l.id}</h1>
        </div>
        <span class={`lot-status lot-${l.status}`}>{l.status}</span>
      </header>
      <section class="card" aria-labelledby="lot-facts-title">
        <h2 id="lot-facts-title">What and where</h2>
        <dl class="facts">
          <dt>Material</dt><dd>{l.materialDefinitionId}</dd>
          <dt>Quantity</dt><dd data-lot-quantity>{quantity(l.quantity, l.unit)}</dd>
          <dt>Location</dt><dd>{l.locationId ?? "unknown"}</dd>
          {l.carrierId && <><dt>Carrier</dt><dd>{l.carrierId}</dd></>}
          {l.parentLotId && <><dt>Split from</dt><dd><a href={lotHref(l.parentLotId)}>{l.parentLotId}</a></dd></>}
          {l.jobOrderId && <><dt>Made by job order</dt><dd>{l.jobOrderId}</dd></>}
        </dl>
      </section>
      <GenealogyCard title="Genealogy backward: what went into it" id="backward" data={backward} />
      <GenealogyCard title="Genealogy forward: what it went into" id="forward" data={forward} />
      <section class="card" aria-labelledby="lot-movements-title">
        <h2 id="lot-movements-title">Movements</h2>
        {l.movements.length === 0 ? <Empty>No movements.</Empty> : (
          <table data-movements>
            <thead><tr><th scope="col">When</th><th scope="col">Kind</th><th scope="col">From</th><th scope="col">To</th><th scope="col" class="num">Quantity</th><th scope="col">Job</th><th scope="col">Who</th></tr></thead>
            <tbody>
              {l.movements.map((m) => (
                <tr key={m.id}>
                  <td class="small">{dateTime(m.at)}</td>
                  <td>{m.kind}{m.problem ? ` (${m.problem})` : ""}</td>
                  <td>{m.fromLotId ? <a href={lotHref(m.fromLotId)}>{m.fromLotId}</a> : "–"}</td>
                  <td>{m.toLotId ? <a href={lotHref(m.toLotId)}>{m.toLotId}</a> : "–"}</td>
                  <td class="num">{quantity(m.quantity, m.unit)}</td>
                  <td>{m.jobOrderId ?? "–"}{m.carrierId ? ` · carrier ${m.carrierId}` : ""}</td>
                  <td class="small">{m.actor}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </section>
  );
}

function GenealogyCard({ title, id, data }: { title: string; id: string; data: { data: Genealogy | undefined; error: unknown } }) {
  const g = data.data;
  return (
    <section class="card" aria-labelledby={`genealogy-${id}-title`}>
      <h2 id={`genealogy-${id}-title`}>{title}</h2>
      {data.error ? <ErrorNote error={data.error} /> : !g ? <Loading what="the genealogy" /> : g.edges.length === 0 ? <Empty>No lots linked this way.</Empty> : (
        <>
          <GenealogyGraph genealogy={g} />
          {g.truncated && <p class="small error">The trace stopped at its limit; not every lot is shown.</p>}
          {/* The same links as text, for a screen reader and to follow a lot. */}
          <table data-genealogy={id}>
            <caption class="sr-only">{title}, as a table</caption>
            <thead><tr><th scope="col">From lot</th><th scope="col">To lot</th><th scope="col" class="num">Quantity</th><th scope="col">Job</th><th scope="col">Last</th></tr></thead>
            <tbody>
              {g.edges.map((e) => (
                <tr key={`${e.fromLotId}>${e.toLotId}>${e.jobOrderId ?? ""}`}>
                  <td><a href={lotHref(e.fromLotId)}>{e.fromLotId}</a></td>
                  <td><a href={lotHref(e.toLotId)}>{e.toLotId}</a></td>
                  <td class="num">{quantity(e.quantity, e.unit)} in {e.movements}</td>
                  <td>{e.jobOrderId ?? "–"}</td>
                  <td class="small">{dateTime(e.lastAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
