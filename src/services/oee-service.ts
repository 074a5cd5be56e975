import type { OeeSettings } from "../domain/oee/oee-settings.js";
import { DomainError } from "../domain/domain-error.js";
import type { EquipmentNode } from "../domain/equipment.js";
import type { Interval } from "../domain/oee/interval.js";
import { addDispositioned, firstPass, NO_DISPOSITIONS, productFirstPass, type Dispositioned, type ProductCounts, type FirstPass } from "../domain/oee/first-pass-yield.js";
import { addQuantities, kpis, ZERO_QUANTITIES, type Kpis, type Quantities } from "../domain/oee/kpis.js";
import { mergePeriods, periodsOf, type Granularity, type Period } from "../domain/oee/periods.js";
import { shiftInstances, type ShiftCalendar } from "../domain/oee/shift-calendar.js";
import { addElements, ISO_STATE_CATEGORIES, recordedShare, timeElements, ZERO_ELEMENTS, type OeePolicy, type TimeElements } from "../domain/oee/time-model.js";
import type { CalendarService } from "./calendar-service.js";
import type { Clock } from "./clock.js";
import type { ProductionRecord } from "./ports/production.js";
import type { ReadRepositories, Store } from "./ports/store.js";
import { ALL_UNITS, OeeWindows } from "./oee-windows.js";
import { groupBy, PlannedTimeCache, quantitiesOf, within, type UnitInputs } from "./oee-inputs.js";

export interface OeeFigures {
  readonly elements: TimeElements;
  readonly quantities: Quantities;
  readonly kpis: Kpis;
  /** Of the planned busy time, the share whose state is known (see recordedShare). */
  readonly recordedShare: number | null;
  /** Rework and first-pass yield from NCR dispositions, in all and per product. */
  readonly firstPass: FirstPass & { readonly products: readonly ProductFirstPass[] };
}

export interface ProductFirstPass extends FirstPass {
  readonly productId: string;
  readonly pq: number;
  readonly gq: number;
}

export interface OeeReport extends OeeFigures {
  readonly equipmentId: string;
  readonly from: Date;
  readonly to: Date;
  readonly policy: { readonly microStopConvention: "iso" | "tpm"; readonly microStopThresholdS: number };
  /** The work units whose times and quantities are summed (roll-ups never average percentages). */
  readonly workUnits: readonly string[];
  readonly granularity: Granularity | null;
  readonly periods: readonly (OeeFigures & { label: string; from: Date; to: Date })[];
}

/** One period of an equipment's OEE history. */
export interface PeriodFigures {
  readonly start: number;
  readonly end: number;
  /** The period has not ended yet: its figures are those until now. */
  readonly running: boolean;
  readonly figures: OeeFigures;
}

/**
 * OEE of any equipment for any period, from the stored state intervals and production records:
 * each work unit's time elements and quantities on its own calendar, summed up the hierarchy,
 * then divided (ISO 22400-2). Quantities count when they were made inside planned busy time,
 * like the times; each part's ideal cycle time is its product's on that unit.
 */
export class OeeService {
  readonly policy: OeePolicy;
  /** Figures of windows from the hour summaries and the raw edges. */
  readonly windows: OeeWindows;
  private readonly children = new Map<string, EquipmentNode[]>();
  private readonly nodes: Map<string, EquipmentNode>;

  constructor(
    private readonly store: Store,
    private readonly calendars: CalendarService,
    equipment: readonly EquipmentNode[],
    private readonly config: OeeSettings,
    private readonly clock: Clock,
  ) {
    this.policy = {
      microStopConvention: config.microStops.convention,
      microStopMs: config.microStops.thresholdS * 1000,
      stateCategories: { ...ISO_STATE_CATEGORIES, ...config.stateCategories },
    };
    this.nodes = new Map(equipment.map((node) => [node.id, node]));
    this.windows = new OeeWindows(store, clock, this.policy, config.idealCycleTimes, (unitId) => calendars.calendarFor(unitId), (read, unitIds, window) => this.inputsFor(read, unitIds, window, false));
    for (const node of equipment) {
      if (!node.parentId) continue;
      const list = this.children.get(node.parentId) ?? [];
      list.push(node);
      this.children.set(node.parentId, list);
    }
  }

