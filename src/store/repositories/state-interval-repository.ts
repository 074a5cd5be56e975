import { IsNull, LessThan, MoreThan, type EntityManager } from "typeorm";
import type { MachineState } from "../../domain/machine-state.js";
import type { StateIntervalRecord, StateIntervalRepository } from "../../services/ports.js";
import { StateIntervalEntity, type StateIntervalRow } from "../entities/production-entities.js";

const toRecord = (row: StateIntervalRow): StateIntervalRecord => ({ ...row, state: row.state as MachineState });

export class TypeOrmStateIntervalRepository implements StateIntervalRepository {
  constructor(private readonly manager: EntityManager) {}

  async findOpen(equipmentId: string): Promise<StateIntervalRecord | null> {
    const row = await this.manager.findOne(StateIntervalEntity, { where: { equipmentId, endedAt: IsNull() }, order: { startedAt: "DESC" } });
    return row && toRecord(row);
  }

  async findAllOpen(): Promise<StateIntervalRecord[]> {
    return (await this.manager.find(StateIntervalEntity, { where: { endedAt: IsNull() }, order: { equipmentId: "ASC" } })).map(toRecord);
  }

  async insert(record: StateIntervalRecord): Promise<void> {
    await this.manager.insert(StateIntervalEntity, { ...record });
  }

  async closeOpen(equipmentId: string, endedAt: Date): Promise<void> {
    await this.manager.update(StateIntervalEntity, { equipmentId, endedAt: IsNull() }, { endedAt });
  }

  async findByEquipment(equipmentId: string, from: Date, to: Date): Promise<StateIntervalRecord[]> {
    const rows = await this.manager.find(StateIntervalEntity, {
      where: [
        { equipmentId, startedAt: LessThan(to), endedAt: MoreThan(from) },
        { equipmentId, startedAt: LessThan(to), endedAt: IsNull() },
      ],
      order: { startedAt: "ASC", id: "ASC" },
    });
    return rows.map(toRecord);
  }
}
