import { createHash } from "node:crypto";
import { addDispositioned, firstPass, NO_DISPOSITIONS, type Dispositioned } from "../domain/oee/first-pass-yield.js";
import { union, type Interval } from "../domain/oee/interval.js";
import { addQuantities, kpis, ZERO_QUANTITIES, type Quantities } from "../domain/oee/kpis.js";
import { crossingStopFix, HOUR_MS, outside, pieceOf, wholeDays, wholeHours, type CrossingStop } from "../domain/oee/period-summary.js";
import type { ShiftCalendar } from "../domain/oee/shift-calendar.js";
import { addElements, recordedShare, ZERO_ELEMENTS, type OeePolicy, type TimeElements } from "../domain/oee/time-model.js";
import type { Clock } from "./clock.js";
import { PlannedTimeCache, quantitiesOf, within, type UnitInputs } from "./oee-inputs.js";
import type { OeeFigures } from "./oee-service.js";
import type { HourSummaryRecord } from "./ports/oee.js";
import type { ReadRepositories, Store } from "./ports/store.js";

/** The key of the figures of all units together. */
export const ALL_UNITS = "*";

type InputsFor = (read: ReadRepositories, unitIds: readonly string[], window: Interval) => Promise<UnitInputs[]>;
type Calendar = (ShiftCalendar & { id: string }) | null;

interface Sum {
  elements: TimeElements;
  quantities: Quantities;
  dispositioned: Dispositioned;
  readonly products: Map<string, { pq: number; gq: number; dispositioned: Dispositioned }>;
}

interface HourPart {
  readonly elements: TimeElements;
  readonly quantities: Quantities;
  readonly products: readonly { readonly productId: string; readonly pq: number; readonly gq: number }[];
}

/** Hours summarized in one read of the raw rows (a rebuild goes a week at a time). */
const FILL_CHUNK_MS = 7 * 24 * HOUR_MS;

/**
 * The OEE figures of windows of any length in near-constant time: whole UTC hours from the hour
 * summaries (one grouped query), the partial hours at the edges and the hour running now from
 * the raw rows, stops counted once across the seams (domain/oee/period-summary). An hour with no
 * summary yet (just ended, its rows changed, or never summarized) is computed from the raw rows
 * and kept, unless an open interval or job order still reaches into it. Equal to the raw
 * computation of the window by construction: a summary is the raw computation of its hour.
 */
