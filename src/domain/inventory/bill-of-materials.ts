import { roundQuantity } from "./units-of-measure.js";

/**
 * One line of a product's bill of materials at one routing step: which material, how much per
 * good part and per scrapped part, taken from which storage location. ISA-95 Part 2 (product
 * definition → material specification, with MaterialUse "Consumed") and OPC 10030
 * MaterialRequirements carry the same facts per segment.
 */
export interface BomLine {
  readonly productId: string;
  readonly step: number;
  readonly materialDefinitionId: string;
  readonly quantityPerGood: number;
  /** A scrapped part used material too (often the same as a good one, less when it was caught early). */
  readonly quantityPerScrap: number;
  readonly unit: string;
  /** The storage location it is normally staged from; null when any staged lot will do. */
  readonly fromLocationId: string | null;
}

export interface Requirement {
  readonly materialDefinitionId: string;
  readonly quantity: number;
  readonly unit: string;
}

/** The lines of one routing step of a product, in the order given. */
export const linesOfStep = (lines: readonly BomLine[], productId: string, step: number): BomLine[] => lines.filter((line) => line.productId === productId && line.step === step);

/**
 * Backflush: the material a count of parts used, by the BOM (quantity x good + quantity x scrap
 * per line). Lines that come to nothing (no parts of the kind they charge) are left out.
 */
export function backflush(lines: readonly BomLine[], good: number, scrap: number): Requirement[] {
  const out: Requirement[] = [];
  for (const line of lines) {
    const quantity = roundQuantity(line.quantityPerGood * good + line.quantityPerScrap * scrap);
    if (quantity > 0) out.push({ materialDefinitionId: line.materialDefinitionId, quantity, unit: line.unit });
  }
  return out;
}

/** What a job order of `quantity` parts needs at its step (its MaterialRequirements, OPC 10031-4 ISA95JobOrderDataType). */
export const requirementsOf = (lines: readonly BomLine[], quantity: number): Requirement[] => backflush(lines, quantity, 0);

/** Why a BOM line cannot stand, or null: quantities are numbers not below zero, and a line charges something. */
export function bomLineProblem(line: Pick<BomLine, "quantityPerGood" | "quantityPerScrap" | "step">): { field: string; message: string } | null {
  if (!Number.isInteger(line.step) || line.step < 1) return { field: "step", message: "step must be a whole number from 1" };
  for (const field of ["quantityPerGood", "quantityPerScrap"] as const) {
    const value = line[field];
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) return { field, message: `${field} must be a number not below 0` };
  }
  if (line.quantityPerGood === 0 && line.quantityPerScrap === 0) return { field: "quantityPerGood", message: "a BOM line charges something per good or per scrapped part" };
  return null;
}
