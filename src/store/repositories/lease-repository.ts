import type { EntityManager } from "typeorm";
import type { Lease } from "../../domain/cluster/lease.js";
import type { LeaseReader, LeaseRepository } from "../../services/ports/cluster.js";
import { DUPLICATE_KEY_CODE, dialectOfDriver } from "../dialect.js";
import { ClusterLeaseEntity, type ClusterLeaseRow } from "../entities/cluster-entities.js";

// mysql2 returns BIGINT as a number below 2^53 (supportBigNumbers without bigNumberStrings); SQLite as a number.
const toLease = (row: ClusterLeaseRow): Lease => ({ name: row.name, holder: row.holder, token: Number(row.token), expiresAt: new Date(Number(row.expiresAt)) });

export class TypeOrmLeaseReader implements LeaseReader {
  constructor(protected readonly manager: EntityManager) {}

  async find(name: string): Promise<Lease | null> {
    const row = await this.manager.findOne(ClusterLeaseEntity, { where: { name } });
    return row ? toLease(row) : null;
  }

  async findAll(prefix = ""): Promise<Lease[]> {
    const rows = await this.manager.find(ClusterLeaseEntity, { order: { name: "ASC" } });
    return rows.filter((row) => row.name.startsWith(prefix)).map(toLease);
  }
}

export class TypeOrmLeaseRepository extends TypeOrmLeaseReader implements LeaseRepository {
  async insert(lease: Lease): Promise<boolean> {
    try {
      await this.manager.insert(ClusterLeaseEntity, { name: lease.name, holder: lease.holder, token: lease.token, expiresAt: lease.expiresAt.getTime(), writes: 0 });
      return true;
    } catch (error) {
      const code = (error as { driverError?: { code?: unknown } }).driverError?.code;
      const dialect = dialectOfDriver(this.manager.connection.options.type);
      if (code === DUPLICATE_KEY_CODE[dialect]) return false;
      throw error;
    }
  }

  async replace(expected: Pick<Lease, "name" | "holder" | "token">, next: Lease): Promise<boolean> {
    // writes + 1 makes every replacement change the row, so MySQL counts it as affected even within one millisecond.
    const result = await this.manager
      .createQueryBuilder()
      .update(ClusterLeaseEntity)
      .set({ holder: next.holder, token: next.token, expiresAt: next.expiresAt.getTime(), writes: () => "writes + 1" })
      .where("name = :name AND holder = :holder AND token = :token", { name: expected.name, holder: expected.holder, token: expected.token })
      .execute();
    return result.affected === 1;
  }

  async touchIfHeld(name: string, holder: string, token: number): Promise<boolean> {
    const result = await this.manager
      .createQueryBuilder()
      .update(ClusterLeaseEntity)
      .set({ writes: () => "writes + 1" })
      .where("name = :name AND holder = :holder AND token = :token", { name, holder, token })
      .execute();
    return result.affected === 1;
  }
}