export class OeeWindows {
  /** Summaries are kept per policy: a changed micro-stop threshold or nameplate time makes the old ones unused (and refilled). */
  readonly policyKey: string;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly policy: OeePolicy,
    nameplate: Readonly<Record<string, number>>,
    private readonly calendarFor: (unitId: string) => Promise<Calendar>,
    private readonly inputsFor: InputsFor,
  ) {
    this.policyKey = createHash("sha256").update(JSON.stringify({ policy, nameplate })).digest("hex").slice(0, 32);
  }

  /** The figures of each window, for the units together (ALL_UNITS) or, with perUnit, each unit. */
  async figures(unitIds: readonly string[], windows: readonly Interval[], perUnit: boolean): Promise<Map<string, OeeFigures[]>> {
    const now = this.clock.now().getTime();
    const calendars = new Map(await Promise.all(unitIds.map(async (id) => [id, await this.calendarFor(id)] as const)));
    const keyOf = (unitId: string) => (perUnit ? unitId : ALL_UNITS);
    const sums = new Map((perUnit ? unitIds : [ALL_UNITS]).map((key) => [key, windows.map(emptySum)]));
    const heads = new Map<string, CrossingStop>();
    const hoursOf = windows.map((window) => wholeHours(window, now));
    // Days are cut in each unit's calendar zone (UTC without a calendar): units are read by zone.
    const zones = new Map<string, string[]>();
    for (const unitId of unitIds) {
      const zone = calendars.get(unitId)?.timeZone ?? "UTC";
      zones.set(zone, [...(zones.get(zone) ?? []), unitId]);
    }
    for (const [zone, zoneUnits] of zones) {
      const daysOf = hoursOf.map((whole) => (whole ? wholeDays(whole, zone) : []));
      const days = await this.days(zoneUnits, hull(daysOf.flat()), perUnit);
      // The whole hours not in a day every unit of the zone has a summary of.
      const hourRangesOf = hoursOf.map((whole, i) => (whole ? outside(whole, daysOf[i].filter((day) => days.complete.has(day.start))) : []));
      // Touching ranges read as one: a report per hour would otherwise read each hour on its own.
      const ranges = union(hourRangesOf.flat()).reduce<Interval[]>((merged, range) => (merged.length > 0 && merged.at(-1)!.end >= range.start ? [...merged.slice(0, -1), { start: merged.at(-1)!.start, end: Math.max(merged.at(-1)!.end, range.end) }] : [...merged, range]), []);
      if (ranges.length > 0) {
        const headStarts = [...new Set(windows.flatMap((w, i) => (hoursOf[i]?.start === w.start ? [w.start] : [])))];
        const hours = await this.hours(zoneUnits, calendars, ranges, headStarts, perUnit, heads);
        windows.forEach((_, i) => {
          for (const [key, byHour] of hours) {
            const sum = sums.get(key)![i];
            for (const range of hourRangesOf[i]) {
              for (let h = range.start; h < range.end; h += HOUR_MS) {
                const part = byHour.get(h);
                if (part) addPart(sum, part);
              }
            }
          }
        });
      } else {
        const headStarts = [...new Set(windows.flatMap((w, i) => (hoursOf[i]?.start === w.start ? [w.start] : [])))];
        for (const { equipmentId, hourStart, head } of await this.store.read.hourSummaries.countedHeads(zoneUnits, this.policyKey, headStarts)) heads.set(`${equipmentId}@${hourStart}`, head);
      }
      windows.forEach((_, i) => {
        for (const day of daysOf[i]) {
          if (!days.complete.has(day.start)) continue;
          for (const [key, byDay] of days.parts) {
            const part = byDay.get(day.start);
            if (part) addPart(sums.get(key)![i], part);
          }
        }
      });
      // Days whose hours were read instead, now summarized (where every hour of the day is).
      const missing = [...new Map(daysOf.flat().filter((day) => !days.complete.has(day.start)).map((day) => [day.start, day])).values()];
      if (missing.length > 0) await this.store.unitOfWork((repos) => repos.hourSummaries.fillDays(zoneUnits, this.policyKey, missing));
    }
    const edges = windows.map((window, i) => edgesOf(window, hoursOf[i]));
    for (const segment of union(edges.flat())) {
      const inputs = await this.inputsFor(this.store.read, unitIds, segment);
      const planned = new PlannedTimeCache();
      edges.forEach((list, i) => {
        for (const edge of list) {
          if (edge.start < segment.start || edge.end > segment.end) continue;
          for (const unit of inputs) {
            const plan = planned.of(unit.calendar, edge);
            const piece = pieceOf(within(unit.spans, edge, (s) => s.start, (s) => s.end), unit.calendar, plan, edge, this.policy, unit.orders);
            const sum = sums.get(keyOf(unit.unitId))![i];
            sum.elements = addElements(sum.elements, piece.elements);
            sum.quantities = addQuantities(sum.quantities, quantitiesOf(unit, edge, plan, (productId, pq, gq) => addProduct(sum, productId, pq, gq)));
            if (edge.start === windows[i].start && piece.head) heads.set(`${unit.unitId}@${edge.start}`, piece.head);
          }
        }
      });
    }
    windows.forEach((window, i) => {
      for (const unitId of unitIds) {
        const fix = crossingStopFix(heads.get(`${unitId}@${window.start}`) ?? null, calendars.get(unitId) ?? null, window);
        if (fix.failures === 0 && fix.microStops === 0) continue;
        const sum = sums.get(keyOf(unitId))![i];
        sum.elements = { ...sum.elements, failures: sum.elements.failures + fix.failures, microStops: sum.elements.microStops + fix.microStops };
      }
    });
    await this.addDispositions(unitIds, windows, (unitId, i) => sums.get(keyOf(unitId))![i]);
    return new Map([...sums].map(([key, list]) => [key, list.map(figuresOfSum)]));
  }

  /** Rebuilds the summaries of the units' hours in [from, to) from the raw rows; returns how many it kept. */
  async rebuild(unitIds: readonly string[], from: number, to: number): Promise<number> {
    const start = Math.ceil(from / HOUR_MS) * HOUR_MS;
    const end = Math.floor(Math.min(to, this.clock.now().getTime()) / HOUR_MS) * HOUR_MS;
    if (!(end > start)) return 0;
    await this.store.unitOfWork((repos) => repos.hourSummaries.invalidateUnits(unitIds, start, end));
    const hours: number[] = [];
    for (let h = start; h < end; h += HOUR_MS) hours.push(h);
    const calendars = new Map(await Promise.all(unitIds.map(async (id) => [id, await this.calendarFor(id)] as const)));
    const made = await this.fill(unitIds.flatMap((equipmentId) => hours.map((hourStart) => ({ equipmentId, hourStart }))), calendars);
    const zones = new Map<string, string[]>();
    for (const unitId of unitIds) {
      const zone = calendars.get(unitId)?.timeZone ?? "UTC";
      zones.set(zone, [...(zones.get(zone) ?? []), unitId]);
    }
    for (const [zone, zoneUnits] of zones) {
      // Days reaching past the range too: their hours outside it may be there already (a day is made only where every hour is).
      const days = wholeDays({ start: start - 25 * HOUR_MS, end: end + 25 * HOUR_MS }, zone).filter((day) => day.end <= end || day.end <= this.clock.now().getTime());
      // A month of days per unit of work: a transaction that short keeps the writers of raw rows waiting little.
      for (let i = 0; i < days.length; i += 31) await this.store.unitOfWork((repos) => repos.hourSummaries.fillDays(zoneUnits, this.policyKey, days.slice(i, i + 31)));
    }
    return made.filter((m) => m.kept).length;
  }

  /** The units' day summaries of the range, by key, and the days every unit has one of (the only ones a window may use). */
  private async days(unitIds: readonly string[], range: Interval | null, perUnit: boolean): Promise<{ parts: Map<string, Map<number, HourPart>>; complete: Set<number> }> {
    const parts = new Map<string, Map<number, HourPart>>();
    const complete = new Set<number>();
    if (!range) return { parts, complete };
    const read = this.store.read.hourSummaries;
    const partsOf = (key: string) => parts.get(key) ?? parts.set(key, new Map()).get(key)!;
    const present = new Map<number, number>();
    for (const totals of await read.totalsByDay(unitIds, this.policyKey, range.start, range.end, perUnit)) {
      partsOf(totals.equipmentId ?? ALL_UNITS).set(totals.hourStart, { elements: totals.elements, quantities: totals.quantities, products: [] });
      present.set(totals.hourStart, (present.get(totals.hourStart) ?? 0) + totals.units);
    }
    for (const [dayStart, units] of present) if (units === unitIds.length) complete.add(dayStart);
    if (complete.size === 0) return { parts, complete };
    for (const row of await read.productsByDay(unitIds, this.policyKey, range.start, range.end, perUnit)) {
      const byDay = partsOf(row.equipmentId ?? ALL_UNITS);
      const part = byDay.get(row.hourStart);
      if (part) byDay.set(row.hourStart, { ...part, products: [...part.products, row] });
    }
    return { parts, complete };
  }

  /** Every unit's hour figures in the ranges, by key: the stored summaries, the missing ones computed (and kept where final). */
  private async hours(unitIds: readonly string[], calendars: Map<string, Calendar>, ranges: readonly Interval[], headStarts: readonly number[], perUnit: boolean, heads: Map<string, CrossingStop>): Promise<Map<string, Map<number, HourPart>>> {
    const read = this.store.read.hourSummaries;
    const result = new Map<string, Map<number, HourPart>>();
    const partsOf = (key: string) => result.get(key) ?? result.set(key, new Map()).get(key)!;
    const present = new Map<number, number>();
    for (const range of ranges) {
      for (const totals of await read.totalsByHour(unitIds, this.policyKey, range.start, range.end, perUnit)) {
        partsOf(totals.equipmentId ?? ALL_UNITS).set(totals.hourStart, { elements: totals.elements, quantities: totals.quantities, products: [] });
        present.set(totals.hourStart, (present.get(totals.hourStart) ?? 0) + totals.units);
      }
      for (const row of await read.productsByHour(unitIds, this.policyKey, range.start, range.end, perUnit)) {
        const parts = partsOf(row.equipmentId ?? ALL_UNITS);
        const part = parts.get(row.hourStart);
        if (part) parts.set(row.hourStart, { ...part, products: [...part.products, row] });
      }
    }
    for (const { equipmentId, hourStart, head } of await read.countedHeads(unitIds, this.policyKey, headStarts)) heads.set(`${equipmentId}@${hourStart}`, head);
    const incomplete: number[] = [];
    const have = new Set<string>();
    for (const range of ranges) {
      const before = incomplete.length;
      for (let h = range.start; h < range.end; h += HOUR_MS) if ((present.get(h) ?? 0) < unitIds.length) incomplete.push(h);
      if (incomplete.length === before) continue;
      for (const p of await read.present(unitIds, this.policyKey, incomplete[before], incomplete.at(-1)! + HOUR_MS)) have.add(`${p.equipmentId}@${p.hourStart}`);
    }
    if (incomplete.length === 0) return result;
    const missing = incomplete.flatMap((hourStart) => unitIds.flatMap((equipmentId) => (have.has(`${equipmentId}@${hourStart}`) ? [] : [{ equipmentId, hourStart }])));
    for (const { summary } of await this.fill(missing, calendars)) {
      const parts = partsOf(perUnit ? summary.equipmentId : ALL_UNITS);
      const seen = parts.get(summary.hourStart);
      const part = { elements: summary.elements, quantities: summary.quantities, products: summary.products };
      parts.set(summary.hourStart, seen ? { elements: addElements(seen.elements, part.elements), quantities: addQuantities(seen.quantities, part.quantities), products: [...seen.products, ...part.products] } : part);
      if (summary.head?.countedBefore && headStarts.includes(summary.hourStart)) heads.set(`${summary.equipmentId}@${summary.hourStart}`, summary.head);
    }
    return result;
  }

  /**
   * The summaries of the (unit, hour) pairs computed from the raw rows, read a week at a time in
   * a unit of work (so no writer of raw rows lands between the read and the write); kept unless
   * the hour has not ended or an open interval or job order reaches into it.
   */
  private async fill(pairs: readonly { equipmentId: string; hourStart: number }[], calendars: Map<string, Calendar>): Promise<{ summary: HourSummaryRecord; kept: boolean }[]> {
    const made: { summary: HourSummaryRecord; kept: boolean }[] = [];
    if (pairs.length === 0) return made;
    const now = this.clock.now().getTime();
    const sorted = [...pairs].sort((a, b) => a.hourStart - b.hourStart);
    for (let i = 0; i < sorted.length; ) {
      const chunkStart = sorted[i].hourStart;
      const chunk: typeof sorted = [];
      while (i < sorted.length && sorted[i].hourStart < chunkStart + FILL_CHUNK_MS) chunk.push(sorted[i++]);
      const window = { start: chunkStart, end: chunk.at(-1)!.hourStart + HOUR_MS };
      const unitIds = [...new Set(chunk.map((p) => p.equipmentId))];
      made.push(
        ...(await this.store.unitOfWork(async (repos) => {
          const inputs = new Map((await this.inputsFor(repos, unitIds, window)).map((unit) => [unit.unitId, unit]));
          const planned = new PlannedTimeCache();
          const computed = chunk.map(({ equipmentId, hourStart }) => {
            const unit = inputs.get(equipmentId)!;
            const hour = { start: hourStart, end: hourStart + HOUR_MS };
            const plan = planned.of(calendars.get(equipmentId) ?? null, hour);
            const spans = within(unit.spans, hour, (s) => s.start, (s) => s.end);
            const piece = pieceOf(spans, unit.calendar, plan, hour, this.policy, unit.orders);
            const products = new Map<string, { productId: string; pq: number; gq: number }>();
            const quantities = quantitiesOf(unit, hour, plan, (productId, pq, gq) => {
              const entry = products.get(productId) ?? products.set(productId, { productId, pq: 0, gq: 0 }).get(productId)!;
              entry.pq += pq;
              entry.gq += gq;
            });
            const kept = hour.end <= now && !spans.some((s) => s.open) && !unit.orders.some((o) => o.open && o.start < hour.end && o.end > hour.start);
            return { summary: { equipmentId, hourStart, policy: this.policyKey, elements: piece.elements, quantities, head: piece.head, products: [...products.values()] }, kept };
          });
          // Derived data, not a change anyone made: no audit entry (the raw rows' writers have theirs).
          await repos.hourSummaries.put(computed.filter((c) => c.kept).map((c) => c.summary));
          return computed;
        })),
      );
    }
    return made;
  }

  private async addDispositions(unitIds: readonly string[], windows: readonly Interval[], sumOf: (unitId: string, window: number) => Sum): Promise<void> {
    const units = new Set(unitIds);
    if (windows.length === 0) return;
    const hullOf = hull(windows)!;
    const ncrs = (await this.store.read.ncrs.findOpenedIn(unitIds, new Date(hullOf.start), new Date(hullOf.end))).filter((ncr) => ncr.equipmentId && units.has(ncr.equipmentId) && (ncr.disposition === "rework" || ncr.disposition === "scrap"));
    for (const ncr of ncrs) {
      const at = ncr.openedAt.getTime();
      const d = { rq: ncr.disposition === "rework" ? ncr.quantity : 0, ncrScrap: ncr.disposition === "scrap" ? ncr.quantity : 0 };
      windows.forEach((window, i) => {
        if (at < window.start || at >= window.end) return;
        const sum = sumOf(ncr.equipmentId!, i);
        sum.dispositioned = addDispositioned(sum.dispositioned, d);
        if (ncr.productId) {
          const entry = productEntry(sum, ncr.productId);
          entry.dispositioned = addDispositioned(entry.dispositioned, d);
        }
      });
    }
  }
}

