import type { MaterialMovementRecord } from "../ports/inventory.js";

/** What every ledger row must say; the rest defaults to none (no locations, job, unit, carrier, problem, override or comment). */
export type MovementDraft = Pick<MaterialMovementRecord, "id" | "at" | "kind" | "fromLotId" | "toLotId" | "materialDefinitionId" | "quantity" | "unit" | "actor" | "door"> & Partial<MaterialMovementRecord>;

/** One row of the movement ledger from what a movement says, the one place its defaults are spelled out. */
export function movementRecord(draft: MovementDraft): MaterialMovementRecord {
  return { fromLocationId: null, toLocationId: null, jobOrderId: null, workUnitId: null, carrierId: null, problem: null, override: false, comment: null, ...draft };
}
