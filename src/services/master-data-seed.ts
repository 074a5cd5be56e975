import { CONFIG_ACTOR } from "./actor.js";
import type { MasterDataService, ProductInput } from "./master-data-service.js";
import type { PersonInput } from "./personnel-service.js";
import type { Store } from "./ports/store.js";

/** Starting master data for a plant whose ERP and HR systems have not sent their own yet (the seed file of mes.yaml's masterData.seedFile). */
export interface MasterDataSeed {
  readonly materials: readonly { readonly id: string; readonly name: string; readonly description?: string; readonly unit: string }[];
  readonly products: readonly ProductInput[];
  /** People as HR would send them; none starts with unavailable time. */
  readonly personnel: readonly Omit<PersonInput, "unavailable">[];
}

/** Adds the seed's materials and products that the database does not have yet; returns how many it added. */
export async function seedMasterData(store: Store, masterData: MasterDataService, seed: MasterDataSeed): Promise<number> {
  let added = 0;
  for (const material of seed.materials) {
    if (await store.read.materials.findById(material.id)) continue;
    await masterData.putMaterial({ id: material.id, name: material.name, description: material.description ?? null, unit: material.unit }, CONFIG_ACTOR);
    added++;
  }
  for (const product of seed.products) {
    if (await store.read.products.findById(product.id)) continue;
    await masterData.putProduct(product, CONFIG_ACTOR);
    added++;
  }
  return added;
}
