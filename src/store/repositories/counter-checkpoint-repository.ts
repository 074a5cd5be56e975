import type { EntityManager } from "typeorm";
import type { CounterCheckpoint, CounterCheckpointReader, CounterCheckpointRepository } from "../../services/ports/production.js";
import { CounterCheckpointEntity } from "../entities/production-entities.js";

export class TypeOrmCounterCheckpointReader implements CounterCheckpointReader {
  constructor(protected readonly manager: EntityManager) {}

  async findAll(): Promise<CounterCheckpoint[]> {
    // mysql2 returns BIGINT as a string; PLC counters fit a double exactly (< 2^53).
    return (await this.manager.find(CounterCheckpointEntity)).map((row) => ({
      equipmentId: row.equipmentId,
      counter: row.counter as CounterCheckpoint["counter"],
      value: Number(row.value),
      updatedAt: row.updatedAt,
    }));
  }
}

export class TypeOrmCounterCheckpointRepository extends TypeOrmCounterCheckpointReader implements CounterCheckpointRepository {
  async upsert(checkpoint: CounterCheckpoint): Promise<void> {
    await this.manager.upsert(CounterCheckpointEntity, { ...checkpoint }, ["equipmentId", "counter"]);
  }
}
