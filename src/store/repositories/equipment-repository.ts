import type { EntityManager } from "typeorm";
import type { EquipmentLevelName, EquipmentNode } from "../../domain/equipment.js";
import type { EquipmentReader, EquipmentRepository } from "../../services/ports/plant.js";
import { EquipmentEntity, type EquipmentRow } from "../entities/equipment-entities.js";
import { upsertChanged } from "./upsert-changed.js";

const toNode = (row: EquipmentRow): EquipmentNode => ({
  id: row.id,
  parentId: row.parentId,
  level: row.level as EquipmentLevelName,
  name: row.name,
  description: row.description,
  sortOrder: row.sortOrder,
  plcId: row.plcId,
});

export class TypeOrmEquipmentReader implements EquipmentReader {
  constructor(protected readonly manager: EntityManager) {}

  async findAll(): Promise<EquipmentNode[]> {
    return (await this.manager.find(EquipmentEntity, { order: { sortOrder: "ASC", id: "ASC" } })).map(toNode);
  }

  async findById(id: string): Promise<EquipmentNode | null> {
    const row = await this.manager.findOneBy(EquipmentEntity, { id });
    return row ? toNode(row) : null;
  }
}

export class TypeOrmEquipmentRepository extends TypeOrmEquipmentReader implements EquipmentRepository {
  upsertMany(nodes: readonly EquipmentNode[]) {
    return upsertChanged(this.manager, EquipmentEntity, nodes, toNode);
  }
}
