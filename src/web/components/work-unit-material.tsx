import { get } from "../api.js";
import { lotHref, quantity, type Movement, type Staging } from "../inventory-types.js";
import { useLive } from "../live.js";
import { useData } from "../use-data.js";
import { StageForm, UnstageButton } from "./staging-actions.js";
import { Empty, ErrorNote, Loading } from "./status.js";

/** The lots staged at a work unit and what its running job has consumed so far, by lot. */
export function WorkUnitMaterial({ unitId, jobOrderId }: { unitId: string; jobOrderId: string | null }) {
  const staging = useData(() => get<{ items: Staging[] }>(`/work-units/${encodeURIComponent(unitId)}/staging`), [unitId]);
  const used = useData(
    () => (jobOrderId ? get<{ items: Movement[] }>(`/movements?jobOrderId=${encodeURIComponent(jobOrderId)}&limit=500`) : Promise.resolve({ items: [] as Movement[] })),
    [jobOrderId],
  );
  useLive(["production.counted"], used.reload, (data) => data.workUnitId === unitId, 2000);
  const consumed = new Map<string, { lotId: string | null; materialDefinitionId: string; unit: string; quantity: number; problem: string | null }>();
  for (const m of used.data?.items ?? []) {
    if (m.kind !== "consume") continue;
    const key = `${m.fromLotId ?? ""}/${m.materialDefinitionId}/${m.unit}/${m.problem ?? ""}`;
    const sum = consumed.get(key) ?? { lotId: m.fromLotId, materialDefinitionId: m.materialDefinitionId, unit: m.unit, quantity: 0, problem: m.problem };
    consumed.set(key, { ...sum, quantity: sum.quantity + m.quantity });
  }
  const produced = (used.data?.items ?? []).filter((m) => m.kind === "produce");
  const outputLotId = produced[0]?.toLotId ?? null;
  return (
    <section class="card" aria-labelledby="material-title">
      <h2 id="material-title">Material</h2>
      {staging.error ? <ErrorNote error={staging.error} /> : !staging.data ? <Loading what="the staged lots" /> : staging.data.items.length === 0 ? <Empty>No lot is staged here.</Empty> : (
        <ul class="plain" data-staged>
          {staging.data.items.map((s) => (
            <li key={s.materialDefinitionId}>Staged: <a href={lotHref(s.lotId)}>{s.lotId}</a> <span class="muted small">({s.materialDefinitionId})</span> <UnstageButton workUnitId={unitId} materialDefinitionId={s.materialDefinitionId} lotId={s.lotId} onUnstaged={staging.reload} /></li>
          ))}
        </ul>
      )}
      <StageForm workUnitId={unitId} onStaged={staging.reload} />
      {!jobOrderId ? <p class="muted small">No job is running: nothing is consumed.</p> : used.error ? <ErrorNote error={used.error} /> : consumed.size === 0 ? <p class="muted small">Job {jobOrderId} has consumed nothing yet.</p> : (
        <table data-consumption>
          <caption class="small">Consumed by job {jobOrderId}{outputLotId ? <> into <a href={lotHref(outputLotId)}>{outputLotId}</a></> : null}</caption>
          <thead><tr><th scope="col">Lot</th><th scope="col">Material</th><th scope="col" class="num">So far</th></tr></thead>
          <tbody>
            {[...consumed.values()].map((c) => (
              <tr key={`${c.lotId}/${c.materialDefinitionId}/${c.problem}`}>
                <td>{c.lotId ? <a href={lotHref(c.lotId)}>{c.lotId}</a> : <span class="error">unassigned</span>}</td>
                <td>{c.materialDefinitionId}</td>
                <td class="num">{quantity(c.quantity, c.unit)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
