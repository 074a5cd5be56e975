import { CONFIG_ACTOR } from "../actor.js";
import type { Store } from "../ports/store.js";
import type { MaintenancePlanInput, MaintenancePlanService } from "./plan-service.js";

/** The seed's preventive plans, each added only when missing (a plan changed over REST stays as changed), checked and audited as any other. */
export async function seedMaintenancePlans(store: Store, plans: MaintenancePlanService, seed: readonly (MaintenancePlanInput & { id: string })[]): Promise<number> {
  let added = 0;
  for (const { id, ...plan } of seed) {
    if (await store.read.maintenancePlans.findById(id)) continue;
    await plans.save(id, plan, CONFIG_ACTOR, "create");
    added++;
  }
  return added;
}
