import { useState } from "preact/hooks";
import { api, get } from "../api.js";
import { ControlChart } from "../components/control-chart.js";
import { Field } from "../components/field.js";
import { Empty, ErrorNote, Feedback, Loading } from "../components/status.js";
import { dateTime } from "../format.js";
import { useLive } from "../live.js";
import { useMay } from "../session.js";
import { useData } from "../use-data.js";

interface Characteristic {
  id: string;
  name: string;
  kind: "variable" | "attribute";
  nominal?: number;
  lsl?: number | null;
  usl?: number | null;
  unit?: string;
  defectCodes?: string[];
}
interface Plan {
  id: string;
  name: string;
  productId: string;
  step: number;
  characteristics: Characteristic[];
}
interface Limits {
  center: number;
  lcl: number;
  ucl: number;
  sigma: number;
}
interface Chart {
  kind: "xbar-r" | "i-mr";
  points: { location: number; dispersion: number | null; values: number[] }[];
  baselinePoints: number;
  limitsFrom: "baseline" | "stored";
  limits: { location: Limits; dispersion: Limits; sigmaWithin: number } | null;
  signals: { rule: number; name: string; at: number; points: number[] }[];
  dispersionSignals: { chart: "R" | "MR"; name: string; at: number; value: number }[];
  resultIds: string[];
  capability: { mean: number; sigmaWithin: number; sigmaOverall: number; cp: number | null; cpk: number | null; pp: number | null; ppk: number | null } | null;
}
interface Ncr {
  id: string;
  source: string;
  description: string;
  quantity: number;
  lotIds: string[];
  equipmentId: string | null;
  jobOrderId: string | null;
  productId: string | null;
  openedAt: string;
  status: "open" | "dispositioned" | "closed";
  disposition: string | null;
  dispositionBy: string | null;
}

const DISPOSITIONS = ["use-as-is", "rework", "scrap", "return-to-supplier"];
const NCR_COLUMNS: { status: Ncr["status"]; label: string }[] = [
  { status: "open", label: "Open" },
  { status: "dispositioned", label: "Dispositioned" },
  { status: "closed", label: "Closed" },
];

const figure = (value: number | null | undefined, digits = 2) => (value === null || value === undefined ? "n/a" : value.toFixed(digits));

/** Quality: control charts with capability, a fast result entry, and the NCR board. */
export function QualityPage() {
  const plans = useData(() => get<{ items: Plan[] }>("/quality/plans"), []);
  const ncrs = useData(() => get<{ items: Ncr[] }>("/quality/ncrs"), []);
  const variables = (plans.data?.items ?? []).flatMap((plan) => plan.characteristics.filter((c) => c.kind === "variable").map((c) => ({ plan, characteristic: c })));
  const [chosen, setChosen] = useState<string | null>(null);
  const current = variables.find((v) => v.characteristic.id === chosen) ?? variables[0];
  const chart = useData(() => (current ? get<Chart>(`/quality/characteristics/${encodeURIComponent(current.characteristic.id)}/chart`) : Promise.resolve(null)), [current?.characteristic.id]);
  const reload = () => {
    chart.reload();
    ncrs.reload();
  };
  useLive(["quality.signal"], reload);

  if (plans.error) return <ErrorNote error={plans.error} />;
  if (!plans.data) return <Loading what="the inspection plans" />;
  return (
    <section aria-labelledby="quality-title">
      <header class="page-header">
        <h1 id="quality-title">Quality</h1>
      </header>
      <section class="card" aria-labelledby="charts-title">
        <div class="title-row">
          <h2 id="charts-title">Control charts</h2>
          {variables.length > 0 && (
            <Field id="chart-characteristic" label="Characteristic">
              <select id="chart-characteristic" value={current?.characteristic.id} onChange={(e) => setChosen((e.target as HTMLSelectElement).value)}>
                {variables.map(({ plan, characteristic }) => (
                  <option key={characteristic.id} value={characteristic.id}>
                    {characteristic.name} ({plan.productId})
                  </option>
                ))}
              </select>
            </Field>
          )}
        </div>
        {!current ? <Empty>No plan measures a value yet.</Empty> : chart.error ? <ErrorNote error={chart.error} /> : !chart.data ? <Loading what="the chart" /> : <ChartView characteristic={current.characteristic} chart={chart.data} onLimits={chart.reload} />}
      </section>
      <ResultEntry plans={plans.data.items} onRecorded={reload} />
      <NcrBoard ncrs={ncrs.data?.items} error={ncrs.error} onChanged={ncrs.reload} />
    </section>
  );
}

