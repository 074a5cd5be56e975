import type { Genealogy as GenealogyAnswer } from "../services/inventory/genealogy-service.js";
import type { MaterialLotRecord, MaterialMovementRecord, StagingRecord, StockRow as StockRecord } from "../services/ports/inventory.js";

/**
 * The inventory answers of the REST API as the pages get them (GET /lots, /stock, /staging,
 * /movements, /lots/:id/genealogy): the server's own records, so a field it adds or renames
 * reaches the pages' type check, with each Date as the ISO string JSON makes of it.
 */
type Json<T> = T extends Date ? string : T extends readonly (infer U)[] ? Json<U>[] : T extends object ? { -readonly [K in keyof T]: Json<T[K]> } : T;

export type Lot = Json<MaterialLotRecord>;
export type StockRow = Json<StockRecord>;
export type Staging = Json<StagingRecord>;
export type Movement = Json<MaterialMovementRecord>;
export type Genealogy = Json<GenealogyAnswer>;
export type GenealogyEdge = Genealogy["edges"][number];

export const quantity = (value: number, unit: string) => `${Number(value.toFixed(3)).toLocaleString("en-US")} ${unit}`;
export const lotHref = (id: string) => `#/lots/${encodeURIComponent(id)}`;
