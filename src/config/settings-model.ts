import type { OeeSettings } from "../domain/oee/oee-settings.js";
import type { SchedulingSettings } from "../domain/scheduling/scheduling-settings.js";
import type { OeeFile } from "./oee-schema.js";
import type { SchedulingFile } from "./scheduling-schema.js";

/** oee.yaml, parsed and checked, as the OEE settings the MES runs on. Its faultCodeTag goes into the plant's signal roles instead (toPlant). */
export function toOeeSettings(file: OeeFile): OeeSettings {
  return {
    microStops: file.microStops,
    stateCategories: file.stateCategories,
    liveIntervalMs: file.liveIntervalMs,
    calendars: file.calendars,
    idealCycleTimes: file.idealCycleTimes,
    downtimeReasons: file.downtimeReasons,
    scrapReasons: file.scrapReasons,
    faultCodeReasons: file.faultCodeReasons,
  };
}

/** scheduling.yaml, parsed, as the scheduling settings the MES runs on. */
export function toSchedulingSettings(file: SchedulingFile): SchedulingSettings {
  return { rule: file.rule, horizonDays: file.horizonDays, changeovers: file.changeovers, staffing: file.staffing, autoReschedule: file.autoReschedule };
}
