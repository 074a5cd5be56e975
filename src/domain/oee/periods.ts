import { intersect, type Interval } from "./interval.js";
import { shiftInstances, type ShiftCalendar } from "./shift-calendar.js";
import { addDays, instantOf, localDateOf, zoneOffsetMs } from "./zoned-time.js";

export type Granularity = "hour" | "shift" | "day";

export interface Period extends Interval {
  /** "2026-11-24T06:00" (hour), "2026-11-24" (day) or "2026-11-24 Morning" (shift), in the calendar's zone. */
  readonly label: string;
}

/**
 * The window cut into hours, local days or shifts of the calendar's time zone. Hours and days
 * follow the wall clock (a day with a daylight-saving change has 23 or 25 hours); shifts are the
 * calendar's own, so a night shift is one period.
 */
export function periodsOf(window: Interval, granularity: Granularity, calendar: Pick<ShiftCalendar, "timeZone"> & Partial<ShiftCalendar>): Period[] {
  const zone = calendar.timeZone;
  if (granularity === "shift") {
    const shifts = calendar.shifts ? shiftInstances(calendar as ShiftCalendar, window) : [];
    return shifts.flatMap((shift) => {
      const part = intersect(shift, window);
      return part ? [{ ...part, label: `${shift.date} ${shift.name}` }] : [];
    });
  }
  const periods: Period[] = [];
  if (granularity === "day") {
    let day = localDateOf(zone, window.start);
    for (;;) {
      const start = instantOf(zone, day, 0);
      const end = instantOf(zone, addDays(day, 1), 0);
      if (start >= window.end) break;
      const part = intersect({ start, end }, window);
      if (part) periods.push({ ...part, label: localLabel(zone, start).slice(0, 10) });
      day = addDays(day, 1);
    }
    return periods;
  }
  const HOUR = 3_600_000;
  // Local hours start where UTC hours do, shifted by the zone's offset within the hour (India: :30).
  const offsetInHour = (at: number) => ((zoneOffsetMs(zone, at) % HOUR) + HOUR) % HOUR;
  let start = Math.floor((window.start + offsetInHour(window.start)) / HOUR) * HOUR - offsetInHour(window.start);
  while (start < window.end) {
    const end = start + HOUR;
    const part = intersect({ start, end }, window);
    if (part) periods.push({ ...part, label: localLabel(zone, start) });
    start = end;
  }
  return periods;
}

/** "YYYY-MM-DDTHH:MM" on the zone's wall clock. */
function localLabel(zone: string, at: number): string {
  return new Date(at + zoneOffsetMs(zone, at)).toISOString().slice(0, 16);
}

/**
 * One series of periods from several calendars' (a roll-up whose units keep different shifts):
 * cut at every boundary of any of them, each piece labelled with the periods it lies in. One list
 * comes back as it is, so a roll-up of units sharing a calendar has exactly their periods.
 */
export function mergePeriods(lists: readonly (readonly Period[])[]): Period[] {
  if (lists.length === 1) return [...lists[0]];
  const all = lists.flat();
  const cuts = [...new Set(all.flatMap((p) => [p.start, p.end]))].sort((a, b) => a - b);
  const merged: Period[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const piece = { start: cuts[i], end: cuts[i + 1] };
    const labels = [...new Set(all.filter((p) => p.start <= piece.start && piece.end <= p.end).map((p) => p.label))];
    if (labels.length > 0) merged.push({ ...piece, label: labels.join(" / ") });
  }
  return merged;
}
