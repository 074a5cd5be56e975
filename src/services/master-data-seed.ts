import type { MasterDataSeed } from "../config/master-data-schema.js";
import { CONFIG_ACTOR } from "./actor.js";
import type { MasterDataService } from "./master-data-service.js";
import type { Store } from "./ports/store.js";

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
