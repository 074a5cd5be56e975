import type { CalendarDefinition } from "../../config/oee-schema.js";
import { parseClockTime, type ShiftCalendar } from "./shift-calendar.js";

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

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
