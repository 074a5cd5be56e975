import { requirementsOf, type BomLine } from "./bill-of-materials.js";
import { roundQuantity } from "./units-of-measure.js";

/** ISA-95 MaterialUse of a job's material (OPC 10031-4 ISA95MaterialDataType.MaterialUse). */
export type MaterialUse = "Consumed" | "Produced";

/** What a job order is to consume or did consume or produce: one ISA-95 material requirement or actual. */
export interface JobMaterial {
  readonly materialDefinitionId: string;
  readonly materialLotId: string | null;
  readonly materialUse: MaterialUse;
  readonly quantity: number;
  readonly unit: string;
}

/** The material the BOM says a job of `quantity` good parts consumes (ISA-95 MaterialRequirements, use Consumed). */
export function bomRequirements(lines: readonly BomLine[], quantity: number): JobMaterial[] {
  return requirementsOf(lines, quantity).map((r) => ({ materialDefinitionId: r.materialDefinitionId, materialLotId: null, materialUse: "Consumed", quantity: r.quantity, unit: r.unit }));
}

/**
 * What a job order actually consumed and produced (ISA-95 MaterialActuals), from its ledger rows:
 * one entry per use, lot, material and unit, summed, in the order they first happened. A
 * consumption without a lot (unassigned) stays an entry without a lot id.
 */
export function materialActuals(movements: readonly { kind: string; fromLotId: string | null; toLotId: string | null; materialDefinitionId: string; quantity: number; unit: string }[]): JobMaterial[] {
  const byKey = new Map<string, { -readonly [K in keyof JobMaterial]: JobMaterial[K] }>();
  for (const m of movements) {
    const use: MaterialUse | null = m.kind === "consume" ? "Consumed" : m.kind === "produce" ? "Produced" : null;
    if (!use) continue;
    const lot = use === "Consumed" ? m.fromLotId : m.toLotId;
    const key = JSON.stringify([use, lot, m.materialDefinitionId, m.unit]);
    const seen = byKey.get(key);
    if (seen) seen.quantity = roundQuantity(seen.quantity + m.quantity);
    else byKey.set(key, { materialDefinitionId: m.materialDefinitionId, materialLotId: lot, materialUse: use, quantity: m.quantity, unit: m.unit });
  }
  return [...byKey.values()];
}
