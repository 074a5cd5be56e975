import type { Interval } from "../oee/interval.js";

/**
 * Work placed on a unit's planned busy time (sorted, non-overlapping intervals): it starts at the
 * first busy moment at or after `from` and runs until `durationMs` of busy time are used, pausing
 * over breaks and between shifts. Null when the busy time ends first.
 */
export function placeOnBusyTime(busy: readonly Interval[], from: number, durationMs: number): { start: number; end: number } | null {
  let i = firstEndingAfter(busy, from);
  if (i >= busy.length) return null;
  const start = Math.max(from, busy[i].start);
  if (durationMs === 0) return { start, end: start };
  let left = durationMs;
  let at = start;
  for (; i < busy.length; i++) {
    const begin = Math.max(at, busy[i].start);
    const available = busy[i].end - begin;
    if (available >= left) return { start, end: begin + left };
    left -= available;
    at = busy[i].end;
  }
  return null;
}

/** Busy time between two moments. */
export function busyBetween(busy: readonly Interval[], from: number, to: number): number {
  let total = 0;
  for (let i = firstEndingAfter(busy, from); i < busy.length && busy[i].start < to; i++) total += Math.min(to, busy[i].end) - Math.max(from, busy[i].start);
  return total;
}

function firstEndingAfter(busy: readonly Interval[], at: number): number {
  let low = 0;
  let high = busy.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (busy[mid].end <= at) low = mid + 1;
    else high = mid;
  }
  return low;
}
