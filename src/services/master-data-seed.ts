import type { MasterDataSeed } from "../config/master-data-schema.js";
import type { Actor } from "./actor.js";
import type { MasterDataService } from "./master-data-service.js";
import type { Store } from "./ports.js";

const CONFIG: Actor = { id: "system", role: null, door: "config" };

/** Adds the seed's materials and products that the database does not have yet; returns how many it added. */
export async function seedMasterData(store: Store, masterData: MasterDataService, seed: MasterDataSeed): Promise<number> {
  let added = 0;
  for (const material of seed.materials) {
    if (await store.repos.materials.findById(material.id)) continue;
    await masterData.putMaterial({ id: material.id, name: material.name, description: material.description ?? null, unit: material.unit }, CONFIG);
    added++;
  }
  for (const product of seed.products) {
    if (await store.repos.products.findById(product.id)) continue;
    await masterData.putProduct(product, CONFIG);
    added++;
  }
  return added;
}
