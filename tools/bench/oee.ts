import path from "node:path";
import { oeeConfigSchema } from "../../src/config/oee-schema.js";
import type { EquipmentNode } from "../../src/domain/equipment.js";
import type { MachineState } from "../../src/domain/machine-state.js";
import { CalendarService } from "../../src/services/calendar-service.js";
import { uuidV7, type Clock } from "../../src/services/clock.js";
import { OeeService } from "../../src/services/oee-service.js";
import type { ProductionRecord, StateIntervalRecord } from "../../src/services/ports/production.js";
import { openStore } from "../../src/store/open-store.js";
import { round, spread } from "./stats.js";

export interface OeeBenchOptions {
  readonly workDir: string;
  readonly workUnits: number;
  readonly days: number;
  readonly repetitions: number;
}

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
/** A 90-minute pattern of states per unit: 5 intervals, as a busy line might log them. */
const PATTERN: [MachineState, number][] = [
  ["running", 40],
  ["idle", 5],
  ["running", 30],
  ["faulted", 10],
  ["setup", 5],
];
const RECORD_EVERY_MS = 30 * MIN;

/**
 * OEE computed from the database for a plant of `workUnits` units (10 per work center) with
 * `days` of history on SQLite: the site over a day per shift, over the month per day, one unit
 * over the month, and one live tick (every equipment's current shift). Times in ms.
 */
export async function benchOee(options: OeeBenchOptions): Promise<Record<string, unknown>> {
  const store = await openStore(`sqlite:${path.join(options.workDir, "oee-bench.sqlite")}`);
  try {
    const equipment = plantOf(options.workUnits);
    const units = equipment.filter((node) => node.level === "WorkUnit");
    const end = Date.parse("2026-11-24T00:00:00Z");
    const start = end - options.days * DAY;
    const loadStarted = performance.now();
    let intervals = 0;
    let records = 0;
    for (const unit of units) {
      const [spans, made] = historyOf(unit.id, start, end, units.indexOf(unit));
      await store.unitOfWork(async (repos) => {
        await repos.stateIntervals.insertMany(spans);
        await repos.productionRecords.insertMany(made);
      });
      intervals += spans.length;
      records += made.length;
    }
    const loadS = (performance.now() - loadStarted) / 1000;

    // Every unit has a nameplate cycle time, so effectiveness is computed too, not skipped as n/a.
    const config = oeeConfigSchema.parse({ idealCycleTimes: Object.fromEntries(units.map((unit) => [unit.id, 1.5])) });
    const clock: Clock = { now: () => new Date(end - 1) };
    const calendars = new CalendarService(store, equipment, clock, uuidV7);
    await calendars.put(
      "bench",
      {
        name: "Three shifts",
        timeZone: "UTC",
        shifts: [
          { name: "Morning", start: "06:00", end: "14:00", days: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"], breaks: [{ start: "10:00", end: "10:30" }] },
          { name: "Afternoon", start: "14:00", end: "22:00", days: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"], breaks: [{ start: "18:00", end: "18:30" }] },
          { name: "Night", start: "22:00", end: "06:00", days: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"], breaks: [{ start: "02:00", end: "02:30" }] },
        ],
        equipmentIds: ["site"],
      },
      { id: "bench", role: null, door: "system" },
    );
    const oee = new OeeService(store, calendars, equipment, config, clock);
    const lastDay = { from: new Date(end - DAY), to: new Date(end) };
    const month = { from: new Date(start), to: new Date(end) };
    const cases: [string, () => Promise<unknown>][] = [
      [`site, ${options.workUnits} units, 1 day, per shift`, () => oee.report("site", lastDay.from, lastDay.to, "shift")],
      [`site, ${options.workUnits} units, ${options.days} days, per day`, () => oee.report("site", month.from, month.to, "day")],
      [`one unit, ${options.days} days, per hour`, () => oee.report(units[0].id, month.from, month.to, "hour")],
      [`live tick, every equipment's current shift`, () => oee.liveFigures()],
    ];
    const figures: Record<string, unknown> = {};
    for (const [name, run] of cases) {
      await run();
      const times: number[] = [];
      for (let rep = 0; rep < options.repetitions; rep++) {
        const t0 = performance.now();
        await run();
        times.push(performance.now() - t0);
      }
      const s = spread(times)!;
      figures[name] = { medianMs: round(s.median, 1), minMs: round(s.min, 1), maxMs: round(s.max, 1) };
    }
    return { database: "SQLite", workUnits: options.workUnits, days: options.days, stateIntervals: intervals, productionRecords: records, loadSeconds: round(loadS, 1), figures };
  } finally {
    await store.close();
  }
}

function plantOf(workUnits: number): EquipmentNode[] {
  const node = (id: string, parentId: string | null, level: EquipmentNode["level"]): EquipmentNode => ({ id, parentId, level, name: id, description: null, sortOrder: 0, plcId: null });
  const nodes = [node("enterprise", null, "Enterprise"), node("site", "enterprise", "Site"), node("area", "site", "Area")];
  for (let u = 0; u < workUnits; u++) {
    const center = `center-${Math.floor(u / 10)}`;
    if (u % 10 === 0) nodes.push(node(center, "area", "WorkCenter"));
    nodes.push(node(`unit-${u}`, center, "WorkUnit"));
  }
  return nodes;
}

function historyOf(unitId: string, start: number, end: number, offset: number): [StateIntervalRecord[], ProductionRecord[]] {
  const spans: StateIntervalRecord[] = [];
  let at = start - (offset % 90) * MIN;
  for (let i = 0; at < end; i++) {
    const [state, minutes] = PATTERN[i % PATTERN.length];
    const next = Math.min(end, at + minutes * MIN);
    if (next > start) spans.push({ id: uuidV7(), equipmentId: unitId, state, startedAt: new Date(Math.max(start, at)), endedAt: new Date(next), faultCode: state === "faulted" ? "1" : null, jobOrderId: null, reasonCode: null });
    at = next;
  }
  const made: ProductionRecord[] = [];
  for (let t = start; t < end; t += RECORD_EVERY_MS) {
    made.push({ id: uuidV7(), equipmentId: unitId, jobOrderId: null, productId: null, periodStart: new Date(t), periodEnd: new Date(t + RECORD_EVERY_MS - 1000), good: 900, scrap: 12, source: "plc" });
  }
  return [spans, made];
}
