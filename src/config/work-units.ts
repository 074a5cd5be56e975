import type { PlantConfig, WorkUnitConfig } from "./schema.js";

/** The browse names of the fixed signals, before any configured tag; a tag may not take one of them. */
export const FIXED_SIGNALS = [
  ["state", "State"],
  ["goodCount", "GoodCount"],
  ["rejectCount", "RejectCount"],
  ["currentJob", "CurrentJob"],
] as const;

export interface SignalBinding {
  /** "State" | "GoodCount" | "RejectCount" | "CurrentJob" | a configured tag name. */
  readonly signal: string;
  /** The PLC node, as configured. */
  readonly nodeId: string;
  readonly description?: string;
}

/** Every work unit of the plant, in configuration order. */
export function workUnitsOf(plant: PlantConfig): WorkUnitConfig[] {
  return plant.enterprise.sites.flatMap((site) => site.areas.flatMap((area) => area.workCenters.flatMap((center) => center.workUnits)));
}

/** The signals a work unit maps: the fixed ones it configures, then its tags, in that order. */
export function signalsOf(unit: WorkUnitConfig): SignalBinding[] {
  const fixed = FIXED_SIGNALS.flatMap(([key, signal]) => {
    const configured = unit.signals[key];
    return configured ? [{ signal, nodeId: configured.nodeId }] : [];
  });
  return [...fixed, ...unit.signals.tags.map((tag) => ({ signal: tag.name, nodeId: tag.nodeId, description: tag.description }))];
}
