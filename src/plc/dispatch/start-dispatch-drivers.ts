import type { DispatchDriverName } from "../../domain/plant/dispatch.js";
import { workUnitsOf, type Plant } from "../../domain/plant/plant.js";
import type { DispatchDriver, DispatchDriverContext, DispatchDriverFactory } from "./dispatch-driver.js";
import { createMachineryJobsDriver } from "./machinery-jobs/machinery-jobs-driver.js";
import { createTagHandshakeDriver } from "./tag-handshake/tag-handshake-driver.js";

/** The drivers in which the MES is the active side; `methods` is a door the PLC calls, and `none` does nothing. */
const FACTORIES: Partial<Record<DispatchDriverName, DispatchDriverFactory>> = {
  "tag-handshake": createTagHandshakeDriver,
  "machinery-jobs": createMachineryJobsDriver,
};

/** One driver per work unit that configures an MES-side driver; all of them stop together. */
export async function startDispatchDrivers(plant: Plant, context: DispatchDriverContext): Promise<{ stop(): Promise<void> }> {
  const drivers: DispatchDriver[] = [];
  const stop = async () => {
    await Promise.all(drivers.map((driver) => driver.stop()));
  };
  try {
    for (const unit of workUnitsOf(plant)) {
      const factory = FACTORIES[unit.dispatch.driver];
      if (!factory) continue;
      const driver = factory(unit, context);
      await driver.start();
      drivers.push(driver);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { stop };
}
