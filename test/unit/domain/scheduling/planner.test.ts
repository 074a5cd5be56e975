import { expect } from "chai";
import type { Interval } from "../../../../src/domain/oee/interval.js";
import { parseClockTime, plannedTime, type ShiftCalendar } from "../../../../src/domain/oee/shift-calendar.js";
import { busyBetween } from "../../../../src/domain/scheduling/busy-time.js";
import { plan, type PlanInput, type PlanJob } from "../../../../src/domain/scheduling/planner.js";
import { seededRandom } from "../../../support/seeded-random.js";

const H = 3_600_000;
const MIN = 60_000;
const t = (iso: string) => Date.parse(`2026-11-${iso}:00Z`);
const hhmm = (ms: number) => new Date(ms).toISOString().slice(8, 16).replace("T", " ");
const every = [1, 2, 3, 4, 5, 6, 7];
const calendar = (shifts: { start: string; end: string; breaks?: { start: string; end: string }[] }[]): ShiftCalendar => ({
  timeZone: "UTC",
  shifts: shifts.map((s, i) => ({ name: `S${i}`, start: parseClockTime(s.start), end: parseClockTime(s.end), days: every, breaks: (s.breaks ?? []).map((b) => ({ start: parseClockTime(b.start), end: parseClockTime(b.end) })) })),
  nonWorkingDays: [],
  plannedDowntime: [],
});
const busyOf = (cal: ShiftCalendar, from: number, days = 14): Interval[] => plannedTime(cal, { start: from, end: from + days * 24 * H }).busy;
const job = (id: string, unitId: string, workMs: number | null, fields: Partial<PlanJob> = {}): PlanJob => ({ id, workOrderId: null, unitId, productId: null, workMs, dueAt: null, priority: 0, after: [], ...fields });
const input = (now: number, jobs: PlanJob[], busy: Record<string, Interval[]>, fields: Partial<PlanInput> = {}): PlanInput => ({
  now,
  jobs,
  running: [],
  busy: new Map(Object.entries(busy)),
  changeoverMs: () => 0,
  rule: "edd",
  ...fields,
});
const day = calendar([{ start: "06:00", end: "14:00" }]);

describe("The production planner (hand-checked schedules)", () => {
  it("puts the earliest due date first on a unit, one job at a time", () => {
    const now = t("24T06:00");
    const result = plan(input(now, [job("late", "u1", 2 * H, { dueAt: t("26T00:00") }), job("soon", "u1", 3 * H, { dueAt: t("25T00:00") })], { u1: busyOf(day, now) }));
    expect(result.jobs.map((p) => [p.jobId, hhmm(p.start), hhmm(p.end)])).to.deep.equal([
      ["soon", "24 06:00", "24 09:00"],
      ["late", "24 09:00", "24 11:00"],
    ]);
  });

  it("takes priority first under the priority rule", () => {
    const now = t("24T06:00");
    const result = plan(input(now, [job("low", "u1", H, { dueAt: t("24T08:00"), priority: 1 }), job("high", "u1", H, { dueAt: t("25T08:00"), priority: 9 })], { u1: busyOf(day, now) }, { rule: "priority" }));
    expect(result.jobs.map((p) => p.jobId)).to.deep.equal(["high", "low"]);
    expect(result.lateness).to.deep.equal([]);
  });

  it("stops work at the end of a night shift crossing midnight and resumes it the next night", () => {
    const night = calendar([{ start: "22:00", end: "06:00", breaks: [{ start: "02:00", end: "02:30" }] }]);
    const now = t("24T22:00");
    const [placed] = plan(input(now, [job("long", "u1", 10 * H)], { u1: busyOf(night, now) })).jobs;
    // 22:00-06:00 holds 7.5 h of work (30 min break); 2.5 h more the next night from 22:00.
    expect([hhmm(placed.start), hhmm(placed.end)]).to.deep.equal(["24 22:00", "26 00:30"]);
  });

  it("starts a routing step only when the step before it has ended", () => {
    const now = t("24T06:00");
    const first = job("cut", "saw", 2 * H, { workOrderId: "WO1" });
    const second = job("weld", "welder", H, { workOrderId: "WO1", after: ["cut"], dueAt: t("24T08:30") });
    const result = plan(input(now, [second, first], { saw: busyOf(day, now), welder: busyOf(day, now) }));
    expect(result.jobs.find((p) => p.jobId === "weld")).to.deep.include({ start: t("24T08:00"), end: t("24T09:00") });
    expect(result.lateness).to.deep.equal([{ workOrderId: "WO1", end: t("24T09:00"), dueAt: t("24T08:30"), latenessMs: 30 * MIN }]);
  });

  it("counts changeovers, and the setup rule batches products to save them", () => {
    const now = t("24T06:00");
    const jobs = [
      job("x1", "u1", H, { productId: "X", dueAt: t("25T01:00") }),
      job("y1", "u1", H, { productId: "Y", dueAt: t("25T02:00") }),
      job("x2", "u1", H, { productId: "X", dueAt: t("25T03:00") }),
    ];
    const changeoverMs = (_unit: string, from: string | null, to: string | null) => (from && to && from !== to ? 30 * MIN : 0);
    const edd = plan(input(now, jobs, { u1: busyOf(day, now) }, { changeoverMs }));
    expect(edd.jobs.map((p) => [p.jobId, p.setupMs])).to.deep.equal([["x1", 0], ["y1", 30 * MIN], ["x2", 30 * MIN]]);
    expect(edd.totalChangeoverMs).to.equal(60 * MIN);
    const setup = plan(input(now, jobs, { u1: busyOf(day, now) }, { changeoverMs, rule: "setup" }));
    expect(setup.jobs.map((p) => p.jobId)).to.deep.equal(["x1", "x2", "y1"]);
    expect(setup.totalChangeoverMs).to.equal(30 * MIN);
    expect(setup.jobs[2]).to.deep.include({ start: t("24T08:00"), end: t("24T09:30") });
  });

  it("leaves a running job where it is and plans after it, with the changeover from its product", () => {
    const now = t("24T07:00");
    const result = plan(input(now, [job("next", "u1", H, { productId: "B" })], { u1: busyOf(day, now) }, { running: [{ id: "run", unitId: "u1", productId: "A", start: t("24T06:00"), end: t("24T09:00") }], changeoverMs: () => 15 * MIN }));
    expect(result.jobs).to.deep.equal([{ jobId: "next", unitId: "u1", start: t("24T09:00"), end: t("24T10:15"), setupMs: 15 * MIN }]);
  });

  it("says why a job cannot be scheduled, and holds back what follows it", () => {
    const now = t("24T06:00");
    const result = plan(input(now, [job("nocycle", "u1", null, { productId: "Q" }), job("then", "u2", H, { after: ["nocycle"] }), job("nowhere", "u3", H)], { u1: busyOf(day, now), u2: busyOf(day, now) }));
    expect(result.jobs).to.deep.equal([]);
    expect(result.unscheduled).to.deep.equal([
      { jobId: "nocycle", reason: "no ideal cycle time for product Q on u1" },
      { jobId: "nowhere", reason: "u3 has no planned busy time in the horizon (no calendar, or no shifts)" },
      { jobId: "then", reason: "its predecessor nocycle could not be scheduled" },
    ]);
  });
});

