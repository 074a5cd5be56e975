import { IsNull, type EntityManager } from "typeorm";
import type { AccessTokenRecord, AccessTokenReader, AccessTokenRepository, UserAccountRecord, UserAccountReader, UserAccountRepository } from "../../services/ports/access.js";
import { AccessTokenEntity, UserAccountEntity, type AccessTokenRow, type UserAccountRow } from "../entities/user-entities.js";

const toRecord = (row: UserAccountRow): UserAccountRecord => ({ ...row, disabled: Boolean(row.disabled), roles: row.roles ? row.roles.split(",") : [] });

export class TypeOrmUserAccountReader implements UserAccountReader {
  constructor(protected readonly manager: EntityManager) {}

  async findAll(): Promise<UserAccountRecord[]> {
    return (await this.manager.find(UserAccountEntity, { order: { id: "ASC" } })).map(toRecord);
  }

  async findById(id: string): Promise<UserAccountRecord | null> {
    const row = await this.manager.findOneBy(UserAccountEntity, { id });
    return row && toRecord(row);
  }
}

export class TypeOrmUserAccountRepository extends TypeOrmUserAccountReader implements UserAccountRepository {
  async upsert(record: UserAccountRecord): Promise<void> {
    await this.manager.save(UserAccountEntity, { ...record, roles: record.roles.join(",") });
  }
}

const toToken = (row: AccessTokenRow): AccessTokenRecord => ({ ...row, kind: row.kind as AccessTokenRecord["kind"] });

export class TypeOrmAccessTokenReader implements AccessTokenReader {
  constructor(protected readonly manager: EntityManager) {}

  async findById(id: string): Promise<AccessTokenRecord | null> {
    const row = await this.manager.findOneBy(AccessTokenEntity, { id });
    return row && toToken(row);
  }

  async findByUser(userId: string, kind: AccessTokenRecord["kind"]): Promise<AccessTokenRecord[]> {
    return (await this.manager.find(AccessTokenEntity, { where: { userId, kind }, order: { createdAt: "DESC", id: "DESC" } })).map(toToken);
  }
}

export class TypeOrmAccessTokenRepository extends TypeOrmAccessTokenReader implements AccessTokenRepository {
  async insert(record: AccessTokenRecord): Promise<void> {
    await this.manager.insert(AccessTokenEntity, { ...record });
  }

  async revoke(id: string, at: Date): Promise<boolean> {
    const result = await this.manager.update(AccessTokenEntity, { id, revokedAt: IsNull() }, { revokedAt: at });
    return (result.affected ?? 0) > 0;
  }

  async revokeAllOfUser(userId: string, kind: AccessTokenRecord["kind"], at: Date): Promise<number> {
    const result = await this.manager.update(AccessTokenEntity, { userId, kind, revokedAt: IsNull() }, { revokedAt: at });
    return result.affected ?? 0;
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.manager.update(AccessTokenEntity, { id }, { lastUsedAt: at });
  }
}
