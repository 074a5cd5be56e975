import type { Dispositioned } from "../domain/oee/first-pass-yield.js";
import { overlapMs, type Interval } from "../domain/oee/interval.js";
import { addQuantities, ZERO_QUANTITIES, type Quantities } from "../domain/oee/kpis.js";
import { plannedTime, type PlannedTime, type ShiftCalendar } from "../domain/oee/shift-calendar.js";
import type { StateSpan } from "../domain/oee/time-model.js";
import type { ProductionRecord } from "./ports/production.js";

/** What the OEE of a work unit is computed from: its calendar and its raw rows over a window, read once. */

const NO_PLANNED_TIME: PlannedTime = { operation: [], downtime: [], busy: [] };

export interface UnitInputs {
  readonly unitId: string;
  readonly calendar: (ShiftCalendar & { id: string }) | null;
  /** open: the interval lasts still (its end is now). */
  readonly spans: (StateSpan & { readonly open: boolean })[];
  readonly records: readonly ProductionRecord[];
  /** The unit's job orders from their actual start to their actual end (or now): ISO 22400-2 AOET. */
  readonly orders: readonly (Interval & { readonly open: boolean })[];
  /** Ideal ms per part of each record (null: not known). */
  readonly idealMs: (record: ProductionRecord) => number | null;
  readonly productOf: (record: ProductionRecord) => string | null;
  /** Rework and scrap dispositions of the unit's NCRs, at the time each was opened. */
  readonly dispositions: readonly (Dispositioned & { readonly at: number; readonly productId: string | null })[];
}

/** Planned time per calendar and period, computed once per report: units share calendars, and calendars cost time-zone arithmetic. */
export class PlannedTimeCache {
  private readonly cache = new Map<string, PlannedTime>();

  of(calendar: (ShiftCalendar & { id: string }) | null, window: Interval): PlannedTime {
    if (!calendar) return NO_PLANNED_TIME;
    const key = `${calendar.id}:${window.start}:${window.end}`;
    let planned = this.cache.get(key);
    if (!planned) this.cache.set(key, (planned = plannedTime(calendar, window)));
    return planned;
  }
}

export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const list = groups.get(key(item));
    if (list) list.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/** The items (sorted by start, not overlapping) that reach into the window, found by binary search. */
export function within<T>(items: readonly T[], window: Interval, startOf: (item: T) => number, endOf: (item: T) => number): T[] {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (endOf(items[mid]) <= window.start) low = mid + 1;
    else high = mid;
  }
  const result: T[] = [];
  for (let i = low; i < items.length && startOf(items[i]) < window.end; i++) result.push(items[i]);
  return result;
}

export function quantitiesOf(unit: UnitInputs, window: Interval, planned: PlannedTime, perProduct: (productId: string, pq: number, gq: number) => void): Quantities {
  let result = ZERO_QUANTITIES;
  // Records count by the moment they began, so only those beginning inside the window matter.
  const starting = within(unit.records, window, (r) => r.periodStart.getTime(), (r) => r.periodStart.getTime() + 1);
  for (const record of starting) {
    const at = record.periodStart.getTime();
    if (overlapMs({ start: at, end: at + 1 }, planned.busy) === 0) continue;
    const pq = record.good + record.scrap;
    const ideal = unit.idealMs(record);
    const productId = unit.productOf(record);
    if (productId) perProduct(productId, pq, record.good);
    result = addQuantities(result, { pq, gq: record.good, sq: record.scrap, idealMs: ideal === null ? 0 : ideal * pq, pqWithoutIdeal: ideal === null ? pq : 0 });
  }
  return result;
}
