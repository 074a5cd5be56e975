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

export interface Run {
  readonly perSecond: number;
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
}

/** Runs `operation` back to back for `seconds` on `workers` concurrent loops; latency of each, count per second. */
export async function timed(seconds: number, operation: (worker: number) => Promise<void>, workers = 1): Promise<Run> {
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        await operation(worker);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsedS = (performance.now() - started) / 1000;
  return { perSecond: latencies.length / elapsedS, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}