  /** The equipment's work units (itself, for a work unit). */
  workUnitsOf(equipmentId: string): string[] {
    const node = this.nodes.get(equipmentId);
    if (!node) throw new DomainError("not_found", `no equipment "${equipmentId}"`, { id: equipmentId });
    if (node.level === "WorkUnit") return [node.id];
    return (this.children.get(node.id) ?? []).flatMap((child) => this.workUnitsOf(child.id));
  }

  async report(equipmentId: string, from: Date, to: Date, granularity: Granularity | null): Promise<OeeReport> {
    if (!(to > from)) throw new DomainError("invalid_input", "to: must be after from", { field: "to" });
    const window = { start: from.getTime(), end: to.getTime() };
    return this.reportOf(equipmentId, window, granularity ? await this.periodsFor(equipmentId, window, granularity) : [], granularity);
  }

  /**
   * The periods of a report: cut on the calendars of the equipment's work units, so a roll-up
   * (an enterprise above the site that holds the calendar, say) has the shifts its units have.
   * Without any calendar, hours and days are UTC's and there are no shifts.
   */
  private async periodsFor(equipmentId: string, window: Interval, granularity: Granularity): Promise<Period[]> {
    const calendars = new Map<string, ShiftCalendar & { id: string }>();
    for (const unitId of this.workUnitsOf(equipmentId)) {
      const calendar = await this.calendars.calendarFor(unitId);
      if (calendar) calendars.set(calendar.id, calendar);
    }
    if (calendars.size === 0) return periodsOf(window, granularity, (await this.calendars.calendarFor(equipmentId)) ?? { timeZone: "UTC" });
    return mergePeriods([...calendars.values()].map((calendar) => periodsOf(window, granularity, calendar)));
  }

  /**
   * The stretch a count belongs to: the shift of the unit's calendar that `at` falls in, else the
   * calendar day (UTC without a calendar). Scrap is classified against what was counted in it.
   */
  async periodAround(equipmentId: string, at: Date): Promise<Period> {
    const instant = { start: at.getTime(), end: at.getTime() + 1 };
    const calendar = await this.calendars.calendarFor(equipmentId);
    const shift = calendar ? shiftInstances(calendar, instant).find((s) => s.start <= instant.start && instant.start < s.end) : undefined;
    if (shift) return { start: shift.start, end: shift.end, label: `${shift.date} ${shift.name}` };
    const DAY_MS = 24 * 3_600_000;
    const days = periodsOf({ start: instant.start - DAY_MS, end: instant.start + 2 * DAY_MS }, "day", calendar ?? { timeZone: "UTC" });
    return days.find((day) => day.start <= instant.start && instant.start < day.end)!;
  }

  /** The figures of each given period, read from the database once for the whole window (OPC UA HistoryRead cuts its own periods). */
  async series(equipmentId: string, periods: readonly Period[]): Promise<OeeReport["periods"]> {
    if (periods.length === 0) return [];
    const window = { start: Math.min(...periods.map((p) => p.start)), end: Math.max(...periods.map((p) => p.end)) };
    return (await this.reportOf(equipmentId, window, periods, null)).periods;
  }

  /**
   * The equipment's OEE history: every whole period (of the granularity; a shift falls back to the
   * calendar day where none of its units keeps a calendar) that starts in [from, to), began before
   * now and ends after the MES first recorded a state there, each with its own figures (the period
   * running now: until now). A period's value is its own whatever window asked for it, so it is
   * computed on read from the stored intervals and records; none is stored twice.
   */
  async periodHistory(equipmentId: string, from: number, to: number, granularity: Granularity): Promise<PeriodFigures[]> {
    const periods = await this.historyPeriods(equipmentId, from, to, granularity);
    if (periods.length === 0) return [];
    const now = this.clock.now().getTime();
    const cut = periods.map((period) => ({ ...period, end: Math.min(period.end, now) }));
    const figures = await this.series(equipmentId, cut);
    return periods.map((period, i) => ({ start: period.start, end: period.end, running: period.end > now, figures: figures[i] }));
  }

