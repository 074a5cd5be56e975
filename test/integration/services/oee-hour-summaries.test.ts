import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildCore, type MesCore } from "../../../src/compose/mes-core.js";
import type { MesConfig } from "../../../src/config/load-config.js";
import { oeeConfigSchema } from "../../../src/config/oee-schema.js";
import { toPlant } from "../../../src/config/plant-model.js";
import { schedulingConfigSchema } from "../../../src/config/scheduling-schema.js";
import { checkedMesSettingsSchema, plantSchema } from "../../../src/config/schema.js";
import { toOeeSettings, toSchedulingSettings } from "../../../src/config/settings-model.js";
import type { MachineState } from "../../../src/domain/machine-state.js";
import type { Granularity } from "../../../src/domain/oee/periods.js";
import type { CalendarDefinition } from "../../../src/domain/oee/calendar-definition.js";
import type { Clock } from "../../../src/services/clock.js";
import { silentLog } from "../../../src/services/log.js";
import type { JobOrderRecord } from "../../../src/services/ports/orders.js";
import type { ProductionRecord, StateIntervalRecord } from "../../../src/services/ports/production.js";
import { testDatabases, type TestDatabase } from "../../support/mysql-database.js";

const databases: TestDatabase[] = testDatabases();
const SYSTEM = { id: "test", role: null, door: "system" } as const;
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const UNITS = ["u1", "u2", "u3", "u4"];
const STATES: MachineState[] = ["running", "running", "running", "idle", "stopped", "faulted", "faulted", "setup", "disconnected", "unknown"];
const START = Date.parse("2026-11-20T00:00:00Z");
const END = START + 4 * DAY;
/** A moment of the live tick checks (Monday 10:00 UTC). */
const LIVE_AT = START + 3 * DAY + 10 * HOUR;

/** A small deterministic generator (mulberry32), so a failure names a seed that reproduces it. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Stops of seconds to hours (micro-stops, stops across hours, shifts and breaks), gaps nobody recorded, records of known and unknown products. */
function historyOf(next: () => number, unitId: string, ids: () => string): { spans: StateIntervalRecord[]; records: ProductionRecord[] } {
  const spans: StateIntervalRecord[] = [];
  const records: ProductionRecord[] = [];
  let at = START - Math.floor(next() * 3 * HOUR);
  while (at < END - 2 * HOUR) {
    const long = next() < 0.3;
    const length = Math.max(1000, Math.floor((long ? next() * 5 * HOUR : next() * 6 * MIN) / 1000) * 1000);
    const state = STATES[Math.floor(next() * STATES.length)];
    if (next() < 0.05) at += Math.floor(next() * HOUR);
    spans.push({ id: ids(), equipmentId: unitId, state, startedAt: new Date(at), endedAt: new Date(at + length), faultCode: null, jobOrderId: null, reasonCode: null });
    at += length;
  }
  for (let t = START + Math.floor(next() * 20 * MIN); t < END; t += Math.floor(5 * MIN + next() * 40 * MIN)) {
    const productId = next() < 0.4 ? null : next() < 0.5 ? "A" : "B";
    records.push({ id: ids(), equipmentId: unitId, jobOrderId: null, productId, periodStart: new Date(t), periodEnd: new Date(t + 60_000), good: Math.floor(next() * 50), scrap: Math.floor(next() * 4), source: "plc" });
  }
  return { spans, records };
}

/**
 * Job orders run (ISO 22400 AOET): overlapping ones, one still open on u2, and one planned in the
 * history whose actual run lay well before it (it counts nowhere in the history).
 */