describe("The production planner (properties of random large schedules)", () => {
  for (const seed of [1, 2, 3]) {
    it(`keeps capacity, precedence and calendars, and schedules every order (seed ${seed})`, () => {
      const rnd = seededRandom(seed);
      const now = t("24T06:00");
      const units = Array.from({ length: 12 }, (_, i) => `u${i}`);
      const calendars = [calendar([{ start: "06:00", end: "14:00", breaks: [{ start: "10:00", end: "10:30" }] }, { start: "14:00", end: "22:00" }]), calendar([{ start: "22:00", end: "06:00", breaks: [{ start: "02:00", end: "02:20" }] }])];
      const busy = Object.fromEntries(units.map((u, i) => [u, busyOf(calendars[i % 2], now, 400)]));
      const jobs: PlanJob[] = [];
      for (let o = 0; o < 300; o++) {
        const steps = 1 + Math.floor(rnd() * 3);
        const dueAt = now + Math.floor(rnd() * 20 * 24) * H;
        const priority = Math.floor(rnd() * 5);
        for (let s = 0; s < steps; s++) {
          jobs.push(job(`WO${o}-${s}`, units[Math.floor(rnd() * units.length)], Math.floor((0.2 + rnd() * 6) * H), { workOrderId: `WO${o}`, productId: `P${Math.floor(rnd() * 4)}`, dueAt, priority, after: s > 0 ? [`WO${o}-${s - 1}`] : [] }));
        }
      }
      const changeoverMs = (_u: string, from: string | null, to: string | null) => (from && to && from !== to ? 20 * MIN : 0);
      for (const rule of ["edd", "priority", "setup"] as const) {
        const result = plan(input(now, jobs, busy, { changeoverMs, rule }));
        expect(result.unscheduled, rule).to.deep.equal([]);
        expect(result.jobs).to.have.length(jobs.length);
        const byId = new Map(result.jobs.map((p) => [p.jobId, p]));
        for (const unit of units) {
          const onUnit = result.jobs.filter((p) => p.unitId === unit).sort((a, b) => a.start - b.start);
          for (let i = 1; i < onUnit.length; i++) expect(onUnit[i].start, `${rule}: overlap on ${unit}`).to.be.at.least(onUnit[i - 1].end);
        }
        for (const j of jobs) {
          const placed = byId.get(j.id)!;
          for (const before of j.after) expect(placed.start, `${rule}: ${j.id} before its predecessor`).to.be.at.least(byId.get(before)!.end);
          // All of its time is planned busy time: exactly its setup and its work, nothing outside a shift.
          expect(busyBetween(busy[j.unitId], placed.start, placed.end), `${rule}: ${j.id} outside planned busy time`).to.equal(placed.setupMs + j.workMs!);
          expect(busy[j.unitId].some((b) => placed.start >= b.start && placed.start < b.end), `${rule}: ${j.id} starts outside a shift`).to.equal(true);
        }
      }
    });
  }
});