  /** The periods periodHistory would give, without their figures (cheap: the calendar and one query). */
  async historyPeriods(equipmentId: string, from: number, to: number, granularity: Granularity): Promise<Period[]> {
    const first = (await this.store.read.stateIntervals.firstStartedAt(this.workUnitsOf(equipmentId)))?.getTime();
    if (first === undefined) return [];
    const now = this.clock.now().getTime();
    // Periods are cut at the edges of the window they are asked for: ask two days wider, keep whole ones.
    const MARGIN = 2 * 24 * 3_600_000;
    const start = Math.max(from, first - MARGIN);
    const end = Math.min(to, now + 1);
    if (!(end > start)) return [];
    const unitCalendars = await Promise.all(this.workUnitsOf(equipmentId).map((id) => this.calendars.calendarFor(id)));
    const cutBy = granularity === "shift" && unitCalendars.every((calendar) => calendar === null) ? "day" : granularity;
    const periods = await this.periodsFor(equipmentId, { start: start - MARGIN, end: end + MARGIN }, cutBy);
    return periods.filter((period) => period.start >= start && period.start < end && period.end > first);
  }

  /** The shifts of the equipment's calendar in a window (none without a calendar). */
  async shifts(equipmentId: string, from: Date, to: Date): Promise<Period[]> {
    return this.periodsFor(equipmentId, { start: from.getTime(), end: to.getTime() }, "shift");
  }

  /**
   * The same report computed from the raw rows alone, every interval and record of the window
   * read: the single source of truth the hour summaries are checked against (and the rebuild
   * computes each hour with).
   */
  async reportFromRaw(equipmentId: string, from: Date, to: Date, granularity: Granularity | null): Promise<OeeReport> {
    if (!(to > from)) throw new DomainError("invalid_input", "to: must be after from", { field: "to" });
    const window = { start: from.getTime(), end: to.getTime() };
    const periods = granularity ? await this.periodsFor(equipmentId, window, granularity) : [];
    const units = this.workUnitsOf(equipmentId);
    const inputs = await this.inputsFor(this.store.read, units, window);
    const planned = new PlannedTimeCache();
    return this.reportShape(equipmentId, window, granularity, figuresOf(inputs, window, this.policy, planned), periods.map((period) => figuresOf(inputs, period, this.policy, planned)), periods);
  }

  private async reportOf(equipmentId: string, window: Interval, periods: readonly Period[], granularity: Granularity | null): Promise<OeeReport> {
    const [whole, ...each] = (await this.windows.figures(this.workUnitsOf(equipmentId), [window, ...periods], false)).get(ALL_UNITS)!;
    return this.reportShape(equipmentId, window, granularity, whole, each, periods);
  }

  private reportShape(equipmentId: string, window: Interval, granularity: Granularity | null, whole: OeeFigures, each: readonly OeeFigures[], periods: readonly Period[]): OeeReport {
    return {
      equipmentId,
      from: new Date(window.start),
      to: new Date(window.end),
      policy: { microStopConvention: this.policy.microStopConvention, microStopThresholdS: this.policy.microStopMs / 1000 },
      workUnits: this.workUnitsOf(equipmentId),
      granularity,
      ...whole,
      periods: periods.map((period, i) => ({ label: period.label, from: new Date(period.start), to: new Date(period.end), ...each[i] })),
    };
  }

  /** The shift running now on the equipment's calendar, from its start until now (null shift outside shifts). */
  async currentShift(equipmentId: string): Promise<OeeReport & { shift: { name: string; date: string; start: Date; end: Date } | null }> {
    const now = this.clock.now().getTime();
    const calendar = await this.calendars.calendarFor(equipmentId);
    const shift = calendar ? shiftInstances(calendar, { start: now, end: now + 1 }).find((s) => s.start <= now && now < s.end) : undefined;
    if (!shift) {
      const report = await this.report(equipmentId, new Date(now - 1), new Date(now), null);
      return { ...report, shift: null };
    }
    const report = await this.report(equipmentId, new Date(shift.start), new Date(Math.max(now, shift.start + 1)), null);
    return { ...report, shift: { name: shift.name, date: shift.date, start: new Date(shift.start), end: new Date(shift.end) } };
  }