function jobOrdersOf(next: () => number, unitId: string, ids: () => string): JobOrderRecord[] {
  const order = (actualStart: number, actualEnd: number | null, plannedStart = actualStart): JobOrderRecord => ({
    id: ids(),
    workOrderId: null,
    equipmentId: unitId,
    productId: null,
    quantity: 10,
    state: actualEnd === null ? 3 : 5,
    subState: null,
    priority: 1,
    plannedStart: new Date(plannedStart),
    plannedEnd: new Date(plannedStart + HOUR),
    actualStart: new Date(actualStart),
    actualEnd: actualEnd === null ? null : new Date(actualEnd),
    description: null,
    parameters: [],
    materialRequirements: [],
    dispatchNumber: null,
    removedAt: null,
    createdAt: new Date(START - 2 * DAY),
    updatedAt: new Date(START - 2 * DAY),
  });
  const orders = [order(START - 20 * DAY, START - 19 * DAY, START + DAY)];
  for (let at = START - Math.floor(next() * 5 * HOUR); at < END - 3 * HOUR; at += Math.floor(next() * 9 * HOUR)) {
    orders.push(order(at, at + Math.max(60_000, Math.floor((next() * 10 * HOUR) / 1000) * 1000)));
  }
  if (unitId === "u2") orders.push(order(END - 3 * HOUR + 17 * MIN, null));
  return orders;
}

