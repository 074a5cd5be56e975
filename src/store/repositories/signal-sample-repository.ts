import { Between, LessThan, type EntityManager } from "typeorm";
import type { SignalSampleReader, SignalSampleRecord, SignalSampleRepository } from "../../services/ports/history.js";
import { SignalSampleEntity, type SignalSampleRow } from "../entities/history-entities.js";

const toRecord = (row: SignalSampleRow): SignalSampleRecord => ({ ...row, statusCode: Number(row.statusCode) });
/** Between is inclusive: the end of a half-open range is the millisecond before it (datetime(3)). */
const before = (to: Date) => new Date(to.getTime() - 1);

export class TypeOrmSignalSampleReader implements SignalSampleReader {
  constructor(protected readonly manager: EntityManager) {}

  async findRange(equipmentId: string, signal: string, from: Date, to: Date, limit: number, reverse: boolean): Promise<SignalSampleRecord[]> {
    if (!(to > from) || limit <= 0) return [];
    const order = reverse ? "DESC" : "ASC";
    // Ids are time-ordered (UUIDv7): within one source time, the order they came in.
    const rows = await this.manager.find(SignalSampleEntity, {
      where: { equipmentId, signal, sourceTime: Between(from, before(to)) },
      order: { sourceTime: order, id: order },
      take: Math.min(limit, 10_000_000),
    });
    return rows.map(toRecord);
  }

  async bounds(equipmentId: string, signal: string): Promise<{ first: Date | null; last: Date | null }> {
    const [first, last] = await Promise.all(
      (["ASC", "DESC"] as const).map((order) => this.manager.findOne(SignalSampleEntity, { where: { equipmentId, signal }, order: { sourceTime: order, id: order } })),
    );
    return { first: first?.sourceTime ?? null, last: last?.sourceTime ?? null };
  }
}

export class TypeOrmSignalSampleRepository extends TypeOrmSignalSampleReader implements SignalSampleRepository {
  async insertMany(samples: readonly SignalSampleRecord[]): Promise<void> {
    // Rows per INSERT: well under SQLite's bound-parameter limit at 8 columns a row.
    for (let start = 0; start < samples.length; start += 500) {
      await this.manager.insert(SignalSampleEntity, samples.slice(start, start + 500).map((s) => ({ ...s })));
    }
  }

  async deleteReceivedBefore(cutoff: Date): Promise<number> {
    const result = await this.manager.delete(SignalSampleEntity, { serverTime: LessThan(cutoff) });
    return result.affected ?? 0;
  }
}