  /**
   * Every equipment's figures for the shift running now: each work unit on its own calendar's
   * current shift (from its start until now), every other piece of equipment the sum of its units.
   * Units sharing a calendar are read together, so a tick costs a few queries whatever the plant.
   */
  async liveFigures(): Promise<Map<string, OeeFigures>> {
    const now = this.clock.now().getTime();
    const byWindow = new Map<string, { window: Interval; unitIds: string[] }>();
    // Units share calendars: the shift running now is found once per calendar, not once per unit.
    const windowOf = new Map<string | null, Interval>();
    for (const node of this.nodes.values()) {
      if (node.level !== "WorkUnit") continue;
      const calendar = await this.calendars.calendarFor(node.id);
      let window = windowOf.get(calendar?.id ?? null);
      if (!window) {
        const shift = calendar ? shiftInstances(calendar, { start: now, end: now + 1 }).find((s) => s.start <= now && now < s.end) : undefined;
        window = shift ? { start: shift.start, end: Math.max(now, shift.start + 1) } : { start: now - 1, end: now };
        windowOf.set(calendar?.id ?? null, window);
      }
      const key = `${window.start}:${window.end}`;
      const group = byWindow.get(key) ?? { window, unitIds: [] };
      group.unitIds.push(node.id);
      byWindow.set(key, group);
    }
    const result = new Map<string, OeeFigures>();
    const sums = new Map<string, { elements: TimeElements; quantities: Quantities; dispositioned: Dispositioned; products: ProductCounts[] }>();
    for (const { window, unitIds } of byWindow.values()) {
      for (const [unitId, [figures]] of await this.windows.figures(unitIds, [window], true)) {
        result.set(unitId, figures);
        for (let id = this.nodes.get(unitId)!.parentId; id; id = this.nodes.get(id)?.parentId ?? null) {
          const sum = sums.get(id) ?? sums.set(id, { elements: ZERO_ELEMENTS, quantities: ZERO_QUANTITIES, dispositioned: NO_DISPOSITIONS, products: [] }).get(id)!;
          sum.elements = addElements(sum.elements, figures.elements);
          sum.quantities = addQuantities(sum.quantities, figures.quantities);
          sum.dispositioned = addDispositioned(sum.dispositioned, figures.firstPass);
          // Pushed, not copied: a site's list copied once per unit would cost the square of its units.
          for (const product of figures.firstPass.products) sum.products.push(product);
        }
      }
    }
    for (const [id, { elements, quantities, dispositioned, products }] of sums) {
      result.set(id, { elements, quantities, kpis: kpis(elements, quantities), recordedShare: recordedShare(elements), firstPass: { ...firstPass(quantities, dispositioned), products: productFirstPass(products) } });
    }
    return result;
  }

