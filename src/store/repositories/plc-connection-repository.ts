import type { EntityManager } from "typeorm";
import type { PlcConnectionRecord, PlcConnectionReader, PlcConnectionRepository, PlcSignalRecord } from "../../services/ports/plant.js";
import { PlcConnectionEntity, PlcSignalEntity, type PlcConnectionRow } from "../entities/equipment-entities.js";
import { upsertChanged } from "./upsert-changed.js";

const toRecord = (row: PlcConnectionRow): PlcConnectionRecord => ({ id: row.id, name: row.name, endpointUrl: row.endpointUrl });

export class TypeOrmPlcConnectionReader implements PlcConnectionReader {
  constructor(protected readonly manager: EntityManager) {}

  async findAll(): Promise<PlcConnectionRecord[]> {
    return (await this.manager.find(PlcConnectionEntity, { order: { id: "ASC" } })).map(toRecord);
  }

  async findSignals(equipmentId: string): Promise<PlcSignalRecord[]> {
    return (await this.manager.find(PlcSignalEntity, { where: { equipmentId }, order: { signal: "ASC" } })).map((row) => ({
      equipmentId: row.equipmentId,
      signal: row.signal,
      plcId: row.plcId,
      nodeId: row.nodeId,
    }));
  }
}

export class TypeOrmPlcConnectionRepository extends TypeOrmPlcConnectionReader implements PlcConnectionRepository {
  upsertMany(plcs: readonly PlcConnectionRecord[]) {
    return upsertChanged(this.manager, PlcConnectionEntity, plcs, toRecord);
  }

  async replaceSignals(equipmentId: string, signals: readonly PlcSignalRecord[]): Promise<void> {
    await this.manager.delete(PlcSignalEntity, { equipmentId });
    if (signals.length > 0) await this.manager.insert(PlcSignalEntity, signals.map((s) => ({ ...s })));
  }
}
