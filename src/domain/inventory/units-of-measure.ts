/**
 * Units of measure a lot or a BOM line may be kept in. Each has the UNECE Recommendation 20 code
 * OPC UA's EngineeringUnits carry (OPC 10000-8 §5.6.3), a dimension, and its factor to the
 * dimension's base unit, so a BOM in grams consumes from a lot kept in kilograms.
 */
export interface UnitOfMeasure {
  readonly symbol: string;
  readonly uneceCode: string;
  readonly dimension: "count" | "mass" | "length" | "volume" | "area";
  /** How many base units (pcs, kg, m, l, m2) one of this unit is. */
  readonly factor: number;
}

export const UNITS_OF_MEASURE: readonly UnitOfMeasure[] = [
  { symbol: "pcs", uneceCode: "C62", dimension: "count", factor: 1 },
  { symbol: "kg", uneceCode: "KGM", dimension: "mass", factor: 1 },
  { symbol: "g", uneceCode: "GRM", dimension: "mass", factor: 0.001 },
  { symbol: "t", uneceCode: "TNE", dimension: "mass", factor: 1000 },
  { symbol: "m", uneceCode: "MTR", dimension: "length", factor: 1 },
  { symbol: "mm", uneceCode: "MMT", dimension: "length", factor: 0.001 },
  { symbol: "l", uneceCode: "LTR", dimension: "volume", factor: 1 },
  { symbol: "ml", uneceCode: "MLT", dimension: "volume", factor: 0.001 },
  { symbol: "m2", uneceCode: "MTK", dimension: "area", factor: 1 },
];

const BY_SYMBOL = new Map(UNITS_OF_MEASURE.map((unit) => [unit.symbol, unit]));

export function unitOfMeasure(symbol: string): UnitOfMeasure | null {
  return BY_SYMBOL.get(symbol) ?? null;
}

export const isKnownUnit = (symbol: string): boolean => BY_SYMBOL.has(symbol);

/** The same amount in another unit of its dimension, or null when they measure different things (kg and pcs). */
export function convertQuantity(value: number, from: string, to: string): number | null {
  if (from === to) return value;
  const a = BY_SYMBOL.get(from);
  const b = BY_SYMBOL.get(to);
  if (!a || !b || a.dimension !== b.dimension) return null;
  return roundQuantity((value * a.factor) / b.factor);
}

/** Quantities are kept to this many decimals, so sums of backflushes do not drift in binary floating point. */
export const QUANTITY_DECIMALS = 6;
const SCALE = 10 ** QUANTITY_DECIMALS;

export function roundQuantity(value: number): number {
  return Math.round(value * SCALE) / SCALE;
}