  /**
   * Each unit's calendar, state spans and production records over the window, read for all units
   * at once; with dispositions, its NCRs' rework and scrap too (the summaries' path counts those
   * for the whole window on its own, so it reads no NCRs per piece).
   */
  async inputsFor(read: ReadRepositories, unitIds: readonly string[], window: Interval, dispositions = true): Promise<UnitInputs[]> {
    const from = new Date(window.start);
    const to = new Date(window.end);
    const now = this.clock.now().getTime();
    const [intervals, records, cycleTimes, runs, ncrs] = await Promise.all([
      read.stateIntervals.findByEquipments(unitIds, from, to),
      read.productionRecords.findStartingIn(unitIds, from, to),
      read.products.findAllWorkUnits(),
      read.jobOrders.findRunsIn(unitIds, from, to),
      dispositions ? read.ncrs.findOpenedIn(unitIds, from, to) : [],
    ]);
    const units = new Set(unitIds);
    const dispositionsOf = groupBy(
      ncrs.flatMap((ncr) =>
        ncr.equipmentId && units.has(ncr.equipmentId) && (ncr.disposition === "rework" || ncr.disposition === "scrap") && ncr.openedAt.getTime() >= window.start && ncr.openedAt.getTime() < window.end
          ? [{ equipmentId: ncr.equipmentId, at: ncr.openedAt.getTime(), productId: ncr.productId, rq: ncr.disposition === "rework" ? ncr.quantity : 0, ncrScrap: ncr.disposition === "scrap" ? ncr.quantity : 0 }]
          : [],
      ),
      (d) => d.equipmentId,
    );
    const jobIds = [...new Set(records.flatMap((r) => (r.productId === null && r.jobOrderId ? [r.jobOrderId] : [])))];
    const jobProduct = new Map((await read.jobOrders.findByIds(jobIds)).map((job) => [job.id, job.productId]));
    const productOf = (record: ProductionRecord) => record.productId ?? (record.jobOrderId ? (jobProduct.get(record.jobOrderId) ?? null) : null);
    const pri = new Map(cycleTimes.map((c) => [`${c.productId}\u0000${c.equipmentId}`, c.idealCycleTimeS * 1000]));
    const spansOf = groupBy(intervals, (interval) => interval.equipmentId);
    const recordsOf = groupBy(records, (record) => record.equipmentId);
    const ordersOf = groupBy(
      runs.map((run) => ({ equipmentId: run.equipmentId, start: run.actualStart.getTime(), end: run.actualEnd?.getTime() ?? Math.max(now, run.actualStart.getTime()), open: run.actualEnd === null })),
      (order) => order.equipmentId,
    );
    return Promise.all(
      unitIds.map(async (unitId) => {
        const nameplate = this.config.idealCycleTimes[unitId];
        return {
          unitId,
          calendar: await this.calendars.calendarFor(unitId),
          spans: (spansOf.get(unitId) ?? []).map((interval) => ({ state: interval.state, start: interval.startedAt.getTime(), end: interval.endedAt?.getTime() ?? Math.max(now, interval.startedAt.getTime()), open: interval.endedAt === null })),
          records: recordsOf.get(unitId) ?? [],
          orders: ordersOf.get(unitId) ?? [],
          dispositions: dispositionsOf.get(unitId) ?? [],
          productOf,
          idealMs: (record: ProductionRecord) => {
            const productId = productOf(record);
            // A known product without a cycle time on this unit is a master-data gap to show, not to paper over with the nameplate rate.
            if (productId) return pri.get(`${productId}\u0000${unitId}`) ?? null;
            return nameplate !== undefined ? nameplate * 1000 : null;
          },
        };
      }),
    );
  }
}

function figuresOf(inputs: readonly UnitInputs[], window: Interval, policy: OeePolicy, planned = new PlannedTimeCache()): OeeFigures {
  let elements = ZERO_ELEMENTS;
  let quantities = ZERO_QUANTITIES;
  let dispositioned = NO_DISPOSITIONS;
  const products = new Map<string, { pq: number; gq: number; dispositioned: Dispositioned }>();
  const productEntry = (id: string) => products.get(id) ?? products.set(id, { pq: 0, gq: 0, dispositioned: NO_DISPOSITIONS }).get(id)!;
  for (const unit of inputs) {
    const plan = planned.of(unit.calendar, window);
    elements = addElements(elements, timeElements(within(unit.spans, window, (s) => s.start, (s) => s.end), plan, policy, unit.orders));
    quantities = addQuantities(quantities, quantitiesOf(unit, window, plan, (productId, pq, gq) => {
      const entry = productEntry(productId);
      entry.pq += pq;
      entry.gq += gq;
    }));
    for (const d of unit.dispositions) {
      if (d.at < window.start || d.at >= window.end) continue;
      dispositioned = addDispositioned(dispositioned, d);
      if (d.productId) {
        const entry = productEntry(d.productId);
        entry.dispositioned = addDispositioned(entry.dispositioned, d);
      }
    }
  }
  const perProduct = [...products].sort(([a], [b]) => a.localeCompare(b)).map(([productId, p]) => ({ productId, pq: p.pq, gq: p.gq, ...firstPass(p, p.dispositioned) }));
  return { elements, quantities, kpis: kpis(elements, quantities), recordedShare: recordedShare(elements), firstPass: { ...firstPass(quantities, dispositioned), products: perProduct } };
}

