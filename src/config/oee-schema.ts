import { z } from "zod";
import { MACHINE_STATES } from "../domain/machine-state.js";
import type { ReasonNode } from "../domain/oee/reasons.js";
import { calendarSchema } from "./calendar-schema.js";

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, "use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
const reason: z.ZodType<ReasonNode> = z.lazy(() => z.strictObject({ code: id, name: z.string().min(1).max(128), children: z.array(reason).default([]) }));

/** The tag read as a work unit's fault code when oee.yaml does not name one. */
export const DEFAULT_FAULT_CODE_TAG = "FaultCode";

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
  faultCodeTag: z.string().min(1).max(64).default(DEFAULT_FAULT_CODE_TAG),
  /** PLC fault code -> downtime reason code, set automatically on a stop with that code. */
  faultCodeReasons: z.record(z.string(), id).default({}),
});

/** oee.yaml as parsed; the MES runs on its OeeSettings (config/settings-model.ts). */
export type OeeFile = z.output<typeof oeeConfigSchema>;
