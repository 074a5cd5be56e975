import { useState } from "preact/hooks";
import { api } from "../api.js";
import { useMay } from "../session.js";
import { Field } from "./field.js";
import { Feedback } from "./status.js";

type Message = { ok: boolean; text: string } | null;

/** Stages a lot at a work unit (PUT /work-units/:id/staging): backflush takes that material from it. Shown to those who may move material. */
export function StageForm({ workUnitId, onStaged }: { workUnitId?: string; onStaged: () => void }) {
  const may = useMay();
  const [unit, setUnit] = useState(workUnitId ?? "");
  const [lot, setLot] = useState("");
  const [message, setMessage] = useState<Message>(null);
  if (!may("moveMaterial")) return null;
  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      await api("PUT", `/work-units/${encodeURIComponent(unit.trim())}/staging`, { lotId: lot.trim() });
      setMessage({ ok: true, text: `Lot ${lot.trim()} staged at ${unit.trim()}.` });
      setLot("");
      onStaged();
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    }
  };
  const prefix = workUnitId ? `stage-${workUnitId}` : "stage";
  return (
    <form class="row" onSubmit={submit} data-stage-form>
      {!workUnitId && (
        <Field id={`${prefix}-unit`} label="Work unit">
          <input id={`${prefix}-unit`} value={unit} required onInput={(e) => setUnit((e.target as HTMLInputElement).value)} />
        </Field>
      )}
      <Field id={`${prefix}-lot`} label="Lot">
        <input id={`${prefix}-lot`} value={lot} required onInput={(e) => setLot((e.target as HTMLInputElement).value)} />
      </Field>
      <button type="submit">Stage</button>
      <Feedback message={message} />
    </form>
  );
}

/** Takes a lot off a work unit (DELETE /work-units/:id/staging/:material): backflush no longer consumes from it. */
export function UnstageButton({ workUnitId, materialDefinitionId, lotId, onUnstaged }: { workUnitId: string; materialDefinitionId: string; lotId: string; onUnstaged: () => void }) {
  const may = useMay();
  const [message, setMessage] = useState<Message>(null);
  if (!may("moveMaterial")) return null;
  const unstage = async () => {
    try {
      await api("DELETE", `/work-units/${encodeURIComponent(workUnitId)}/staging/${encodeURIComponent(materialDefinitionId)}`);
      onUnstaged();
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    }
  };
  return (
    <>
      <button type="button" class="secondary" aria-label={`Un-stage lot ${lotId} from ${workUnitId}`} onClick={unstage}>Un-stage</button>
      <Feedback message={message} />
    </>
  );
}
