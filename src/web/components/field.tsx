import type { ComponentChildren } from "preact";

/** A label tied to its control by id, so the control's name is the label alone (not the label plus the options of a select). */
export function Field({ id, label, children }: { id: string; label: string; children: ComponentChildren }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children}
    </div>
  );
}
