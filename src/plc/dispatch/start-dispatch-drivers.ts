import type { DispatchDriverName } from "../../domain/plant/dispatch.js";
import { workUnitsOf, type Plant, type WorkUnit } from "../../domain/plant/plant.js";
import { allUnits, type UnitOwnership } from "../../services/cluster/unit-ownership.js";
import type { DispatchDriver, DispatchDriverContext, DispatchDriverFactory } from "./dispatch-driver.js";
import { createMachineryJobsDriver } from "./machinery-jobs/machinery-jobs-driver.js";
import { createTagHandshakeDriver } from "./tag-handshake/tag-handshake-driver.js";

/** The drivers in which the MES is the active side; `methods` is a door the PLC calls, and `none` does nothing. */
const FACTORIES: Partial<Record<DispatchDriverName, DispatchDriverFactory>> = {
  "tag-handshake": createTagHandshakeDriver,
  "machinery-jobs": createMachineryJobsDriver,
};

/**
 * One driver per work unit that configures an MES-side driver; all of them stop together. On a
 * cluster a unit's driver runs only while this instance owns the unit: started when it is gained
 * (it resumes from the database and the PLC's "connected" event, as after a restart), stopped when lost.
 */
export async function startDispatchDrivers(plant: Plant, context: DispatchDriverContext, units: UnitOwnership = allUnits): Promise<{ stop(): Promise<void> }> {
  const drivers = new Map<string, DispatchDriver>();
  const driven = workUnitsOf(plant).filter((unit) => FACTORIES[unit.dispatch.driver]);
  let chain: Promise<void> = Promise.resolve();
  let stopped = false;
  const startOne = async (unit: WorkUnit) => {
    if (drivers.has(unit.id)) return;
    const driver = FACTORIES[unit.dispatch.driver]!(unit, context);
    await driver.start();
    drivers.set(unit.id, driver);
  };
  const stopOne = async (id: string) => {
    const driver = drivers.get(id);
    drivers.delete(id);
    await driver?.stop();
  };
  const off = units.onChange((workUnitId, owned) => {
    const unit = driven.find((candidate) => candidate.id === workUnitId);
    if (!unit) return;
    chain = chain.then(async () => {
      if (stopped) return;
      try {
        if (owned && units.owns(workUnitId)) await startOne(unit);
        else if (!owned) await stopOne(workUnitId);
      } catch (error) {
        context.log.error(`${workUnitId}: dispatch driver could not ${owned ? "start" : "stop"}`, error);
      }
    });
  });
  const stop = async () => {
    stopped = true;
    off();
    await chain;
    await Promise.all([...drivers.keys()].map((id) => stopOne(id)));
  };
  try {
    for (const unit of driven) if (units.owns(unit.id)) await startOne(unit);
  } catch (error) {
    await stop();
    throw error;
  }
  return { stop };
}
