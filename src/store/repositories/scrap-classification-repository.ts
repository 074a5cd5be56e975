import { In, LessThan, MoreThanOrEqual, And, type EntityManager } from "typeorm";
import type { ScrapClassificationRecord, ScrapClassificationReader, ScrapClassificationRepository } from "../../services/ports/production.js";
import { ScrapClassificationEntity } from "../entities/production-entities.js";

export class TypeOrmScrapClassificationReader implements ScrapClassificationReader {
  constructor(protected readonly manager: EntityManager) {}

  async findByEquipment(equipmentIds: readonly string[], from: Date, to: Date): Promise<ScrapClassificationRecord[]> {
    if (equipmentIds.length === 0) return [];
    return this.manager.find(ScrapClassificationEntity, { where: { equipmentId: In([...equipmentIds]), at: And(MoreThanOrEqual(from), LessThan(to)) }, order: { at: "ASC", id: "ASC" } });
  }
}

export class TypeOrmScrapClassificationRepository extends TypeOrmScrapClassificationReader implements ScrapClassificationRepository {
  async insert(record: ScrapClassificationRecord): Promise<void> {
    await this.manager.insert(ScrapClassificationEntity, { ...record });
  }
}
