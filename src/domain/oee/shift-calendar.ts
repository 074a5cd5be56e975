import { subtract, union, intersect, type Interval } from "./interval.js";
import { addDays, instantOf, isoDate, localDateOf, weekdayOf, type LocalDate } from "./zoned-time.js";

/** "HH:MM" as minutes after midnight. */
export type ClockTime = number;

export interface ShiftDefinition {
  readonly name: string;
  readonly start: ClockTime;
  /** At or before `start`: the shift ends the next day (Night 22:00-06:00). */
  readonly end: ClockTime;
  /** ISO weekdays (1 Monday ... 7 Sunday) on which the shift starts. */
  readonly days: readonly number[];
  /** Planned breaks inside the shift; a break earlier on the clock than the shift's start lies on its second day. */
  readonly breaks: readonly { readonly start: ClockTime; readonly end: ClockTime; readonly name?: string }[];
}

export interface ShiftCalendar {
  readonly timeZone: string;
  readonly shifts: readonly ShiftDefinition[];
  /** Local dates (YYYY-MM-DD) on which no shift starts: holidays, plant shutdowns. */
  readonly nonWorkingDays: readonly string[];
  /** Other planned down time (maintenance, no orders planned), as instants. */
  readonly plannedDowntime: readonly (Interval & { readonly reason: string })[];
}

/** One occurrence of a shift, anchored on the local day it starts (so a night shift is one shift, not two halves). */
export interface ShiftInstance extends Interval {
  readonly name: string;
  /** The local date it started on. */
  readonly date: string;
  readonly breaks: readonly Interval[];
}


/** Every shift occurrence that overlaps [from, to), in time order. */
export function shiftInstances(calendar: ShiftCalendar, window: Interval): ShiftInstance[] {
  const instances: ShiftInstance[] = [];
  const closed = new Set(calendar.nonWorkingDays);
  // A night shift that started the day before still runs into the window.
  let day: LocalDate = addDays(localDateOf(calendar.timeZone, window.start), -1);
  const last = addDays(localDateOf(calendar.timeZone, window.end), 1);
  while (isoDate(day) <= isoDate(last)) {
    if (!closed.has(isoDate(day))) {
      for (const shift of calendar.shifts) {
        if (!shift.days.includes(weekdayOf(day))) continue;
        const start = instantOf(calendar.timeZone, day, shift.start);
        const end = instantOf(calendar.timeZone, shift.end > shift.start ? day : addDays(day, 1), shift.end);
        if (end <= window.start || start >= window.end) continue;
        const breaks = shift.breaks.map((b) => {
          const breakDay = b.start >= shift.start ? day : addDays(day, 1);
          const breakStart = instantOf(calendar.timeZone, breakDay, b.start);
          const breakEnd = instantOf(calendar.timeZone, b.end > b.start ? breakDay : addDays(breakDay, 1), b.end);
          return { start: breakStart, end: breakEnd };
        });
        instances.push({ name: shift.name, date: isoDate(day), start, end, breaks: breaks.flatMap((b) => intersect(b, { start, end }) ?? []) });
      }
    }
    day = addDays(day, 1);
  }
  return instances.sort((a, b) => a.start - b.start);
}

export interface PlannedTime {
  /** Shift time inside the window (planned operation time). */
  readonly operation: Interval[];
  /** Breaks and other planned down time inside the shifts. */
  readonly downtime: Interval[];
  /** Operation minus down time (planned busy time). */
  readonly busy: Interval[];
}

/** POT, PDOT and PBT of a window as intervals (ISO 22400-2), each clipped to the window. */
export function plannedTime(calendar: ShiftCalendar, window: Interval): PlannedTime {
  const shifts = shiftInstances(calendar, window);
  const operation = union(shifts.flatMap((s) => intersect(s, window) ?? []));
  const planned = union([...shifts.flatMap((s) => s.breaks), ...calendar.plannedDowntime]);
  const downtime = union(planned.flatMap((p) => operation.flatMap((o) => intersect(p, o) ?? [])));
  return { operation, downtime, busy: subtract(operation, downtime) };
}

/** "06:00" -> 360; refuses anything else, so a calendar typo is caught when it is loaded. */
export function parseClockTime(text: string): ClockTime {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (!match) throw new Error(`"${text}" is not a time of day HH:MM`);
  return Number(match[1]) * 60 + Number(match[2]);
}

