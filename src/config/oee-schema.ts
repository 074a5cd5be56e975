import { z } from "zod";
import { MACHINE_STATES } from "../domain/machine-state.js";

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, "use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time of day HH:MM (00:00-23:59)");
const weekday = z.enum(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]);
const timeZone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, "an IANA time zone such as Europe/Berlin or UTC");

/** A shift calendar as people write it: wall-clock times in the plant's time zone. */
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

export type CalendarInput = z.input<typeof calendarSchema>;
export type CalendarDefinition = z.output<typeof calendarSchema>;

const reason: z.ZodType<ReasonNode> = z.lazy(() => z.strictObject({ code: id, name: z.string().min(1).max(128), children: z.array(reason).default([]) }));
export interface ReasonNode {
  code: string;
  name: string;
  children: ReasonNode[];
}

/** ISO 22400 OEE settings (config/oee.yaml): the policy, the starting calendars, reason trees. */
export const oeeConfigSchema = z.strictObject({
  microStops: z
    .strictObject({
      /** A stop shorter than this is a micro-stop. */
      thresholdS: z.number().min(0).max(3600).default(120),
      /** iso: micro-stops are unplanned delay (lower availability); tpm: inside run time (lower effectiveness). */
      convention: z.enum(["iso", "tpm"]).default("iso"),
    })
    .prefault({}),
  /** Overrides of where a machine state's time goes (ISO 22400 by default). */
  stateCategories: z.partialRecord(z.enum(MACHINE_STATES), z.enum(["production", "setup", "delay", "downtime", "communicationLoss", "unknown"])).default({}),
  /** How often the live figures on OPC UA are recomputed while production runs. */
  liveIntervalMs: z.number().int().min(200).max(60_000).default(1000),
  /** Starting calendars, by id; added to the database when missing, then edited over REST. */
  calendars: z.record(id, calendarSchema).default({}),
  /** Fallback ideal cycle time (s) per work unit for parts whose product is not known. */
  idealCycleTimes: z.record(id, z.number().positive()).default({}),
  downtimeReasons: z.array(reason).default([]),
  scrapReasons: z.array(reason).default([]),
  /** The mirrored tag (signals.tags name) that carries a work unit's fault code; 0 or empty means none. */
  faultCodeTag: z.string().min(1).max(64).default("FaultCode"),
  /** PLC fault code -> downtime reason code, set automatically on a stop with that code. */
  faultCodeReasons: z.record(z.string(), id).default({}),
});

export type OeeConfig = z.output<typeof oeeConfigSchema>;
