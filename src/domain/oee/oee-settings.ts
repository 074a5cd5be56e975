import type { MachineState } from "../machine-state.js";
import type { CalendarDefinition } from "./calendar-definition.js";
import type { ReasonNode } from "./reasons.js";
import type { OeePolicy, TimeCategory } from "./time-model.js";

/** The plant's ISO 22400 OEE settings: the policy, the starting calendars, the reason trees. */
export interface OeeSettings {
  readonly microStops: {
    /** A stop shorter than this is a micro-stop. */
    readonly thresholdS: number;
    /** iso: micro-stops are unplanned delay (lower availability); tpm: inside run time (lower effectiveness). */
    readonly convention: OeePolicy["microStopConvention"];
  };
  /** Overrides of where a machine state's time goes (ISO 22400 by default). */
  readonly stateCategories: Readonly<Partial<Record<MachineState, TimeCategory>>>;
  /** How often the live figures on OPC UA are recomputed while production runs. */
  readonly liveIntervalMs: number;
  /** Starting calendars, by id; added to the database when missing, then edited over REST. */
  readonly calendars: Readonly<Record<string, CalendarDefinition>>;
  /** Fallback ideal cycle time (s) per work unit for parts whose product is not known. */
  readonly idealCycleTimes: Readonly<Record<string, number>>;
  readonly downtimeReasons: readonly ReasonNode[];
  readonly scrapReasons: readonly ReasonNode[];
  /** PLC fault code -> downtime reason code, set automatically on a stop with that code (the code comes from the unit's `faultCode` signal). */
  readonly faultCodeReasons: Readonly<Record<string, string>>;
}
