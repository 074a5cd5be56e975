import { expect } from "chai";
import { mergePeriods, periodsOf } from "../../../../src/domain/oee/periods.js";
import type { ShiftCalendar } from "../../../../src/domain/oee/shift-calendar.js";

const H = 3_600_000;
const at = (iso: string) => Date.parse(iso);
const calendar = (shifts: [string, number, number][]): ShiftCalendar => ({
  timeZone: "UTC",
  shifts: shifts.map(([name, startHour, endHour]) => ({ name, start: startHour * 60, end: endHour * 60, days: [1, 2, 3, 4, 5, 6, 7], breaks: [] })),
  nonWorkingDays: [],
  plannedDowntime: [],
});

describe("Periods of a roll-up", () => {
  const window = { start: at("2026-11-24T00:00:00Z"), end: at("2026-11-25T00:00:00Z") };

  it("are its units' periods, unchanged, when they share one calendar", () => {
    const shifts = periodsOf(window, "shift", calendar([["Early", 6, 14], ["Late", 14, 22]]));
    expect(mergePeriods([shifts])).to.deep.equal(shifts);
  });

  it("are cut at every boundary of the units' calendars, each piece named after the shifts it lies in", () => {
    const a = periodsOf(window, "shift", calendar([["Early", 6, 14]]));
    const b = periodsOf(window, "shift", calendar([["Day", 8, 16]]));
    expect(mergePeriods([a, b]).map((p) => [p.label, (p.start - window.start) / H, (p.end - window.start) / H])).to.deep.equal([
      ["2026-11-24 Early", 6, 8],
      ["2026-11-24 Early / 2026-11-24 Day", 8, 14],
      ["2026-11-24 Day", 14, 16],
    ]);
  });
});
