import type { BomLine } from "../../domain/inventory/bill-of-materials.js";
import type { GenealogyEdge } from "../../domain/inventory/genealogy.js";
import type { LotStatus, MovementKind } from "../../domain/inventory/lot-status.js";
import type { Page } from "./page.js";

/** ISA-95 material classes, properties, lots and sublots, staging, BOMs and the movement ledger. */

export interface MaterialClassRecord {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
}

/** A property of a material definition (ISA-95 Part 2 material definition property), with its unit when it has one. */
export interface MaterialPropertyRecord {
  readonly materialDefinitionId: string;
  readonly name: string;
  readonly value: string;
  readonly unit: string | null;
}

/** A material lot, or a sublot of one (parentLotId), with what is on hand of it and where. */
export interface MaterialLotRecord {
  /** The lot number people and PLCs read: unique across the plant. */
  readonly id: string;
  readonly materialDefinitionId: string;
  readonly parentLotId: string | null;
  readonly quantity: number;
  readonly unit: string;
  readonly status: LotStatus;
  /** The storage zone or work unit (plant.yaml equipment) it is at; null when unknown. */
  readonly locationId: string | null;
  /** The carrier (an RFID-tagged container) holding it, when it sits on one. */
  readonly carrierId: string | null;
  /** The job order that produced it: a job order's output lot. */
  readonly jobOrderId: string | null;
  readonly description: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** One movement of the ledger; the ledger is appended to, never changed. */
export interface MaterialMovementRecord {
  readonly id: string;
  readonly at: Date;
  readonly kind: MovementKind;
  /** The lot material left (consumption, split, merge source), null when it came from outside (receipt, production). */
  readonly fromLotId: string | null;
  /** The lot material went into (receipt, production, split child, merge target, a job's output lot), null when it left. */
  readonly toLotId: string | null;
  readonly materialDefinitionId: string;
  /** Always above zero, in `unit`; what it did to which lot follows from kind, from and to. */
  readonly quantity: number;
  readonly unit: string;
  readonly fromLocationId: string | null;
  readonly toLocationId: string | null;
  readonly jobOrderId: string | null;
  readonly workUnitId: string | null;
  readonly carrierId: string | null;
  /** Who: the account, PLC or "system". */
  readonly actor: string;
  readonly door: string;
  /** "unassigned": consumed with no lot staged, to be assigned by a person; null when all is in order. */
  readonly problem: string | null;
  /** A person accepted that the lot goes below zero. */
  readonly override: boolean;
  readonly comment: string | null;
}

/** Which lot feeds a work unit with a material: backflush takes from it. */
export interface StagingRecord {
  readonly workUnitId: string;
  readonly materialDefinitionId: string;
  readonly lotId: string;
  readonly stagedAt: Date;
  readonly stagedBy: string;
}

export interface StockRow {
  readonly locationId: string | null;
  readonly materialDefinitionId: string;
  readonly status: LotStatus;
  readonly unit: string;
  readonly quantity: number;
  readonly lots: number;
}

export interface LotFilter {
  readonly materialDefinitionId?: string;
  readonly status?: LotStatus;
  readonly locationId?: string;
  readonly jobOrderId?: string;
}

export interface MaterialClassReader {
  findAll(): Promise<MaterialClassRecord[]>;
  findById(id: string): Promise<MaterialClassRecord | null>;
  /** Material definition id → its class id, for the definitions that have one. */
  classOfDefinitions(): Promise<Map<string, string>>;
  findProperties(materialDefinitionId: string): Promise<MaterialPropertyRecord[]>;
}

export interface MaterialClassRepository extends MaterialClassReader {
  upsert(record: MaterialClassRecord): Promise<void>;
  setClassOf(materialDefinitionId: string, classId: string | null): Promise<void>;
  replaceProperties(materialDefinitionId: string, properties: readonly MaterialPropertyRecord[]): Promise<void>;
}

export interface MaterialLotReader {
  findById(id: string): Promise<MaterialLotRecord | null>;
  findMany(filter: LotFilter, page: Page): Promise<{ items: MaterialLotRecord[]; total: number }>;
  findByIds(ids: readonly string[]): Promise<MaterialLotRecord[]>;
  /** On hand per location, material, status and unit. */
  stock(filter: Pick<LotFilter, "locationId" | "materialDefinitionId">): Promise<StockRow[]>;
  /** How many lots have an id that starts with `prefix` (the next output lot's sequence). */
  countWithPrefix(prefix: string): Promise<number>;
}

export interface MaterialLotRepository extends MaterialLotReader {
  insert(record: MaterialLotRecord): Promise<void>;
  /** The lot, locked until the unit of work ends where the database has row locks: two consumptions cannot both take the last kilogram. */
  findForUpdate(id: string): Promise<MaterialLotRecord | null>;
  update(id: string, fields: Partial<Pick<MaterialLotRecord, "quantity" | "status" | "locationId" | "carrierId" | "updatedAt">>): Promise<void>;
}

export interface MaterialMovementReader {
  findByLot(lotId: string, page: Page): Promise<MaterialMovementRecord[]>;
  findByJobOrder(jobOrderId: string): Promise<MaterialMovementRecord[]>;
  findMany(filter: { readonly workUnitId?: string; readonly jobOrderId?: string; readonly problem?: boolean; readonly from?: Date; readonly to?: Date }, page: Page): Promise<MaterialMovementRecord[]>;
  /** Genealogy edges (a movement from one lot into another) into any of `lotIds` (backward) or out of them (forward). */
  edges(direction: "backward" | "forward", lotIds: readonly string[]): Promise<GenealogyEdge[]>;
}

export interface MaterialMovementRepository extends MaterialMovementReader {
  append(records: readonly MaterialMovementRecord[]): Promise<void>;
}

export interface StagingReader {
  findByWorkUnit(workUnitId: string): Promise<StagingRecord[]>;
  findAll(): Promise<StagingRecord[]>;
}

export interface StagingRepository extends StagingReader {
  stage(record: StagingRecord): Promise<void>;
  unstage(workUnitId: string, materialDefinitionId: string): Promise<void>;
}

export interface BomReader {
  findByProduct(productId: string): Promise<BomLine[]>;
  findAll(): Promise<BomLine[]>;
}

export interface BomRepository extends BomReader {
  replaceForProduct(productId: string, lines: readonly BomLine[]): Promise<void>;
}
