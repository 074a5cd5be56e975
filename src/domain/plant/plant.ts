import type { Dispatch } from "./dispatch.js";
import type { Plc } from "./plc.js";
import { isTag, type CounterSignal, type CurrentJobSignal, type FixedSignalRole, type Signal, type StateSignal, type TagSignal } from "./signal.js";

/**
 * The plant the MES runs: the ISA-95 equipment hierarchy (Enterprise > Site > Area > WorkCenter >
 * WorkUnit, the ISA-95 equipment hierarchy model) and the PLCs its work units are wired to. Built once from
 * configuration and never changed while the MES runs.
 */
export interface Plant {
  readonly enterprise: Enterprise;
  readonly plcs: readonly Plc[];
}

/** What every piece of equipment has: ids are OPC UA string NodeIds, REST path segments and database keys. */
export interface Named {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
}

export interface Enterprise extends Named {
  readonly sites: readonly Site[];
}

export interface Site extends Named {
  readonly location?: string;
  readonly areas: readonly Area[];
}

export interface Area extends Named {
  readonly workCenters: readonly WorkCenter[];
  /** Where material lots are kept (ISA-95 StorageZone equipment), e.g. a raw-material warehouse. */
  readonly storageZones?: readonly StorageZone[];
}

export type StorageZone = Named;

export interface WorkCenter extends Named {
  readonly workUnits: readonly WorkUnit[];
}

/** A station: its PLC link, the signals it mirrors, and how job orders reach it. */
export interface WorkUnit extends Named {
  /** The PLC (one of Plant.plcs) that serves every signal of this unit. */
  readonly plcId: string;
  /** The fixed signals it maps (state, good count, reject count, current job, in that order), then its tags. */
  readonly signals: readonly Signal[];
  readonly dispatch: Dispatch;
}

/** Every work unit of the plant, in configuration order. */
export function workUnitsOf(plant: Plant): WorkUnit[] {
  return plant.enterprise.sites.flatMap((site) => site.areas.flatMap((area) => area.workCenters.flatMap((center) => center.workUnits)));
}

type SignalWithRole<R extends FixedSignalRole> = R extends "state" ? StateSignal : R extends "currentJob" ? CurrentJobSignal : CounterSignal;

/** The unit's signal of a fixed role, if it maps one. */
export function signalOf<R extends FixedSignalRole>(unit: WorkUnit, role: R): SignalWithRole<R> | undefined {
  return unit.signals.find((signal) => signal.role === role) as SignalWithRole<R> | undefined;
}

/** The unit's mirrored tags (its signals without a fixed role), in configuration order. */
export function tagsOf(unit: WorkUnit): TagSignal[] {
  return unit.signals.filter(isTag);
}
