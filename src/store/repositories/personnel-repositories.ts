import { In, LessThan, MoreThan, type EntityManager } from "typeorm";
import type { PersonRecord, PersonReader, PersonRepository, RosterAssignmentRecord, RosterReader, RosterRepository } from "../../services/ports/people.js";
import { PersonEntity, RosterAssignmentEntity, type PersonRow } from "../entities/personnel-entities.js";

const person = (row: PersonRow): PersonRecord => ({
  ...row,
  contractedHours: Number(row.contractedHours),
  minHours: Number(row.minHours),
  maxHours: Number(row.maxHours),
  classes: JSON.parse(row.classes),
  qualifications: JSON.parse(row.qualifications),
  unavailable: (JSON.parse(row.unavailable) as { start: string; end: string }[]).map((u) => ({ start: new Date(u.start), end: new Date(u.end) })),
});

export class TypeOrmPersonReader implements PersonReader {
  constructor(protected readonly manager: EntityManager) {}

  async findAll(): Promise<PersonRecord[]> {
    return (await this.manager.find(PersonEntity, { order: { id: "ASC" } })).map(person);
  }

  async findById(id: string): Promise<PersonRecord | null> {
    const row = await this.manager.findOneBy(PersonEntity, { id });
    return row && person(row);
  }
}

export class TypeOrmPersonRepository extends TypeOrmPersonReader implements PersonRepository {
  async upsert(record: PersonRecord): Promise<void> {
    await this.manager.save(PersonEntity, {
      ...record,
      classes: JSON.stringify(record.classes),
      qualifications: JSON.stringify(record.qualifications),
      unavailable: JSON.stringify(record.unavailable),
    });
  }
}

export class TypeOrmRosterReader implements RosterReader {
  constructor(protected readonly manager: EntityManager) {}

  async findInWindow(from: Date, to: Date): Promise<RosterAssignmentRecord[]> {
    return this.manager.find(RosterAssignmentEntity, { where: { startsAt: LessThan(to), endsAt: MoreThan(from) }, order: { startsAt: "ASC", workCenterId: "ASC", personId: "ASC" } });
  }
}

export class TypeOrmRosterRepository extends TypeOrmRosterReader implements RosterRepository {
  async replace(from: Date, to: Date, workCenterIds: readonly string[], assignments: readonly RosterAssignmentRecord[]): Promise<void> {
    if (workCenterIds.length > 0) {
      await this.manager.delete(RosterAssignmentEntity, { workCenterId: In([...workCenterIds]), startsAt: LessThan(to), endsAt: MoreThan(from) });
    }
    for (let start = 0; start < assignments.length; start += 500) {
      if (assignments.length > 0) await this.manager.insert(RosterAssignmentEntity, assignments.slice(start, start + 500).map((a) => ({ ...a })));
    }
  }
}
