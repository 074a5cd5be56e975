import { parseClockTime, type ShiftCalendar } from "./shift-calendar.js";

/** ISO 8601 order: Monday is day 1. */
export const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A shift calendar as people write it (oee.yaml, REST): wall-clock times in the plant's time zone. */
export interface CalendarDefinition {
  readonly name: string;
  /** An IANA time zone such as Europe/Berlin. */
  readonly timeZone: string;
  readonly shifts: readonly ShiftDefinition[];
  /** ISO dates (YYYY-MM-DD) without planned time. */
  readonly nonWorkingDays: readonly string[];
  /** ISO 8601 date-times with their zone. */
  readonly plannedDowntime: readonly { readonly start: string; readonly end: string; readonly reason: string }[];
  /** The equipment it plans; the units below a work center, area or site inherit it unless they have their own. */
  readonly equipmentIds: readonly string[];
}

export interface ShiftDefinition {
  readonly name: string;
  /** HH:MM */
  readonly start: string;
  /** HH:MM; at or before start: the shift ends the next day. */
  readonly end: string;
  readonly days: readonly Weekday[];
  readonly breaks: readonly { readonly name?: string; readonly start: string; readonly end: string }[];
}

/** A calendar as people write it (config, REST) in the form the time model computes with. */
export function toShiftCalendar(definition: CalendarDefinition): ShiftCalendar {
  return {
    timeZone: definition.timeZone,
    shifts: definition.shifts.map((shift) => ({
      name: shift.name,
      start: parseClockTime(shift.start),
      end: parseClockTime(shift.end),
      days: shift.days.map((day) => WEEKDAYS.indexOf(day) + 1),
      breaks: shift.breaks.map((b) => ({ name: b.name, start: parseClockTime(b.start), end: parseClockTime(b.end) })),
    })),
    nonWorkingDays: definition.nonWorkingDays,
    plannedDowntime: definition.plannedDowntime.map((p) => ({ start: Date.parse(p.start), end: Date.parse(p.end), reason: p.reason })),
  };
}

/** Problems a schema cannot see: a break outside its shift, planned down time ending before it starts. */
export function checkCalendarDefinition(definition: CalendarDefinition): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  definition.shifts.forEach((shift, s) => {
    const start = parseClockTime(shift.start);
    const length = (parseClockTime(shift.end) - start + 1440) % 1440 || 1440;
    shift.breaks.forEach((b, i) => {
      const offset = (parseClockTime(b.start) - start + 1440) % 1440;
      const breakLength = (parseClockTime(b.end) - parseClockTime(b.start) + 1440) % 1440;
      if (offset + breakLength > length || breakLength === 0) problems.push({ field: `shifts[${s}].breaks[${i}]`, message: `the break must lie inside the shift ${shift.start}-${shift.end}` });
    });
  });
  definition.plannedDowntime.forEach((p, i) => {
    if (Date.parse(p.end) <= Date.parse(p.start)) problems.push({ field: `plannedDowntime[${i}].end`, message: "must be after start" });
  });
  return problems;
}
