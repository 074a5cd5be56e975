import { expect } from "chai";
import { kpis, type Quantities } from "../../../../src/domain/oee/kpis.js";
import { plannedTime, parseClockTime, type ShiftCalendar } from "../../../../src/domain/oee/shift-calendar.js";
import { ISO_STATE_CATEGORIES, recordedShare, timeElements, type OeePolicy, type StateSpan } from "../../../../src/domain/oee/time-model.js";
import type { MachineState } from "../../../../src/domain/machine-state.js";

const MIN = 60_000;
const at = (hhmm: string) => Date.parse(`2026-11-24T${hhmm}:00Z`);
const span = (state: MachineState, from: string, to: string): StateSpan => ({ state, start: at(from), end: at(to) });
const morning: ShiftCalendar = {
  timeZone: "UTC",
  shifts: [{ name: "Morning", start: parseClockTime("06:00"), end: parseClockTime("14:00"), days: [1, 2, 3, 4, 5], breaks: [{ start: parseClockTime("10:00"), end: parseClockTime("10:30") }] }],
  nonWorkingDays: [],
  plannedDowntime: [],
};
const iso: OeePolicy = { microStopConvention: "iso", microStopMs: 2 * MIN, stateCategories: ISO_STATE_CATEGORIES };
const tpm: OeePolicy = { ...iso, microStopConvention: "tpm" };

/*
 * The worked example (Tuesday 2026-11-24, UTC, Morning shift 06:00-14:00 with a break 10:00-10:30):
 *   POT 480 min, PDOT 30 min, PBT 450 min.
 *   06:00-06:30 setup      30 min                       -> AUST 30
 *   06:30-09:00 running   150 min                       -> APT 150
 *   09:00-09:01 idle        1 min, shorter than 2 min   -> micro-stop (ISO: ADET 1; TPM: APT)
 *   09:01-10:15 running    74 min, 15 of them in the break -> APT 59, 15 min production outside PBT
 *   10:15-11:00 faulted    45 min, 15 of them in the break -> ADOT 30, one failure
 *   11:00-13:00 running   120 min                       -> APT 120
 *   13:00-14:00 PLC lost   60 min                       -> communication loss 60
 *   ISO: APT = 150 + 59 + 120 = 329 min; 30 + 329 + 1 + 30 + 60 = 450 = PBT, nothing unknown.
 *   Made: 150 of product A (PRI 60 s) and 50 of product B (PRI 90 s): PQ 200, ideal 225 min; 10 scrap.
 *   Availability 329/450 = 0.731111; Effectiveness 225/329 = 0.683891; Quality 190/200 = 0.95;
 *   OEE = (225/450) x 0.95 = 0.475. NEE = 225/(450-30) x 0.95 = 0.508929.
 *   AUBT = 329 + 30 + 1 = 360 min: throughput 200 / 6 h = 33.33/h, setup ratio 30/360,
 *   allocation efficiency AUBT / PBT = 360/450.
 *   Job orders: one from 05:00 to 09:00, one from 08:30 to 11:00 (overlapping the first): AOET is
 *   their union 05:00-11:00 inside PBT, 06:00-10:00 and 10:30-11:00 = 270 min: allocation ratio
 *   AUBT / AOET = 360/270.
 *   MTBF = 329 min / 1, MTTR = 30 min / 1.
 */
const day: StateSpan[] = [
  span("setup", "06:00", "06:30"),
  span("running", "06:30", "09:00"),
  span("idle", "09:00", "09:01"),
  span("running", "09:01", "10:15"),
  span("faulted", "10:15", "11:00"),
  span("running", "11:00", "13:00"),
  span("disconnected", "13:00", "14:00"),
];
const made: Quantities = { pq: 200, gq: 190, sq: 10, idealMs: (150 * 60 + 50 * 90) * 1000, pqWithoutIdeal: 0 };
const shiftWindow = { start: at("06:00"), end: at("14:00") };
const orders = [
  { start: at("05:00"), end: at("09:00") },
  { start: at("08:30"), end: at("11:00") },
];

