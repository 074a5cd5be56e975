import type { DispatchDriverFactory } from "../dispatch-driver.js";

/** Placeholder until the machinery-jobs driver lands; configuration that asks for it is refused at start. */
export const createMachineryJobsDriver: DispatchDriverFactory = (unit) => {
  throw new Error(`${unit.id}: the machinery-jobs dispatch driver is not available yet`);
};
