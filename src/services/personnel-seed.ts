import { CONFIG_ACTOR } from "./actor.js";
import type { MasterDataSeed } from "./master-data-seed.js";
import type { PersonnelService } from "./personnel-service.js";
import type { Store } from "./ports/store.js";

/** Adds the seed's people that the database does not have yet (a person edited over REST is left alone); returns how many it added. */
export async function seedPersonnel(store: Store, personnel: PersonnelService, people: MasterDataSeed["personnel"]): Promise<number> {
  let added = 0;
  for (const person of people) {
    if (await store.read.personnel.findById(person.id)) continue;
    await personnel.putPerson({ ...person, unavailable: [] }, CONFIG_ACTOR);
    added++;
  }
  return added;
}
