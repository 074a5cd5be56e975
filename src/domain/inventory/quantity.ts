import { convertQuantity, roundQuantity } from "./units-of-measure.js";

/** A quantity of material in a unit of measure (ISA-95 Part 2, Quantity and UnitOfMeasure; OPC 10031-4 ISA95MaterialDataType: Quantity with EngineeringUnits). */
export interface Quantity {
  readonly value: number;
  readonly unit: string;
}

export type QuantityProblem = { readonly kind: "not_a_quantity" | "not_positive" | "unit_mismatch" | "negative_result"; readonly message: string };

/** A movement's quantity must be a finite number above zero: a movement of nothing or of less than nothing is a mistake. */
export function checkMovementQuantity(value: unknown): QuantityProblem | null {
  if (typeof value !== "number" || !Number.isFinite(value)) return { kind: "not_a_quantity", message: "quantity must be a number" };
  if (roundQuantity(value) <= 0) return { kind: "not_positive", message: `quantity must be above 0, not ${value}` };
  return null;
}

/**
 * Takes `amount` from `onHand`, in the on-hand unit. The result never goes below zero unless
 * `override` says a person accepted it (a count that was wrong, material used before it was
 * received): then it is recorded as it is, and the override is audited with it.
 */
export function withdraw(onHand: Quantity, amount: Quantity, override = false): { readonly remaining: Quantity } | QuantityProblem {
  const taken = convertQuantity(amount.value, amount.unit, onHand.unit);
  if (taken === null) return { kind: "unit_mismatch", message: `quantity in ${amount.unit} cannot be taken from a lot kept in ${onHand.unit}` };
  const remaining = roundQuantity(onHand.value - taken);
  if (remaining < 0 && !override) return { kind: "negative_result", message: `only ${onHand.value} ${onHand.unit} on hand, ${taken} ${onHand.unit} asked; a negative stock needs an explicit override` };
  return { remaining: { value: remaining, unit: onHand.unit } };
}

export function deposit(onHand: Quantity, amount: Quantity): { readonly total: Quantity } | QuantityProblem {
  const added = convertQuantity(amount.value, amount.unit, onHand.unit);
  if (added === null) return { kind: "unit_mismatch", message: `quantity in ${amount.unit} cannot be added to a lot kept in ${onHand.unit}` };
  return { total: { value: roundQuantity(onHand.value + added), unit: onHand.unit } };
}

export const isProblem = (result: object): result is QuantityProblem => "kind" in result && "message" in result;
