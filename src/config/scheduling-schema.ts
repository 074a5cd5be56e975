import { z } from "zod";
import { SCHEDULING_RULES, type SchedulingRule } from "../domain/scheduling/planner.js";

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, "use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");

/** Production scheduling (config/scheduling.yaml): the default rule, the horizon, changeovers, when to reschedule on its own. */
export const schedulingConfigSchema = z.strictObject({
  rule: z.enum(SCHEDULING_RULES as [SchedulingRule, ...SchedulingRule[]]).default("edd"),
  /** How far ahead the planner looks for planned busy time. */
  horizonDays: z.number().int().min(1).max(365).default(60),
  changeovers: z
    .array(
      z.strictObject({
        workUnits: z.array(id).min(1).optional(),
        from: z.string().min(1).max(64).default("*"),
        to: z.string().min(1).max(64).default("*"),
        minutes: z.number().min(0).max(24 * 60),
      }),
    )
    .default([]),
  /** People needed per shift of a work center ("*": every shift of its calendar), for the roster. */
  staffing: z
    .array(
      z.strictObject({
        workCenterId: id,
        shift: z.string().min(1).max(64).default("*"),
        people: z.number().int().min(1).max(100),
        personnelClass: z.string().min(1).max(64).default("Operator"),
      }),
    )
    .default([]),
  autoReschedule: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** A work unit down (faulted) for longer than this triggers a new schedule. */
      downThresholdMinutes: z.number().min(0).max(24 * 60).default(15),
      /** Changes that come together (a release of many job orders) make one new schedule. */
      debounceMs: z.number().int().min(0).max(600_000).default(2000),
    })
    .prefault({}),
});

/** scheduling.yaml as parsed; the MES runs on its SchedulingSettings (config/settings-model.ts). */
export type SchedulingFile = z.output<typeof schedulingConfigSchema>;
