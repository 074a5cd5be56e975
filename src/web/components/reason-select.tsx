import { Field } from "./field.js";

export interface ReasonNode {
  code: string;
  name: string;
  children: ReasonNode[];
}

/** Leaf reasons with their path ("Mechanical › Jam"), as a labelled select. */
export function leaves(nodes: ReasonNode[], path: string[] = []): { code: string; label: string }[] {
  return nodes.flatMap((node) => (node.children.length === 0 ? [{ code: node.code, label: [...path, node.name].join(" › ") }] : leaves(node.children, [...path, node.name])));
}

export function ReasonSelect({ id, label, reasons, value, onChange, allowNone = false }: { id: string; label: string; reasons: ReasonNode[]; value: string; onChange: (code: string) => void; allowNone?: boolean }) {
  return (
    <Field id={id} label={label}>
      <select id={id} value={value} onChange={(e) => onChange((e.target as HTMLSelectElement).value)}>
        <option value="">{allowNone ? "— none —" : "— choose a reason —"}</option>
        {leaves(reasons).map((reason) => (
          <option key={reason.code} value={reason.code}>
            {reason.label}
          </option>
        ))}
      </select>
    </Field>
  );
}
