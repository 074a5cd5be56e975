/** A half-open time interval [start, end) in epoch milliseconds: intervals that touch never overlap. */
export interface Interval {
  readonly start: number;
  readonly end: number;
}

export const durationOf = (interval: Interval): number => Math.max(0, interval.end - interval.start);

export function intersect(a: Interval, b: Interval): Interval | null {
  const start = Math.max(a.start, b.start);
  const end = Math.min(a.end, b.end);
  return end > start ? { start, end } : null;
}

/** Sorted, non-overlapping, touching intervals merged. */
export function union(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged.at(-1);
    if (last && interval.start <= last.end) merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, interval.end) };
    else merged.push({ ...interval });
  }
  return merged;
}

/** `from` minus every interval of `holes`. */
export function subtract(from: readonly Interval[], holes: readonly Interval[]): Interval[] {
  const cut = union(holes);
  const result: Interval[] = [];
  for (const interval of union(from)) {
    let start = interval.start;
    for (const hole of cut) {
      if (hole.end <= start || hole.start >= interval.end) continue;
      if (hole.start > start) result.push({ start, end: hole.start });
      start = Math.max(start, hole.end);
    }
    if (start < interval.end) result.push({ start, end: interval.end });
  }
  return result;
}

/** Total length of `interval` covered by the (non-overlapping) `within`. */
export function overlapMs(interval: Interval, within: readonly Interval[]): number {
  let total = 0;
  for (const other of within) {
    const common = intersect(interval, other);
    if (common) total += durationOf(common);
  }
  return total;
}

export const totalMs = (intervals: readonly Interval[]): number => intervals.reduce((sum, i) => sum + durationOf(i), 0);
