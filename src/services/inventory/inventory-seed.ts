import type { MasterDataSeed } from "../../config/master-data-schema.js";
import { CONFIG_ACTOR } from "../actor.js";
import type { Store } from "../ports/store.js";
import type { InventoryService } from "./inventory-service.js";

/**
 * The seed's BOMs and lots, each added only when missing (a BOM the ERP has sent, or a lot that
 * exists, is left as it is), through the inventory service, so each is audited as any other.
 */
export async function seedInventory(store: Store, inventory: InventoryService, seed: Pick<MasterDataSeed, "boms" | "lots">): Promise<number> {
  let added = 0;
  for (const bom of seed.boms) {
    if ((await store.read.boms.findByProduct(bom.productId)).length > 0) continue;
    await inventory.replaceBom(bom.productId, bom.lines.map((line) => ({ ...line, fromLocationId: line.fromLocationId ?? null })), CONFIG_ACTOR);
    added++;
  }
  for (const lot of seed.lots) {
    if (await store.read.lots.findById(lot.lotId)) continue;
    await inventory.receive({ lotId: lot.lotId, materialDefinitionId: lot.materialDefinitionId, quantity: lot.quantity, ...(lot.unit && { unit: lot.unit }), locationId: lot.locationId }, CONFIG_ACTOR);
    if (lot.stagedAt) await inventory.stage(lot.stagedAt, lot.lotId, CONFIG_ACTOR);
    added++;
  }
  return added;
}
