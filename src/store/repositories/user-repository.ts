import type { EntityManager } from "typeorm";
import type { UserAccountRecord, UserAccountRepository } from "../../services/ports.js";
import { UserAccountEntity, type UserAccountRow } from "../entities/user-entities.js";

const toRecord = (row: UserAccountRow): UserAccountRecord => ({ ...row, disabled: Boolean(row.disabled), roles: row.roles ? row.roles.split(",") : [] });

export class TypeOrmUserAccountRepository implements UserAccountRepository {
  constructor(private readonly manager: EntityManager) {}

  async findAll(): Promise<UserAccountRecord[]> {
    return (await this.manager.find(UserAccountEntity, { order: { id: "ASC" } })).map(toRecord);
  }

  async findById(id: string): Promise<UserAccountRecord | null> {
    const row = await this.manager.findOneBy(UserAccountEntity, { id });
    return row && toRecord(row);
  }

  async upsert(record: UserAccountRecord): Promise<void> {
    await this.manager.save(UserAccountEntity, { ...record, roles: record.roles.join(",") });
  }
}
