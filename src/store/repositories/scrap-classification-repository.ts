import { In, LessThan, MoreThanOrEqual, And, type EntityManager } from "typeorm";
import type { ScrapClassificationRecord, ScrapClassificationRepository } from "../../services/ports.js";
import { ScrapClassificationEntity } from "../entities/production-entities.js";

export class TypeOrmScrapClassificationRepository implements ScrapClassificationRepository {
  constructor(private readonly manager: EntityManager) {}

  async insert(record: ScrapClassificationRecord): Promise<void> {
    await this.manager.insert(ScrapClassificationEntity, { ...record });
  }

  async findByEquipment(equipmentIds: readonly string[], from: Date, to: Date): Promise<ScrapClassificationRecord[]> {
    if (equipmentIds.length === 0) return [];
    return this.manager.find(ScrapClassificationEntity, { where: { equipmentId: In([...equipmentIds]), at: And(MoreThanOrEqual(from), LessThan(to)) }, order: { at: "ASC", id: "ASC" } });
  }
}
