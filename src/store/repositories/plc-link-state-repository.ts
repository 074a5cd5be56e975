import type { EntityManager } from "typeorm";
import type { PlcConnectionState } from "../../domain/plc-connection.js";
import type { PlcLinkState, PlcLinkStateReader, PlcLinkStateRepository } from "../../services/ports/cluster.js";
import { PlcLinkStateEntity } from "../entities/cluster-entities.js";

export class TypeOrmPlcLinkStateReader implements PlcLinkStateReader {
  constructor(protected readonly manager: EntityManager) {}

  async findAll(): Promise<PlcLinkState[]> {
    const rows = await this.manager.find(PlcLinkStateEntity, { order: { plcId: "ASC" } });
    return rows.map((row) => ({ ...row, state: row.state as PlcConnectionState, since: new Date(row.since) }));
  }
}

export class TypeOrmPlcLinkStateRepository extends TypeOrmPlcLinkStateReader implements PlcLinkStateRepository {
  async save(state: PlcLinkState): Promise<void> {
    await this.manager.upsert(PlcLinkStateEntity, { ...state, lastError: state.lastError?.slice(0, 1000) ?? null }, ["plcId"]);
  }
}
