import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import path from "node:path";
import Database from "better-sqlite3";
import { buildCore } from "../../src/compose/mes-core.js";
import type { MesConfig } from "../../src/config/load-config.js";
import { oeeConfigSchema } from "../../src/config/oee-schema.js";
import { toPlant } from "../../src/config/plant-model.js";
import { schedulingConfigSchema } from "../../src/config/scheduling-schema.js";
import { checkedMesSettingsSchema, plantSchema } from "../../src/config/schema.js";
import { toOeeSettings, toSchedulingSettings } from "../../src/config/settings-model.js";
import type { Plant } from "../../src/domain/plant/plant.js";
import type { MachineState } from "../../src/domain/machine-state.js";
import { uuidV7, type Clock } from "../../src/services/clock.js";
import { silentLog } from "../../src/services/log.js";
import type { ProductionRecord, StateIntervalRecord } from "../../src/services/ports/production.js";
import { round, spread } from "./stats.js";

export interface OeeBenchOptions {
  readonly workDir: string;
  readonly workUnits: number;
  readonly days: number;
  readonly repetitions: number;
  /** Months of older history added before the second round of figures (12: a year); 0 skips it. */
  readonly historyMonths: number;
  /** A directory to write a CPU profile of each case's repetitions to (the inspector's profiler), to see where the time goes. */
  readonly profileDir?: string;
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
  const plant = plantOf(options.workUnits);
  const unitIds = plant.enterprise.sites[0].areas[0].workCenters.flatMap((center) => center.workUnits.map((unit) => unit.id));
  const end = Date.parse("2026-11-24T00:00:00Z");
  const start = end - options.days * DAY;
  const clock: Clock = { now: () => new Date(end - 1) };
  const config: MesConfig = {
    dir: options.workDir,
    settings: checkedMesSettingsSchema.parse({ database: { url: `sqlite:${path.join(options.workDir, "oee-bench.sqlite")}` } }),
    plant,
    // Every unit has a nameplate cycle time, so effectiveness is computed too, not skipped as n/a.
    oee: toOeeSettings(oeeConfigSchema.parse({ idealCycleTimes: Object.fromEntries(unitIds.map((id) => [id, 1.5])) })),
    scheduling: toSchedulingSettings(schedulingConfigSchema.parse({})),
  };
  // The MES's own service graph on this plant; no door and no background job, only the OEE queries.
  const core = await buildCore(config, { clock, log: silentLog });
  try {
    const { oee } = core;
    const loadStarted = performance.now();
    let intervals = 0;
    let records = 0;
    for (const [index, unitId] of unitIds.entries()) {
      const [spans, made] = historyOf(unitId, start, end, index);
      await core.store.unitOfWork(async (repos) => {
        await repos.stateIntervals.insertMany(spans);
        await repos.productionRecords.insertMany(made);
      });
      intervals += spans.length;
      records += made.length;
    }
    const loadS = (performance.now() - loadStarted) / 1000;

    await core.calendars.put(
      "bench",
      {
        name: "Three shifts",
        timeZone: "UTC",
        shifts: [
          { name: "Morning", start: "06:00", end: "14:00", days: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"], breaks: [{ start: "10:00", end: "10:30" }] },
          { name: "Afternoon", start: "14:00", end: "22:00", days: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"], breaks: [{ start: "18:00", end: "18:30" }] },
          { name: "Night", start: "22:00", end: "06:00", days: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"], breaks: [{ start: "02:00", end: "02:30" }] },
        ],
        nonWorkingDays: [],
        plannedDowntime: [],
        equipmentIds: ["site"],
      },
      { id: "bench", role: null, door: "system" },
    );
    const lastDay = { from: new Date(end - DAY), to: new Date(end) };
    const month = { from: new Date(start), to: new Date(end) };
    // The summaries of the loaded history, as the MES keeps them while it runs (npm run oee -- rebuild).
    const rebuildStarted = performance.now();
    const summarized = await oee.windows.rebuild(unitIds, start, end);
    const rebuildS = (performance.now() - rebuildStarted) / 1000;
    const oneDay = `site, ${options.workUnits} units, 1 day, per shift`;
    const allDays = `site, ${options.workUnits} units, ${options.days} days, per day`;
    const cases: [string, () => Promise<unknown>][] = [
      [oneDay, () => oee.report("site", lastDay.from, lastDay.to, "shift")],
      [allDays, () => oee.report("site", month.from, month.to, "day")],
      [`site, ${options.workUnits} units, ${options.days} days, from 13:17 to 13:17 (partial hours at both edges), per day`, () => oee.report("site", new Date(start + 13 * 3_600_000 + 17 * MIN), new Date(end - 11 * 3_600_000 + 17 * MIN), "day")],
      [`one unit, ${options.days} days, per hour`, () => oee.report(unitIds[0], month.from, month.to, "hour")],
      [`live tick, every equipment's current shift`, () => oee.liveFigures()],
    ];
    let rounds = 0;
    const measure = async () => {
      const figures: Record<string, { medianMs: number; minMs: number; maxMs: number }> = {};
      rounds++;
      for (const [index, [name, run]] of cases.entries()) {
        await run();
        const profiler = options.profileDir ? new Session() : null;
        if (profiler) {
          profiler.connect();
          await profiler.post("Profiler.enable");
          await profiler.post("Profiler.setSamplingInterval", { interval: 200 });
          await profiler.post("Profiler.start");
        }
        const times: number[] = [];
        for (let rep = 0; rep < options.repetitions; rep++) {
          const t0 = performance.now();
          await run();
          times.push(performance.now() - t0);
        }
        if (profiler) {
          const { profile } = await profiler.post("Profiler.stop");
          writeFileSync(path.join(options.profileDir!, `oee-${rounds}-${index}.cpuprofile`), JSON.stringify(profile));
          profiler.disconnect();
        }
        const s = spread(times)!;
        figures[name] = { medianMs: round(s.median, 1) ?? 0, minMs: round(s.min, 1) ?? 0, maxMs: round(s.max, 1) ?? 0 };
      }
      return { figures, monthToDayRatio: round(figures[allDays].medianMs / figures[oneDay].medianMs, 2) };
    };
    // The raw computation the summaries replace (every interval and record read), once, for comparison.
    const rawStarted = performance.now();
    await oee.reportFromRaw("site", month.from, month.to, "day");
    const rawMonthMs = round(performance.now() - rawStarted, 0);
    const withoutOlderHistory = await measure();
    let withOlderHistory: Record<string, unknown> | null = null;
    if (options.historyMonths > 0) {
      const copyStarted = performance.now();
      const copied = copyHistoryBack(path.join(options.workDir, "oee-bench.sqlite"), options.days, options.historyMonths);
      withOlderHistory = { months: options.historyMonths, ...copied, copySeconds: round((performance.now() - copyStarted) / 1000, 1), ...(await measure()) };
    }
    return {
      database: "SQLite",
      workUnits: options.workUnits,
      days: options.days,
      stateIntervals: intervals,
      productionRecords: records,
      loadSeconds: round(loadS, 1),
      hourSummaries: summarized,
      rebuildSeconds: round(rebuildS, 1),
      rawMonthMs,
      figures: withoutOlderHistory.figures,
      monthToDayRatio: withoutOlderHistory.monthToDayRatio,
      withOlderHistory,
    };
  } finally {
    await core.stop();
  }
}

/** A site of `workUnits` units, 10 per work center, on one PLC the bench never connects to. */
function plantOf(workUnits: number): Plant {
  const centers = Array.from({ length: Math.ceil(workUnits / 10) }, (_, c) => ({
    id: `center-${c}`,
    name: `center-${c}`,
    workUnits: Array.from({ length: Math.min(10, workUnits - c * 10) }, (_, u) => ({ id: `unit-${c * 10 + u}`, name: `unit-${c * 10 + u}`, plc: "plc" })),
  }));
  return toPlant(
    plantSchema.parse({
      enterprise: { id: "enterprise", name: "enterprise", sites: [{ id: "site", name: "site", areas: [{ id: "area", name: "area", workCenters: centers }] }] },
      plcs: [{ id: "plc", endpointUrl: "opc.tcp://127.0.0.1:4840/none" }],
    }),
  );
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

/**
 * Older history before the loaded window: the loaded rows and their hour summaries copied back
 * `days` at a time, day summaries too (the generated history repeats every 90 minutes and the calendar every day,
 * so the copies are what the MES would have recorded and summarized), in SQL: loading a year of
 * a 500-unit site through the ORM would take most of an hour.
 */
function copyHistoryBack(file: string, days: number, months: number): { stateIntervals: number; productionRecords: number; hourSummaries: number; daySummaries: number } {
  const db = new Database(file);
  try {
    const counts = { stateIntervals: 0, productionRecords: 0, hourSummaries: 0, daySummaries: 0 };
    const shift = (column: string, k: number) => `strftime('%Y-%m-%d %H:%M:%f', ${column}, '-${k * days} days')`;
    db.transaction(() => {
      for (let k = 1; k <= months; k++) {
        counts.stateIntervals += db
          .prepare(`INSERT INTO equipment_state_interval (id, equipment_id, state, started_at, ended_at, fault_code, job_order_id, reason_code) SELECT id || '-${k}', equipment_id, state, ${shift("started_at", k)}, ${shift("ended_at", k)}, fault_code, job_order_id, reason_code FROM equipment_state_interval WHERE id NOT LIKE '%-%-%-%-%-%'`)
          .run().changes;
        counts.productionRecords += db
          .prepare(`INSERT INTO production_record (id, equipment_id, job_order_id, product_id, period_start, period_end, good, scrap, source, operator_ids) SELECT id || '-${k}', equipment_id, job_order_id, product_id, ${shift("period_start", k)}, ${shift("period_end", k)}, good, scrap, source, operator_ids FROM production_record WHERE id NOT LIKE '%-%-%-%-%-%'`)
          .run().changes;
        const columns = (db.prepare("SELECT name FROM pragma_table_info('oee_hour_summary')").all() as { name: string }[]).map((c) => c.name).filter((name) => name !== "hour_start");
        const head = (name: string) => (name === "head_start" || name === "head_end" ? `${name} - ${k * days * DAY}` : name);
        counts.hourSummaries += db
          .prepare(`INSERT INTO oee_hour_summary (hour_start, ${columns.join(", ")}) SELECT hour_start - ${k * days * DAY}, ${columns.map(head).join(", ")} FROM oee_hour_summary WHERE hour_start >= ${Date.parse("2026-11-24T00:00:00Z") - days * DAY}`)
          .run().changes;
        const dayColumns = (db.prepare("SELECT name FROM pragma_table_info('oee_day_summary')").all() as { name: string }[]).map((c) => c.name).filter((name) => name !== "day_start" && name !== "day_end");
        counts.daySummaries += db
          .prepare(`INSERT INTO oee_day_summary (day_start, day_end, ${dayColumns.join(", ")}) SELECT day_start - ${k * days * DAY}, day_end - ${k * days * DAY}, ${dayColumns.join(", ")} FROM oee_day_summary WHERE day_start >= ${Date.parse("2026-11-24T00:00:00Z") - days * DAY}`)
          .run().changes;
      }
    })();
    db.exec("ANALYZE");
    return counts;
  } finally {
    db.close();
  }
}