function ChartView({ characteristic, chart, onLimits }: { characteristic: Characteristic; chart: Chart; onLimits: () => void }) {
  const unit = characteristic.unit ?? "";
  const flagged = new Set(chart.signals.map((s) => s.at));
  const [locationName, dispersionName] = chart.kind === "xbar-r" ? ["X-bar", "Range"] : ["Individuals", "Moving range"];
  const c = chart.capability;
  if (chart.points.length === 0) return <Empty>No results recorded for {characteristic.name} yet.</Empty>;
  return (
    <div data-characteristic={characteristic.id}>
      <div class="grid two">
        <ControlChart title={`${characteristic.name}: ${locationName}`} values={chart.points.map((p) => p.location)} limits={chart.limits?.location ?? null} flagged={flagged} unit={unit} />
        <ControlChart title={`${characteristic.name}: ${dispersionName}`} values={chart.points.map((p) => p.dispersion)} limits={chart.limits?.dispersion ?? null} flagged={new Set(chart.dispersionSignals.map((s) => s.at))} unit={unit} />
      </div>
      <p class="small muted">
        Specification {characteristic.lsl ?? "–"} .. {characteristic.usl ?? "–"} {unit}, nominal {characteristic.nominal} · <span data-limits-from={chart.limitsFrom}>{chart.limitsFrom === "stored" ? "stored limits" : `limits from the first ${chart.baselinePoints} points`}</span>
      </p>
      <LimitsControl characteristic={characteristic} chart={chart} onChanged={onLimits} />
      <table class="capability">
        <caption>Capability of {characteristic.name}</caption>
        <thead>
          <tr>
            <th scope="col">Mean</th>
            <th scope="col">σ within</th>
            <th scope="col">σ overall</th>
            <th scope="col">Cp</th>
            <th scope="col">Cpk</th>
            <th scope="col">Pp</th>
            <th scope="col">Ppk</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>{figure(c?.mean, 4)}</td>
            <td>{figure(c?.sigmaWithin, 4)}</td>
            <td>{figure(c?.sigmaOverall, 4)}</td>
            <td data-figure="cp">{figure(c?.cp)}</td>
            <td data-figure="cpk">{figure(c?.cpk)}</td>
            <td data-figure="pp">{figure(c?.pp)}</td>
            <td data-figure="ppk">{figure(c?.ppk)}</td>
          </tr>
        </tbody>
      </table>
      {chart.signals.length + chart.dispersionSignals.length > 0 && (
        <ul class="signals" aria-label="Signals">
          {chart.signals.map((s) => (
            <li key={`${s.rule}-${s.at}`}>
              Point {s.at + 1}: Nelson test {s.rule} ({s.name})
            </li>
          ))}
          {chart.dispersionSignals.map((s) => (
            <li key={`${s.chart}-${s.at}`}>
              Point {s.at + 1}: {s.name} ({s.chart} {+s.value.toPrecision(6)})
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Phase I for the quality engineer: keep the limits of the points shown as the baseline, or go back to the first points. */
function LimitsControl({ characteristic, chart, onChanged }: { characteristic: Characteristic; chart: Chart; onChanged: () => void }) {
  const may = useMay();
  const [points, setPoints] = useState(String(chart.points.length));
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  if (!may("qualityPlans") || chart.points.length < 2) return null;
  const route = `/quality/characteristics/${encodeURIComponent(characteristic.id)}/limits`;
  const act = async (what: () => Promise<unknown>, done: string) => {
    try {
      await what();
      setMessage({ ok: true, text: done });
      onChanged();
    } catch (error) {
      setMessage({ ok: false, text: error instanceof Error ? error.message : String(error) });
    }
  };
  const store = (e: Event) => {
    e.preventDefault();
    const n = Math.min(Math.max(2, Math.trunc(Number(points)) || 2), chart.points.length);
    const values = chart.points.slice(0, n).flatMap((p) => p.values);
    const baseline = { kind: "results", fromResultId: chart.resultIds[values[0]!], toResultId: chart.resultIds[values.at(-1)!] };
    void act(() => api("PUT", route, { baseline }), `Limits stored from points 1 to ${n}.`);
  };
  return (
    <form class="inline" onSubmit={store} aria-label="Control limits">
      <Field id="baseline-points" label="Baseline: points 1 to">
        <input id="baseline-points" type="number" min={2} max={chart.points.length} value={points} onInput={(e) => setPoints((e.target as HTMLInputElement).value)} />
      </Field>
      <button type="submit">Store limits</button>
      {chart.limitsFrom === "stored" && (
        <button type="button" onClick={() => void act(() => api("DELETE", route), "Stored limits removed: the chart takes them from its first points.")}>
          Remove stored limits
        </button>
      )}
      <Feedback message={message} />
    </form>
  );
}

/** One result in a few keystrokes: characteristic, work unit, value (or pass/fail and defect). */
function ResultEntry({ plans, onRecorded }: { plans: Plan[]; onRecorded: () => void }) {
  const may = useMay();
  const all = plans.flatMap((plan) => plan.characteristics.map((c) => ({ plan, characteristic: c })));
  const [characteristicId, setCharacteristicId] = useState("");
  const [equipmentId, setEquipmentId] = useState("");
  const [value, setValue] = useState("");
  const [passed, setPassed] = useState("true");
  const [defectCode, setDefectCode] = useState("");
  const [lotId, setLotId] = useState("");
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const chosen = all.find((c) => c.characteristic.id === characteristicId) ?? all[0];
  const product = useData(() => (chosen ? get<{ workUnits: { equipmentId: string; step: number }[] }>(`/products/${encodeURIComponent(chosen.plan.productId)}`) : Promise.resolve(null)), [chosen?.plan.productId]);
  const units = (product.data?.workUnits ?? []).filter((unit) => unit.step === chosen?.plan.step).map((unit) => unit.equipmentId);
  if (!may("recordQuality") || !chosen) return null;
  const variable = chosen.characteristic.kind === "variable";
  const submit = async (e: Event) => {
    e.preventDefault();
    const body: Record<string, unknown> = { characteristicId: chosen.characteristic.id, equipmentId: equipmentId || units[0] };
    if (variable) body.value = value.trim() === "" ? null : Number(value);
    else {
      body.passed = passed === "true";
      if (defectCode) body.defectCode = defectCode;
    }
    if (lotId.trim()) body.lotId = lotId.trim();
    try {
      const answer = await api<{ result: { value: number | null; passed: boolean }; signal: { reasons: string[]; heldJob: boolean } | null }>("POST", "/quality/results", body);
      setMessage(
        answer.signal
          ? { ok: false, text: `Recorded. Signal: ${answer.signal.reasons.join("; ")}${answer.signal.heldJob ? " (job held)" : ""}` }
          : { ok: true, text: `Recorded ${chosen.characteristic.name}: ${variable ? `${answer.result.value} ${chosen.characteristic.unit}` : answer.result.passed ? "passed" : "failed"}.` },
      );
      setValue("");
      onRecorded();
    } catch (error) {
      setMessage({ ok: false, text: error instanceof Error ? error.message : String(error) });
    }
  };
  return (
    <section class="card" aria-labelledby="entry-title">
      <h2 id="entry-title">Record a result</h2>
      <form class="row" onSubmit={submit}>
        <Field id="entry-characteristic" label="Characteristic">
          <select id="entry-characteristic" value={chosen.characteristic.id} onChange={(e) => setCharacteristicId((e.target as HTMLSelectElement).value)}>
            {all.map(({ plan, characteristic }) => (
              <option key={characteristic.id} value={characteristic.id}>
                {characteristic.name} ({plan.productId})
              </option>
            ))}
          </select>
        </Field>
        <Field id="entry-unit" label="Work unit">
          <select id="entry-unit" value={equipmentId || units[0]} onChange={(e) => setEquipmentId((e.target as HTMLSelectElement).value)}>
            {units.map((unit) => (
              <option key={unit} value={unit}>
                {unit}
              </option>
            ))}
          </select>
        </Field>
        {variable ? (
          <Field id="entry-value" label={`Value (${chosen.characteristic.unit})`}>
            <input id="entry-value" inputMode="decimal" required value={value} onInput={(e) => setValue((e.target as HTMLInputElement).value)} />
          </Field>
        ) : (
          <>
            <Field id="entry-passed" label="Verdict">
              <select id="entry-passed" value={passed} onChange={(e) => setPassed((e.target as HTMLSelectElement).value)}>
                <option value="true">passed</option>
                <option value="false">failed</option>
              </select>
            </Field>
            <Field id="entry-defect" label="Defect">
              <select id="entry-defect" value={defectCode} onChange={(e) => setDefectCode((e.target as HTMLSelectElement).value)}>
                <option value="">none</option>
                {(chosen.characteristic.defectCodes ?? []).map((code) => (
                  <option key={code} value={code}>
                    {code}
                  </option>
                ))}
              </select>
            </Field>
          </>
        )}
        <Field id="entry-lot" label="Lot (optional)">
          <input id="entry-lot" value={lotId} onInput={(e) => setLotId((e.target as HTMLInputElement).value)} />
        </Field>
        <button type="submit">Record</button>
      </form>
      <Feedback message={message} />
    </section>
  );
}

/** Nonconformance reports by status; an open one takes its disposition here (Quality, Supervisor). */
function NcrBoard({ ncrs, error, onChanged }: { ncrs: Ncr[] | undefined; error: unknown; onChanged: () => void }) {
  const may = useMay();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const decide = async (ncr: Ncr, disposition: string) => {
    try {
      await api("PUT", `/quality/ncrs/${encodeURIComponent(ncr.id)}/disposition`, { disposition });
      setMessage({ ok: true, text: `NCR ${ncr.id.slice(0, 8)}: ${disposition}.` });
      onChanged();
    } catch (e) {
      setMessage({ ok: false, text: e instanceof Error ? e.message : String(e) });
    }
  };
  return (
    <section class="card" aria-labelledby="ncr-title">
      <h2 id="ncr-title">Nonconformance reports</h2>
      <Feedback message={message} />
      {error ? <ErrorNote error={error} /> : !ncrs ? <Loading what="the NCRs" /> : (
        <div class="grid">
          {NCR_COLUMNS.map((column) => {
            const items = ncrs.filter((n) => n.status === column.status);
            return (
              <section key={column.status} aria-labelledby={`ncr-${column.status}`} data-ncr-column={column.status}>
                <h3 id={`ncr-${column.status}`}>
                  {column.label} ({items.length})
                </h3>
                {items.length === 0 ? <Empty>None.</Empty> : (
                  <ul class="ncr-list">
                    {items.map((ncr) => (
                      <li key={ncr.id} data-ncr={ncr.id}>
                        <p>{ncr.description}</p>
                        <p class="small muted">
                          {dateTime(ncr.openedAt)} · {ncr.equipmentId ?? "–"} · {ncr.productId ?? "–"} {ncr.lotIds.length > 0 ? `· lots ${ncr.lotIds.join(", ")}` : ""} {ncr.disposition ? `· ${ncr.disposition} by ${ncr.dispositionBy}` : ""}
                        </p>
                        {ncr.status === "open" && may("qualityPlans") && <DispositionForm ncr={ncr} onDecide={decide} />}
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

function DispositionForm({ ncr, onDecide }: { ncr: Ncr; onDecide: (ncr: Ncr, disposition: string) => void }) {
  const [disposition, setDisposition] = useState(DISPOSITIONS[0]!);
  const id = `disposition-${ncr.id}`;
  return (
    <form
      class="row"
      onSubmit={(e) => {
        e.preventDefault();
        onDecide(ncr, disposition);
      }}
    >
      <Field id={id} label="Disposition">
        <select id={id} value={disposition} onChange={(e) => setDisposition((e.target as HTMLSelectElement).value)}>
          {DISPOSITIONS.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
      </Field>
      <button type="submit" class="secondary">
        Decide
      </button>
    </form>
  );
}
