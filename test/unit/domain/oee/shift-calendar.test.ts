import { expect } from "chai";
import { totalMs } from "../../../../src/domain/oee/interval.js";
import { parseClockTime, plannedTime, shiftInstances, type ShiftCalendar } from "../../../../src/domain/oee/shift-calendar.js";

const H = 3_600_000;
const t = parseClockTime;
const weekdays = [1, 2, 3, 4, 5];
const threeShifts = (timeZone: string): ShiftCalendar => ({
  timeZone,
  shifts: [
    { name: "Morning", start: t("06:00"), end: t("14:00"), days: weekdays, breaks: [{ start: t("10:00"), end: t("10:30") }] },
    { name: "Afternoon", start: t("14:00"), end: t("22:00"), days: weekdays, breaks: [{ start: t("18:00"), end: t("18:30") }] },
    { name: "Night", start: t("22:00"), end: t("06:00"), days: weekdays, breaks: [{ start: t("02:00"), end: t("02:30") }] },
  ],
  nonWorkingDays: ["2026-12-25"],
  plannedDowntime: [],
});
const window = (from: string, to: string) => ({ start: Date.parse(from), end: Date.parse(to) });

describe("Shift calendars", () => {
  it("keeps a night shift that crosses midnight as one shift anchored on the day it starts", () => {
    const shifts = shiftInstances(threeShifts("UTC"), window("2026-11-25T00:00:00Z", "2026-11-26T00:00:00Z"));
    expect(shifts.map((s) => [s.name, s.date, new Date(s.start).toISOString(), new Date(s.end).toISOString()])).to.deep.equal([
      ["Night", "2026-11-24", "2026-11-24T22:00:00.000Z", "2026-11-25T06:00:00.000Z"],
      ["Morning", "2026-11-25", "2026-11-25T06:00:00.000Z", "2026-11-25T14:00:00.000Z"],
      ["Afternoon", "2026-11-25", "2026-11-25T14:00:00.000Z", "2026-11-25T22:00:00.000Z"],
      ["Night", "2026-11-25", "2026-11-25T22:00:00.000Z", "2026-11-26T06:00:00.000Z"],
    ]);
    // The night shift's 02:00 break lies on its second day.
    expect(new Date(shifts[0].breaks[0].start).toISOString()).to.equal("2026-11-25T02:00:00.000Z");
  });

  it("cuts planned time at the window: a day of three shifts is 24 h POT, 1.5 h of breaks, 22.5 h PBT", () => {
    const planned = plannedTime(threeShifts("UTC"), window("2026-11-25T00:00:00Z", "2026-11-26T00:00:00Z"));
    expect([totalMs(planned.operation), totalMs(planned.downtime), totalMs(planned.busy)]).to.deep.equal([24 * H, 1.5 * H, 22.5 * H]);
  });

  it("plans nothing on a weekend or a non-working day, and says so with zero, not an assumed 480 minutes", () => {
    const saturday = plannedTime(threeShifts("UTC"), window("2026-11-28T06:00:00Z", "2026-11-29T06:00:00Z"));
    expect(totalMs(saturday.operation)).to.equal(0);
    const christmas = shiftInstances(threeShifts("UTC"), window("2026-12-25T00:00:00Z", "2026-12-26T00:00:00Z"));
    expect(christmas.map((s) => `${s.name} ${s.date}`)).to.deep.equal(["Night 2026-12-24"]);
  });

  it("keeps shifts on the wall clock across a daylight-saving change: the night into summer time is 7 hours", () => {
    const calendar: ShiftCalendar = { ...threeShifts("Europe/Berlin"), shifts: [{ name: "Night", start: t("22:00"), end: t("06:00"), days: [1, 2, 3, 4, 5, 6, 7], breaks: [] }] };
    const [night] = shiftInstances(calendar, window("2026-03-28T21:00:00Z", "2026-03-28T22:00:00Z"));
    expect([new Date(night.start).toISOString(), new Date(night.end).toISOString()]).to.deep.equal(["2026-03-28T21:00:00.000Z", "2026-03-29T04:00:00.000Z"]);
    const [autumn] = shiftInstances(calendar, window("2026-10-24T20:00:00Z", "2026-10-24T21:00:00Z"));
    expect((autumn.end - autumn.start) / H, "the night back to winter time is 9 hours").to.equal(9);
  });

  it("takes other planned down time out of planned busy time once, even where it overlaps a break", () => {
    const calendar: ShiftCalendar = { ...threeShifts("UTC"), plannedDowntime: [{ start: Date.parse("2026-11-25T09:00:00Z"), end: Date.parse("2026-11-25T10:15:00Z"), reason: "maintenance" }] };
    const planned = plannedTime(calendar, window("2026-11-25T06:00:00Z", "2026-11-25T14:00:00Z"));
    expect([totalMs(planned.downtime), totalMs(planned.busy)]).to.deep.equal([1.5 * H, 6.5 * H]);
  });

  it("refuses a time of day it cannot read", () => {
    expect(() => parseClockTime("24:00")).to.throw(/HH:MM/);
    expect(() => parseClockTime("6:00")).to.throw(/HH:MM/);
  });
});
