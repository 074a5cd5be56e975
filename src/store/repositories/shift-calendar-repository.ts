import type { EntityManager } from "typeorm";
import type { ShiftCalendarRecord, ShiftCalendarReader, ShiftCalendarRepository } from "../../services/ports/oee.js";
import { ShiftCalendarEntity, type ShiftCalendarRow } from "../entities/production-entities.js";

const toRecord = (row: ShiftCalendarRow): ShiftCalendarRecord => ({ id: row.id, definition: JSON.parse(row.definition), updatedAt: row.updatedAt });

export class TypeOrmShiftCalendarReader implements ShiftCalendarReader {
  constructor(protected readonly manager: EntityManager) {}

  async findAll(): Promise<ShiftCalendarRecord[]> {
    return (await this.manager.find(ShiftCalendarEntity, { order: { id: "ASC" } })).map(toRecord);
  }

  async findById(id: string): Promise<ShiftCalendarRecord | null> {
    const row = await this.manager.findOneBy(ShiftCalendarEntity, { id });
    return row && toRecord(row);
  }
}

export class TypeOrmShiftCalendarRepository extends TypeOrmShiftCalendarReader implements ShiftCalendarRepository {
  async upsert(record: ShiftCalendarRecord): Promise<void> {
    await this.manager.save(ShiftCalendarEntity, { id: record.id, definition: JSON.stringify(record.definition), updatedAt: record.updatedAt });
  }
}
