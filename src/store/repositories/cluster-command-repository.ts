import type { EntityManager } from "typeorm";
import type { ClusterCommandReader, ClusterCommandRecord, ClusterCommandRepository, ClusterCommandState } from "../../services/ports/cluster.js";
import { ClusterCommandEntity, type ClusterCommandRow } from "../entities/cluster-entities.js";

const epoch = (value: number | string | null): Date | null => (value === null ? null : new Date(Number(value)));

// mysql2 returns BIGINT as a number below 2^53 (supportBigNumbers without bigNumberStrings); SQLite as a number.
const toRecord = (row: ClusterCommandRow): ClusterCommandRecord => ({
  id: row.id,
  kind: row.kind,
  equipmentId: row.equipmentId,
  target: row.target,
  sender: row.sender,
  actor: row.actor,
  arguments: row.arguments,
  state: row.state as ClusterCommandState,
  answer: row.answer,
  createdAt: epoch(row.createdAt)!,
  deadline: epoch(row.deadline)!,
  claimedAt: epoch(row.claimedAt),
  answeredAt: epoch(row.answeredAt),
});

export class TypeOrmClusterCommandReader implements ClusterCommandReader {
  constructor(protected readonly manager: EntityManager) {}

  async find(id: string): Promise<ClusterCommandRecord | null> {
    const row = await this.manager.findOne(ClusterCommandEntity, { where: { id } });
    return row ? toRecord(row) : null;
  }

  async pendingFor(target: string, now: Date, limit: number): Promise<ClusterCommandRecord[]> {
    const rows = await this.manager
      .createQueryBuilder(ClusterCommandEntity, "c")
      .where("c.target = :target AND c.state = 'pending' AND c.deadline > :now", { target, now: now.getTime() })
      .orderBy("c.createdAt", "ASC")
      .addOrderBy("c.id", "ASC")
      .limit(limit)
      .getMany();
    return rows.map(toRecord);
  }
}

export class TypeOrmClusterCommandRepository extends TypeOrmClusterCommandReader implements ClusterCommandRepository {
  async insert(command: ClusterCommandRecord): Promise<void> {
    await this.manager.insert(ClusterCommandEntity, {
      ...command,
      createdAt: command.createdAt.getTime(),
      deadline: command.deadline.getTime(),
      claimedAt: command.claimedAt?.getTime() ?? null,
      answeredAt: command.answeredAt?.getTime() ?? null,
    });
  }

  async claim(id: string, target: string, now: Date): Promise<boolean> {
    const result = await this.manager
      .createQueryBuilder()
      .update(ClusterCommandEntity)
      .set({ state: "running", claimedAt: now.getTime() })
      .where("id = :id AND target = :target AND state = 'pending' AND deadline > :now", { id, target, now: now.getTime() })
      .execute();
    return result.affected === 1;
  }

  async answer(id: string, answer: string, now: Date): Promise<boolean> {
    const result = await this.manager.createQueryBuilder().update(ClusterCommandEntity).set({ state: "answered", answer, answeredAt: now.getTime() }).where("id = :id AND state = 'running'", { id }).execute();
    return result.affected === 1;
  }

  async expire(id: string): Promise<boolean> {
    const result = await this.manager.createQueryBuilder().update(ClusterCommandEntity).set({ state: "expired" }).where("id = :id AND state = 'pending'", { id }).execute();
    return result.affected === 1;
  }

  async prune(before: Date): Promise<number> {
    const result = await this.manager.createQueryBuilder().delete().from(ClusterCommandEntity).where("deadline < :before", { before: before.getTime() }).execute();
    return result.affected ?? 0;
  }
}
