import type { EntityManager } from "typeorm";
import type { MaterialDefinitionRecord, MaterialDefinitionRepository, ProductDefinitionRecord, ProductDefinitionRepository } from "../../services/ports.js";
import { MaterialDefinitionEntity, ProductDefinitionEntity } from "../entities/definition-entities.js";

export class TypeOrmMaterialDefinitionRepository implements MaterialDefinitionRepository {
  constructor(private readonly manager: EntityManager) {}

  async findAll(): Promise<MaterialDefinitionRecord[]> {
    return this.manager.find(MaterialDefinitionEntity, { order: { id: "ASC" } });
  }

  async findById(id: string): Promise<MaterialDefinitionRecord | null> {
    return this.manager.findOneBy(MaterialDefinitionEntity, { id });
  }

  async upsert(record: MaterialDefinitionRecord): Promise<void> {
    await this.manager.save(MaterialDefinitionEntity, { ...record });
  }
}

export class TypeOrmProductDefinitionRepository implements ProductDefinitionRepository {
  constructor(private readonly manager: EntityManager) {}

  async findAll(): Promise<ProductDefinitionRecord[]> {
    return this.manager.find(ProductDefinitionEntity, { order: { id: "ASC" } });
  }

  async findById(id: string): Promise<ProductDefinitionRecord | null> {
    return this.manager.findOneBy(ProductDefinitionEntity, { id });
  }

  async upsert(record: ProductDefinitionRecord): Promise<void> {
    await this.manager.save(ProductDefinitionEntity, { ...record });
  }
}
