import type { JobOrderParameter } from "../../domain/job-order.js";

/** ISA-95 material and product definitions, and which work units make a product. */

export interface MaterialDefinitionRecord {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  /** Unit of measure, e.g. "pcs", "kg". */
  readonly unit: string;
}

export interface ProductDefinitionRecord {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  /** The material this product produces. */
  readonly materialDefinitionId: string | null;
  /** What a PLC needs to make it (e.g. TaskCode = 2); copied into each job order of the product. */
  readonly parameters: readonly JobOrderParameter[];
}

/** A work unit that can make a product, and how fast at best (ISO 22400 planned runtime per item). */
export interface ProductWorkUnitRecord {
  readonly productId: string;
  readonly equipmentId: string;
  /** The routing step (1, 2, ...): steps are passed in order; units of one step are alternatives. */
  readonly step: number;
  readonly idealCycleTimeS: number;
}

export interface MaterialDefinitionReader {
  findAll(): Promise<MaterialDefinitionRecord[]>;
  findById(id: string): Promise<MaterialDefinitionRecord | null>;
}

export interface MaterialDefinitionRepository extends MaterialDefinitionReader {
  upsert(record: MaterialDefinitionRecord): Promise<void>;
}

export interface ProductDefinitionReader {
  findAll(): Promise<ProductDefinitionRecord[]>;
  findById(id: string): Promise<ProductDefinitionRecord | null>;
  /** The work units that can make the product, in the order they were given. */
  findWorkUnits(productId: string): Promise<ProductWorkUnitRecord[]>;
  findAllWorkUnits(): Promise<ProductWorkUnitRecord[]>;
}

export interface ProductDefinitionRepository extends ProductDefinitionReader {
  upsert(record: ProductDefinitionRecord): Promise<void>;
  replaceWorkUnits(productId: string, workUnits: readonly ProductWorkUnitRecord[]): Promise<void>;
}
