import { z } from "zod";
import { WEEKDAYS } from "../domain/oee/calendar-definition.js";

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, "use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time of day HH:MM (00:00-23:59)");
const weekday = z.enum(WEEKDAYS);
const timeZone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, "an IANA time zone such as Europe/Berlin or UTC");

/**
 * A shift calendar as people write it: wall-clock times in the plant's time zone. The one schema
 * for it, in oee.yaml's `calendars` and in the body of PUT /api/v1/calendars/{id}: the two are the
 * same format by design. Its output is the domain's CalendarDefinition.
 */
export const calendarSchema = z.strictObject({
  name: z.string().min(1).max(128),
  timeZone,
  shifts: z
    .array(
      z.strictObject({
        name: z.string().min(1).max(64),
        start: clockTime,
        /** At or before start: the shift ends the next day. */
        end: clockTime,
        days: z.array(weekday).min(1).default(["Mon", "Tue", "Wed", "Thu", "Fri"]),
        breaks: z.array(z.strictObject({ name: z.string().max(64).optional(), start: clockTime, end: clockTime })).max(20).default([]),
      }),
    )
    .max(10),
  nonWorkingDays: z.array(z.iso.date()).max(1000).default([]),
  plannedDowntime: z.array(z.strictObject({ start: z.iso.datetime({ offset: true }), end: z.iso.datetime({ offset: true }), reason: z.string().min(1).max(256) })).max(1000).default([]),
  /** The equipment it plans; the units below a work center, area or site inherit it unless they have their own. */
  equipmentIds: z.array(id).max(1000).default([]),
});
