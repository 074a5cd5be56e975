import { CONFIG_ACTOR } from "../actor.js";
import type { Store } from "../ports/store.js";
import type { InspectionPlanInput, InspectionPlanService } from "./plan-service.js";

/**
 * The seed's inspection plans, each added only when missing (a plan a quality engineer has
 * changed over REST stays as changed on a restart), through the plan service, so each is checked
 * and audited as any other.
 */
export async function seedInspectionPlans(store: Store, plans: InspectionPlanService, seed: readonly InspectionPlanInput[]): Promise<number> {
  let added = 0;
  for (const plan of seed) {
    if (await store.read.inspectionPlans.findById(plan.id)) continue;
    await plans.save(plan, CONFIG_ACTOR);
    added++;
  }
  return added;
}
