/** Percentile by nearest rank over an unsorted sample (copied, not mutated). */
export function percentile(values: ArrayLike<number>, p: number): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/** Median with min and max, the way BENCHMARKS.md asks repeated runs to be reported. */
export function spread(values: readonly number[]): { median: number; min: number; max: number } | null {
  if (values.length === 0) return null;
  return { median: percentile(values, 50)!, min: Math.min(...values), max: Math.max(...values) };
}

export function round(value: number | null, digits = 2): number | null {
  return value === null ? null : Number(value.toFixed(digits));
}
