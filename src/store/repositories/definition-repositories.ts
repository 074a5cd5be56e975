import type { EntityManager } from "typeorm";
import type { MaterialDefinitionRecord, MaterialDefinitionReader, MaterialDefinitionRepository, ProductDefinitionRecord, ProductDefinitionReader, ProductDefinitionRepository, ProductWorkUnitRecord } from "../../services/ports/definitions.js";
import { MaterialDefinitionEntity, ProductDefinitionEntity, ProductWorkUnitEntity, type ProductDefinitionRow, type ProductWorkUnitRow } from "../entities/definition-entities.js";
import { TypeOrmHourSummaryRepository } from "./oee-summary-repository.js";

const product = (row: ProductDefinitionRow): ProductDefinitionRecord => ({ ...row, parameters: row.parameters ? JSON.parse(row.parameters) : [] });
const workUnit = ({ productId, equipmentId, step, idealCycleTimeS }: ProductWorkUnitRow): ProductWorkUnitRecord => ({ productId, equipmentId, step, idealCycleTimeS: Number(idealCycleTimeS) });

export class TypeOrmMaterialDefinitionReader implements MaterialDefinitionReader {
  constructor(protected readonly manager: EntityManager) {}

  async findAll(): Promise<MaterialDefinitionRecord[]> {
    return this.manager.find(MaterialDefinitionEntity, { order: { id: "ASC" } });
  }

  async findById(id: string): Promise<MaterialDefinitionRecord | null> {
    return this.manager.findOneBy(MaterialDefinitionEntity, { id });
  }
}

export class TypeOrmMaterialDefinitionRepository extends TypeOrmMaterialDefinitionReader implements MaterialDefinitionRepository {
  async upsert(record: MaterialDefinitionRecord): Promise<void> {
    await this.manager.save(MaterialDefinitionEntity, { ...record });
  }
}

export class TypeOrmProductDefinitionReader implements ProductDefinitionReader {
  constructor(protected readonly manager: EntityManager) {}

  async findAll(): Promise<ProductDefinitionRecord[]> {
    return (await this.manager.find(ProductDefinitionEntity, { order: { id: "ASC" } })).map(product);
  }

  async findById(id: string): Promise<ProductDefinitionRecord | null> {
    const row = await this.manager.findOneBy(ProductDefinitionEntity, { id });
    return row && product(row);
  }

  async findWorkUnits(productId: string): Promise<ProductWorkUnitRecord[]> {
    return (await this.manager.find(ProductWorkUnitEntity, { where: { productId }, order: { step: "ASC", position: "ASC" } })).map(workUnit);
  }

  async findAllWorkUnits(): Promise<ProductWorkUnitRecord[]> {
    return (await this.manager.find(ProductWorkUnitEntity, { order: { productId: "ASC", step: "ASC", position: "ASC" } })).map(workUnit);
  }
}

export class TypeOrmProductDefinitionRepository extends TypeOrmProductDefinitionReader implements ProductDefinitionRepository {
  async upsert(record: ProductDefinitionRecord): Promise<void> {
    await this.manager.save(ProductDefinitionEntity, { ...record, parameters: record.parameters.length > 0 ? JSON.stringify(record.parameters) : null });
  }

  async replaceWorkUnits(productId: string, workUnits: readonly ProductWorkUnitRecord[]): Promise<void> {
    // The ideal cycle times are in the hour summaries (ideal time of the parts made): those units' summaries are refilled.
    const before = await this.findWorkUnits(productId);
    const changed = new Set([...before, ...workUnits].map((unit) => unit.equipmentId));
    if (JSON.stringify(before.map((u) => [u.equipmentId, u.idealCycleTimeS])) !== JSON.stringify(workUnits.map((u) => [u.equipmentId, u.idealCycleTimeS]))) {
      await new TypeOrmHourSummaryRepository(this.manager).invalidateUnits([...changed]);
    }
    await this.manager.delete(ProductWorkUnitEntity, { productId });
    if (workUnits.length > 0) await this.manager.insert(ProductWorkUnitEntity, workUnits.map((unit, position) => ({ ...unit, productId, position })));
  }
}
