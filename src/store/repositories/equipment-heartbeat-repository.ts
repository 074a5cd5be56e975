import type { EntityManager } from "typeorm";
import type { EquipmentHeartbeat, EquipmentHeartbeatReader, EquipmentHeartbeatRepository } from "../../services/ports/production.js";
import { EquipmentHeartbeatEntity } from "../entities/production-entities.js";

export class TypeOrmEquipmentHeartbeatReader implements EquipmentHeartbeatReader {
  constructor(protected readonly manager: EntityManager) {}

  async findAll(): Promise<EquipmentHeartbeat[]> {
    return (await this.manager.find(EquipmentHeartbeatEntity)).map((row) => ({ equipmentId: row.equipmentId, lastKnownAt: row.lastKnownAt }));
  }
}

export class TypeOrmEquipmentHeartbeatRepository extends TypeOrmEquipmentHeartbeatReader implements EquipmentHeartbeatRepository {
  async beat(equipmentIds: readonly string[], at: Date): Promise<void> {
    if (equipmentIds.length === 0) return;
    // One statement for the whole plant: it runs with every flush.
    await this.manager.upsert(EquipmentHeartbeatEntity, equipmentIds.map((equipmentId) => ({ equipmentId, lastKnownAt: at })), ["equipmentId"]);
  }
}