describe("ISO 22400-2 time elements and KPIs, against the worked example", () => {
  it("files every minute of planned busy time in one element", () => {
    const elements = timeElements(day, plannedTime(morning, shiftWindow), iso);
    expect(elements).to.deep.equal({
      potMs: 480 * MIN,
      pdotMs: 30 * MIN,
      pbtMs: 450 * MIN,
      aptMs: 329 * MIN,
      austMs: 30 * MIN,
      adetMs: 1 * MIN,
      adotMs: 30 * MIN,
      communicationLossMs: 60 * MIN,
      unknownMs: 0,
      microStopMs: 1 * MIN,
      microStops: 1,
      failures: 1,
      productionOutsidePbtMs: 15 * MIN,
      aoetMs: 0,
    });
  });

  it("counts the actual order execution time once where job orders overlap, and only inside planned busy time", () => {
    expect(timeElements(day, plannedTime(morning, shiftWindow), iso, orders).aoetMs).to.equal(270 * MIN);
    expect(timeElements(day, plannedTime(morning, { start: at("06:00"), end: at("08:00") }), iso, orders).aoetMs, "cut to the window").to.equal(120 * MIN);
  });

  it("computes the KPIs from the elements and quantities", () => {
    const result = kpis(timeElements(day, plannedTime(morning, shiftWindow), iso, orders), made);
    expect(result.availability).to.be.closeTo(329 / 450, 1e-12);
    expect(result.effectiveness).to.be.closeTo(225 / 329, 1e-12);
    expect(result.qualityRate).to.equal(0.95);
    expect(result.oee).to.be.closeTo(0.475, 1e-12);
    expect(result.nee).to.be.closeTo((225 / 420) * 0.95, 1e-12);
    expect(result.throughputRatePerHour).to.be.closeTo(200 / 6, 1e-9);
    expect(result.setupRatio).to.be.closeTo(30 / 360, 1e-12);
    expect(result.scrapRatio).to.equal(0.05);
    expect(result.allocationEfficiency).to.be.closeTo(360 / 450, 1e-12);
    expect(result.allocationRatio).to.be.closeTo(360 / 270, 1e-12);
    expect([result.mtbfMs, result.mttrMs]).to.deep.equal([329 * MIN, 30 * MIN]);
    expect(result.flags).to.deep.equal([]);
  });

  it("moves micro-stops into run time under the TPM convention: availability up, effectiveness down, OEE the same", () => {
    const elements = timeElements(day, plannedTime(morning, shiftWindow), tpm);
    expect([elements.aptMs, elements.adetMs, elements.microStopMs]).to.deep.equal([330 * MIN, 0, 1 * MIN]);
    const result = kpis(elements, made);
    expect(result.availability).to.be.closeTo(330 / 450, 1e-12);
    expect(result.effectiveness).to.be.closeTo(225 / 330, 1e-12);
    expect(result.oee).to.be.closeTo(0.475, 1e-12);
  });

  it("does not turn a long stop into a micro-stop because a window boundary cuts it", () => {
    const elements = timeElements([span("faulted", "05:00", "06:01")], plannedTime(morning, shiftWindow), iso);
    expect([elements.adotMs, elements.microStops, elements.failures]).to.deep.equal([1 * MIN, 0, 1]);
  });

  it("counts time with no known state as unknown, not as production, and says how much was recorded", () => {
    const elements = timeElements([span("running", "06:00", "07:00")], plannedTime(morning, shiftWindow), iso);
    expect([elements.aptMs, elements.unknownMs]).to.deep.equal([60 * MIN, 390 * MIN]);
    expect(recordedShare(elements)).to.equal(60 / 450);
    expect(recordedShare(timeElements([], plannedTime(morning, { start: Date.parse("2026-11-29T00:00:00Z"), end: Date.parse("2026-11-30T00:00:00Z") }), iso)), "no planned time").to.equal(null);
  });

  it("gives no figures, not 0 %, for planned time of which nothing was recorded (before the MES first ran), and says so", () => {
    const nothing = kpis(timeElements([], plannedTime(morning, shiftWindow), iso), { pq: 0, gq: 0, sq: 0, idealMs: 0, pqWithoutIdeal: 0 });
    expect([nothing.availability, nothing.effectiveness, nothing.qualityRate, nothing.oee, nothing.nee, nothing.allocationEfficiency]).to.deep.equal([null, null, null, null, null, null]);
    expect(nothing.flags).to.deep.equal(["not_recorded", "nothing_produced"]);
    const unknownState = kpis(timeElements([span("unknown", "06:00", "14:00")], plannedTime(morning, shiftWindow), iso), { pq: 0, gq: 0, sq: 0, idealMs: 0, pqWithoutIdeal: 0 });
    expect([unknownState.oee, unknownState.flags[0]], "a state the PLC never gave is no better known").to.deep.equal([null, "not_recorded"]);
    const partly = kpis(timeElements([span("idle", "13:00", "14:00")], plannedTime(morning, shiftWindow), iso), { pq: 0, gq: 0, sq: 0, idealMs: 0, pqWithoutIdeal: 0 });
    expect([partly.availability, partly.oee, partly.flags.includes("not_recorded")], "recorded in part: the unrecorded rest stays a loss").to.deep.equal([0, 0, false]);
  });

  it("answers n/a, not 100 %, when there is no planned time or nothing was produced", () => {
    const sunday = { start: Date.parse("2026-11-29T00:00:00Z"), end: Date.parse("2026-11-30T00:00:00Z") };
    const none = kpis(timeElements([], plannedTime(morning, sunday), iso), { pq: 0, gq: 0, sq: 0, idealMs: 0, pqWithoutIdeal: 0 });
    expect([none.availability, none.effectiveness, none.qualityRate, none.oee]).to.deep.equal([null, null, null, null]);
    expect([none.allocationEfficiency, none.allocationRatio], "no planned time, no job order").to.deep.equal([null, null]);
    expect(none.flags).to.deep.equal(["no_planned_time", "nothing_produced"]);
    const idle = kpis(timeElements([span("idle", "06:00", "14:00")], plannedTime(morning, shiftWindow), iso), { pq: 0, gq: 0, sq: 0, idealMs: 0, pqWithoutIdeal: 0 });
    expect([idle.availability, idle.effectiveness, idle.qualityRate, idle.oee]).to.deep.equal([0, null, null, 0]);
    const ranEmpty = kpis(timeElements([span("running", "06:00", "14:00")], plannedTime(morning, shiftWindow), iso), { pq: 0, gq: 0, sq: 0, idealMs: 0, pqWithoutIdeal: 0 });
    expect([ranEmpty.effectiveness, ranEmpty.qualityRate, ranEmpty.oee]).to.deep.equal([0, null, 0]);
  });

  it("reports effectiveness above 1 as it is, flagged, instead of clipping it", () => {
    const result = kpis(timeElements([span("running", "06:00", "07:00")], plannedTime(morning, { start: at("06:00"), end: at("07:00") }), iso), { pq: 100, gq: 100, sq: 0, idealMs: 90 * MIN, pqWithoutIdeal: 0 });
    expect(result.effectiveness).to.equal(1.5);
    expect(result.flags).to.include("effectiveness_above_1");
  });

  it("leaves effectiveness n/a when some parts have no ideal cycle time, and says so", () => {
    const result = kpis(timeElements(day, plannedTime(morning, shiftWindow), iso), { ...made, pqWithoutIdeal: 5 });
    expect([result.effectiveness, result.oee]).to.deep.equal([null, null]);
    expect(result.flags).to.include("ideal_cycle_time_missing");
  });
});
