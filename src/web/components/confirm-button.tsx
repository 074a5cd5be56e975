import { useEffect, useRef, useState } from "preact/hooks";

/**
 * A button for a command that cannot be taken back (abort, cancel): it asks first, in a modal
 * dialog that names what will happen, and gives the command only on "Yes". Without `question` it
 * is a plain button.
 */
export function ConfirmButton({ label, question, danger, onConfirm }: { label: string; question?: string; danger?: boolean; onConfirm: () => void }) {
  const [asking, setAsking] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (asking && dialog.current && !dialog.current.open) dialog.current.showModal();
  }, [asking]);
  const answer = (yes: boolean) => {
    dialog.current?.close();
    setAsking(false);
    if (yes) onConfirm();
  };
  const cls = danger ? "danger" : "";
  if (!question) return <button type="button" class={cls} onClick={onConfirm}>{label}</button>;
  return (
    <>
      <button type="button" class={cls} onClick={() => setAsking(true)}>{label}</button>
      {asking && (
        <dialog ref={dialog} class="confirm" aria-label={`${label}?`} onCancel={() => setAsking(false)}>
          <p>{question}</p>
          <div class="actions">
            <button type="button" class={cls} onClick={() => answer(true)}>Yes, {label.toLowerCase()}</button>
            <button type="button" class="secondary" onClick={() => answer(false)} autoFocus>No, keep it</button>
          </div>
        </dialog>
      )}
    </>
  );
}