const calendar = (breakAt: string, timeZone: string): CalendarDefinition => ({
  name: "Two shifts",
  timeZone,
  shifts: [
    { name: "Early", start: "06:00", end: "14:00", days: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat"], breaks: [{ start: breakAt, end: "10:30" }] },
    { name: "Late", start: "14:00", end: "22:15", days: ["Mon", "Tue", "Wed", "Thu", "Fri"], breaks: [{ start: "18:00", end: "18:45" }] },
  ],
  nonWorkingDays: ["2026-11-22"],
  plannedDowntime: [{ start: "2026-11-21T08:10:00Z", end: "2026-11-21T09:40:00Z", reason: "maintenance" }],
  equipmentIds: ["site"],
});

// Kolkata's half-hour offset: its local hours and days are not UTC hours, so edges are computed
// from the raw rows and no day is summarized; Berlin's days are whole UTC hours, so a window's whole
// days come from the day summaries.
for (const [database, timeZone] of databases.flatMap((d) => ["Asia/Kolkata", "Europe/Berlin"].map((zone) => [d, zone] as const))) {
  describe(`OEE from hour and day summaries equals the raw computation on random histories (${database.name}, ${timeZone})`, function () {
    this.timeout(300_000);
    let dir: string;
    let core: MesCore;
    let now = END - 90 * MIN;
    const clock: Clock = { now: () => new Date(now) };
    const next = random(19);
    let counter = 0;
    const ids = () => `id-${String(++counter).padStart(8, "0")}`;

    /** Every granularity over random windows (whole hours, partial hours, past now), the site and one unit. */
    async function expectSummariesEqualRaw(windows = 6): Promise<void> {
      for (let i = 0; i < windows; i++) {
        const from = START - 2 * HOUR + Math.floor(next() * 4 * DAY);
        const to = from + Math.max(1000, Math.floor(next() * (i % 2 === 0 ? 3 * DAY : 5 * HOUR)));
        const granularity = ([null, "hour", "shift", "day"] as (Granularity | null)[])[i % 4];
        for (const equipmentId of ["site", UNITS[i % UNITS.length]]) {
          const window = `${equipmentId} ${new Date(from).toISOString()} to ${new Date(to).toISOString()} per ${granularity}`;
          const raw = await core.oee.reportFromRaw(equipmentId, new Date(from), new Date(to), granularity);
          expect(await core.oee.report(equipmentId, new Date(from), new Date(to), granularity), window).to.deep.equal(raw);
          // Twice: the second answer comes from the summaries the first one kept.
          expect(await core.oee.report(equipmentId, new Date(from), new Date(to), granularity), `${window}, again`).to.deep.equal(raw);
        }
      }
    }

    before(async function () {
      if (database.skip) this.skip();
      dir = mkdtempSync(path.join(tmpdir(), "mes-oee-summaries-"));
      const plant = toPlant(
        plantSchema.parse({
          enterprise: { id: "enterprise", name: "enterprise", sites: [{ id: "site", name: "site", areas: [{ id: "area", name: "area", workCenters: [{ id: "wc", name: "wc", workUnits: UNITS.map((id) => ({ id, name: id, plc: "plc" })) }] }] }] },
          plcs: [{ id: "plc", endpointUrl: "opc.tcp://127.0.0.1:4840/none" }],
        }),
      );
      const config: MesConfig = {
        dir,
        settings: checkedMesSettingsSchema.parse({ database: { url: await database.url(dir) } }),
        plant,
        oee: toOeeSettings(oeeConfigSchema.parse({ microStops: { thresholdS: 90 }, idealCycleTimes: { u1: 1.5, u2: 2 } })),
        scheduling: toSchedulingSettings(schedulingConfigSchema.parse({})),
      };
      core = await buildCore(config, { clock, log: silentLog, newId: ids });
      await core.calendars.put("two", calendar("10:00", timeZone), SYSTEM);
      await core.masterData.putProduct({ id: "A", name: "A", workUnits: [{ equipmentId: "u1", idealCycleTimeS: 0.75 }, { equipmentId: "u3", idealCycleTimeS: 3 }] }, SYSTEM);
      for (const unitId of UNITS) {
        const { spans, records } = historyOf(next, unitId, ids);
        // The last interval of u1 is still open: its hours are never kept.
        if (unitId === "u1") spans.push({ ...spans.at(-1)!, id: ids(), startedAt: spans.at(-1)!.endedAt!, endedAt: null, state: "faulted" });
        await core.store.unitOfWork(async (repos) => {
          await repos.stateIntervals.insertMany(spans);
          await repos.productionRecords.insertMany(records);
          for (const order of jobOrdersOf(next, unitId, ids)) await repos.jobOrders.insert(order);
        });
      }
    });

    after(async function () {
      await core?.stop();
      await database.drop?.();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("gives the raw figures for any window, granularity and equipment", async function () {
      await expectSummariesEqualRaw(12);
    });

    /** The live tick's figures of every unit and of the site against the raw computation of each one's current shift. */
    async function expectLiveEqualsRaw(): Promise<void> {
      const saved = now;
      // Inside a shift in both zones (Berlin's early, Kolkata's late one), hours of it closed and summarized.
      now = LIVE_AT;
      try {
        const live = await core.oee.liveFigures();
        for (const equipmentId of [...UNITS, "site"]) {
          const shift = await core.oee.currentShift(equipmentId);
          expect(shift.shift, equipmentId).to.not.equal(null);
          const raw = await core.oee.reportFromRaw(equipmentId, shift.from, shift.to, null);
          const { elements, quantities, kpis } = live.get(equipmentId)!;
          expect({ elements, quantities, kpis }, equipmentId).to.deep.equal({ elements: raw.elements, quantities: raw.quantities, kpis: raw.kpis });
        }
      } finally {
        now = saved;
      }
    }

    it("gives the raw figures for every unit's current shift on the live tick", async function () {
      await expectLiveEqualsRaw();
    });

    it("stays equal after a late interval, late records, a split stop and a calendar edit", async function () {
      await expectSummariesEqualRaw(4);
      const lateAt = START + DAY + 3 * HOUR + 17 * MIN;
      await core.store.unitOfWork(async (repos) => {
        // u4's history ends early: a late interval and late records land in hours already summarized.
        await repos.stateIntervals.insertMany([{ id: ids(), equipmentId: "u4", state: "faulted", startedAt: new Date(END - 2 * HOUR + 1000), endedAt: new Date(END - 100 * MIN), faultCode: null, jobOrderId: null, reasonCode: null }]);
        await repos.productionRecords.insertMany([{ id: ids(), equipmentId: "u2", jobOrderId: null, productId: "A", periodStart: new Date(lateAt), periodEnd: new Date(lateAt + 1000), good: 500, scrap: 7, source: "plc" }]);
      });
      const stop = (await core.store.read.stateIntervals.findByEquipments(["u3"], new Date(START + DAY), new Date(START + 3 * DAY))).find((i) => (i.state === "faulted" || i.state === "stopped") && i.endedAt && i.endedAt.getTime() - i.startedAt.getTime() > 20 * MIN)!;
      await core.downtime.split(stop.id, new Date(stop.startedAt.getTime() + 60_000), null, SYSTEM);
      await expectSummariesEqualRaw(6);
      await expectLiveEqualsRaw();
      // A late record and a split stop in the live shift's closed hours (summarized by the tick above), then a calendar edit: the next tick has each.
      const lateInShift = LIVE_AT - 2 * HOUR + 7 * MIN;
      await core.store.unitOfWork((repos) => repos.productionRecords.insertMany([{ id: ids(), equipmentId: "u2", jobOrderId: null, productId: "A", periodStart: new Date(lateInShift), periodEnd: new Date(lateInShift + 1000), good: 300, scrap: 9, source: "plc" }]));
      await expectLiveEqualsRaw();
      const shiftStop = (await core.store.read.stateIntervals.findByEquipments(UNITS, new Date(LIVE_AT - 5 * HOUR), new Date(LIVE_AT - HOUR))).find((i) => (i.state === "faulted" || i.state === "stopped") && i.endedAt && i.endedAt.getTime() - i.startedAt.getTime() > 2 * MIN && i.startedAt.getTime() > LIVE_AT - 5 * HOUR);
      expect(shiftStop, "a stop in the live shift").to.not.equal(undefined);
      await core.downtime.split(shiftStop!.id, new Date(shiftStop!.startedAt.getTime() + 60_000), null, SYSTEM);
      await expectLiveEqualsRaw();
      await core.calendars.put("two", calendar("09:20", timeZone), SYSTEM);
      await expectSummariesEqualRaw(6);
      await expectLiveEqualsRaw();
    });

    it("stays equal after the hours are rebuilt", async function () {
      now = END;
      await core.oee.windows.rebuild(UNITS, START - DAY, END);
      await expectSummariesEqualRaw(6);
      const days = await core.store.read.hourSummaries.totalsByDay(UNITS, core.oee.windows.policyKey, START - DAY, END);
      if (timeZone === "Europe/Berlin") expect(days.map((day) => new Date(day.hourStart).toISOString())).to.include.members(["2026-11-20T23:00:00.000Z", "2026-11-21T23:00:00.000Z"]);
      else expect(days).to.deep.equal([]);
    });

    it("stays equal after a job order begins minutes before its hour ends, that hour summarized meanwhile by an instance whose clock runs ahead", async function () {
      // An hour of both zones' shifts, on a unit no order of the history runs in at its end: the new order's minutes count (AOET).
      const hourEnd = LIVE_AT + HOUR;
      const hour = { from: new Date(hourEnd - HOUR), to: new Date(hourEnd) };
      const running = await core.store.read.jobOrders.findRunsIn(UNITS, new Date(hourEnd - 2 * MIN), hour.to);
      const unitId = UNITS.find((id) => id !== "u2" && !running.some((run) => run.equipmentId === id))!;
      expect(unitId, "a unit without an order at the hour's end").to.not.equal(undefined);
      now = hourEnd + 2 * MIN;
      const before = await core.oee.report(unitId, hour.from, hour.to, null);
      expect(await core.store.read.hourSummaries.present([unitId], core.oee.windows.policyKey, hourEnd - HOUR, hourEnd), "the hour kept by the clock ahead").to.have.length(1);
      now = hourEnd - 2 * MIN;
      const id = ids();
      await core.jobs.storeJobOrder({ id, equipmentId: unitId, quantity: 1 }, SYSTEM, { andStart: true });
      await core.jobs.command(id, "Begin", SYSTEM);
      now = hourEnd + 10 * MIN;
      const raw = await core.oee.reportFromRaw(unitId, hour.from, hour.to, null);
      expect(raw.elements.aoetMs, "the new order's minutes in the hour").to.equal(before.elements.aoetMs + 2 * MIN);
      expect(await core.oee.report(unitId, hour.from, hour.to, null)).to.deep.equal(raw);
    });
  });
}
