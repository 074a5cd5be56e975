import { DomainError } from "../../domain/domain-error.js";
import { checkMovementQuantity, isProblem, withdraw, type Quantity } from "../../domain/inventory/quantity.js";
import { movementRefusal, type MovementKind } from "../../domain/inventory/lot-status.js";
import { convertQuantity, isKnownUnit } from "../../domain/inventory/units-of-measure.js";
import type { MaterialLotRecord } from "../ports/inventory.js";

/** The checks every movement makes before it changes anything, each naming the field at fault. */

export function requireQuantity(value: unknown, field = "quantity"): number {
  const problem = checkMovementQuantity(value);
  if (problem) throw new DomainError("invalid_input", `${field}: ${problem.message}`, { field });
  return value as number;
}

export function requireUnit(unit: string | undefined, materialUnit: string, field = "unit"): string {
  const chosen = unit ?? materialUnit;
  if (!isKnownUnit(chosen)) throw new DomainError("invalid_input", `${field}: unknown unit of measure "${chosen}"`, { field });
  if (convertQuantity(1, chosen, materialUnit) === null) throw new DomainError("invalid_input", `${field}: ${chosen} does not measure a material kept in ${materialUnit}`, { field });
  return chosen;
}

export function requireLot(lot: MaterialLotRecord | null, id: string, field = "lotId"): MaterialLotRecord {
  if (!lot) throw new DomainError("not_found", `${field}: no lot "${id}"`, { field });
  return lot;
}

export function requireAllowed(lot: MaterialLotRecord, kind: MovementKind, field = "lotId"): void {
  const refusal = movementRefusal(lot.id, lot.status, kind);
  if (refusal) throw new DomainError("conflict", `${field}: ${refusal}`, { field, status: lot.status });
}

export function requireMaterial(lot: MaterialLotRecord, materialDefinitionId: string, field = "lotId"): void {
  if (lot.materialDefinitionId !== materialDefinitionId) throw new DomainError("conflict", `${field}: lot ${lot.id} is ${lot.materialDefinitionId}, not ${materialDefinitionId}`, { field });
}

/** What is left of the lot after taking `amount`, refused (and nothing changed) when it would go below zero without an override. */
export function remainingAfter(lot: MaterialLotRecord, amount: Quantity, override: boolean, field = "quantity"): number {
  const result = withdraw({ value: lot.quantity, unit: lot.unit }, amount, override);
  if (isProblem(result)) throw new DomainError(result.kind === "negative_result" ? "conflict" : "invalid_input", `${field}: lot ${lot.id}: ${result.message}`, { field, onHand: lot.quantity, unit: lot.unit });
  return result.remaining.value;
}

/** Lot numbers are what people type and PLCs read: short, no spaces or wildcards. */
export function requireLotId(value: unknown, field = "lotId"): string {
  if (typeof value !== "string" || !/^[A-Za-z0-9][A-Za-z0-9._\-/]{0,63}$/.test(value)) throw new DomainError("invalid_input", `${field}: a lot number is 1-64 letters, digits and . _ - /, starting with a letter or digit`, { field });
  return value;
}
