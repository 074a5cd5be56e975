import type { MasterDataSeed } from "../config/master-data-schema.js";
import { CONFIG_ACTOR } from "./actor.js";
import type { JobOrderService } from "./job-order-service.js";
import type { Store } from "./ports/store.js";

/**
 * The demo's job orders, each stored, released and begun only when missing (one that exists, whatever its
 * state, is left as it is), through the job order service, so each is audited as any other.
 */
export async function seedDemoJobOrders(store: Store, jobs: JobOrderService, seed: Pick<MasterDataSeed, "demoJobOrders">): Promise<number> {
  let added = 0;
  for (const job of seed.demoJobOrders) {
    if (await store.read.jobOrders.findById(job.id)) continue;
    await jobs.storeJobOrder({ id: job.id, productId: job.productId, equipmentId: job.equipmentId, quantity: job.quantity, description: job.description ?? null }, CONFIG_ACTOR, { andStart: true });
    // OPC 10031-4 Begin: the demo's operator has started the job, as the work unit page's Start would.
    await jobs.command(job.id, "Begin", CONFIG_ACTOR, "the demo's job, begun on the first start", job.equipmentId);
    added++;
  }
  return added;
}
