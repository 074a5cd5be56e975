import { In, IsNull, LessThan, MoreThan, type EntityManager } from "typeorm";
import type { MachineState } from "../../domain/machine-state.js";
import type { StateIntervalRecord, StateIntervalReader, StateIntervalRepository } from "../../services/ports/production.js";
import { StateIntervalEntity, type StateIntervalRow } from "../entities/production-entities.js";

const toRecord = (row: StateIntervalRow): StateIntervalRecord => ({ ...row, state: row.state as MachineState });

export class TypeOrmStateIntervalReader implements StateIntervalReader {
  constructor(protected readonly manager: EntityManager) {}

  async findOpen(equipmentId: string): Promise<StateIntervalRecord | null> {
    const row = await this.manager.findOne(StateIntervalEntity, { where: { equipmentId, endedAt: IsNull() }, order: { startedAt: "DESC" } });
    return row && toRecord(row);
  }

  async findAllOpen(): Promise<StateIntervalRecord[]> {
    return (await this.manager.find(StateIntervalEntity, { where: { endedAt: IsNull() }, order: { equipmentId: "ASC" } })).map(toRecord);
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

  async findByEquipments(equipmentIds: readonly string[], from: Date, to: Date): Promise<StateIntervalRecord[]> {
    if (equipmentIds.length === 0) return [];
    const equipmentId = In([...equipmentIds]);
    const rows = await this.manager.find(StateIntervalEntity, {
      where: [
        { equipmentId, startedAt: LessThan(to), endedAt: MoreThan(from) },
        { equipmentId, startedAt: LessThan(to), endedAt: IsNull() },
      ],
      order: { equipmentId: "ASC", startedAt: "ASC", id: "ASC" },
    });
    return rows.map(toRecord);
  }

  async findById(id: string): Promise<StateIntervalRecord | null> {
    const row = await this.manager.findOneBy(StateIntervalEntity, { id });
    return row && toRecord(row);
  }

  async firstStartedAt(equipmentIds: readonly string[]): Promise<Date | null> {
    if (equipmentIds.length === 0) return null;
    const row = await this.manager.findOne(StateIntervalEntity, { where: { equipmentId: In([...equipmentIds]) }, order: { startedAt: "ASC" } });
    return row?.startedAt ?? null;
  }
}

export class TypeOrmStateIntervalRepository extends TypeOrmStateIntervalReader implements StateIntervalRepository {
  async insert(record: StateIntervalRecord): Promise<void> {
    await this.manager.insert(StateIntervalEntity, { ...record });
  }

  async insertMany(records: readonly StateIntervalRecord[]): Promise<void> {
    // Rows per INSERT: well under SQLite's bound-parameter limit at 8 columns a row.
    for (let start = 0; start < records.length; start += 500) {
      await this.manager.insert(StateIntervalEntity, records.slice(start, start + 500).map((r) => ({ ...r })));
    }
  }

  async closeOpen(equipmentId: string, endedAt: Date): Promise<void> {
    await this.manager.update(StateIntervalEntity, { equipmentId, endedAt: IsNull() }, { endedAt });
  }

  async updateOpenFault(equipmentId: string, faultCode: string, reasonCode: string | null): Promise<void> {
    const open = await this.findOpen(equipmentId);
    if (!open) return;
    await this.manager.update(StateIntervalEntity, { id: open.id }, { faultCode, reasonCode: open.reasonCode ?? reasonCode });
  }

  async setReason(id: string, reasonCode: string | null): Promise<void> {
    await this.manager.update(StateIntervalEntity, { id }, { reasonCode });
  }

  async split(id: string, at: Date, newId: string): Promise<StateIntervalRecord> {
    const row = (await this.manager.findOneByOrFail(StateIntervalEntity, { id }))!;
    const copy: StateIntervalRow = { ...row, id: newId, startedAt: at };
    await this.manager.update(StateIntervalEntity, { id }, { endedAt: at });
    await this.manager.insert(StateIntervalEntity, copy);
    return toRecord(copy);
  }
}
