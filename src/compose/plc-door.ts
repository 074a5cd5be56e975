import { startDispatchDrivers } from "../plc/dispatch/start-dispatch-drivers.js";
import { PlcAggregator } from "../plc/plc-aggregator.js";
import { workUnitsOf } from "../domain/plant/plant.js";
import { unitOwnership } from "../services/cluster/unit-ownership.js";
import type { MesCore } from "./mes-core.js";
import { StopList } from "./stop-list.js";

export interface PlcDoorOptions {
  /** Where the MES keeps its certificates (its client certificate for the PLCs under it). */
  readonly pkiFolder: string;
}

export interface PlcDoor {
  readonly plcs: PlcAggregator;
  stop(): Promise<void>;
}

/**
 * The southbound side: one OPC UA client session per configured PLC, its signals onto the bus, and
 * the MES-side dispatch drivers (tag-handshake, machinery-jobs) over those sessions. Start it after
 * the core's background jobs, so the first PLC values are recorded. On a cluster it runs only the
 * PLC sessions and drivers of the units this instance owns, and follows ownership as it changes.
 */
export async function startPlcDoor(core: MesCore, options: PlcDoorOptions): Promise<PlcDoor> {
  const { config, bus, clock, log } = core;
  const stops = new StopList(log);
  try {
    const units = unitOwnership(core, workUnitsOf(config.plant).map((unit) => unit.id));
    const plcs = new PlcAggregator(config.plant, bus, clock, log, options.pkiFolder, units);
    stops.push(() => plcs.stop());
    await plcs.start();
    const drivers = await startDispatchDrivers(config.plant, { store: core.store, bus, jobs: core.jobs, dispatch: core.stationDispatch, plcs, clock, newId: core.newId, log }, units);
    stops.push(() => drivers.stop());
    return { plcs, stop: () => stops.stopAll() };
  } catch (error) {
    await stops.stopAll();
    throw error;
  }
}