const emptySum = (): Sum => ({ elements: ZERO_ELEMENTS, quantities: ZERO_QUANTITIES, dispositioned: NO_DISPOSITIONS, products: new Map() });

function productEntry(sum: Sum, productId: string) {
  return sum.products.get(productId) ?? sum.products.set(productId, { pq: 0, gq: 0, dispositioned: NO_DISPOSITIONS }).get(productId)!;
}

function addProduct(sum: Sum, productId: string, pq: number, gq: number): void {
  const entry = productEntry(sum, productId);
  entry.pq += pq;
  entry.gq += gq;
}

function addPart(sum: Sum, part: HourPart): void {
  sum.elements = addElements(sum.elements, part.elements);
  sum.quantities = addQuantities(sum.quantities, part.quantities);
  for (const p of part.products) addProduct(sum, p.productId, p.pq, p.gq);
}

function figuresOfSum(sum: Sum): OeeFigures {
  const { elements, quantities, dispositioned } = sum;
  const products = [...sum.products].sort(([a], [b]) => a.localeCompare(b)).map(([productId, p]) => ({ productId, pq: p.pq, gq: p.gq, ...firstPass(p, p.dispositioned) }));
  return { elements, quantities, kpis: kpis(elements, quantities), recordedShare: recordedShare(elements), firstPass: { ...firstPass(quantities, dispositioned), products } };
}

/** The parts of the window outside its whole summarized hours, computed from the raw rows. */
function edgesOf(window: Interval, whole: Interval | null): Interval[] {
  if (!whole) return [window];
  return [
    { start: window.start, end: whole.start },
    { start: whole.end, end: window.end },
  ].filter((edge) => edge.end > edge.start);
}

function hull(intervals: readonly Interval[]): Interval | null {
  if (intervals.length === 0) return null;
  return { start: Math.min(...intervals.map((i) => i.start)), end: Math.max(...intervals.map((i) => i.end)) };
}
