import { In, IsNull, LessThan, MoreThan, type EntityManager } from "typeorm";
import type { MachineState } from "../../domain/machine-state.js";
import type { StateIntervalRecord, StateIntervalReader, StateIntervalRepository } from "../../services/ports/production.js";
import { StateIntervalEntity, type StateIntervalRow } from "../entities/production-entities.js";
import { TypeOrmHourSummaryRepository } from "./oee-summary-repository.js";
import { RawRows } from "./raw-rows.js";

/** Units per statement: SQLite allows 500 terms in a compound SELECT. */
const UNIT_BATCH = 400;
const batches = <T>(items: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

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
    // Intervals of a unit never overlap, so only the last one begun by `from` can reach into the
    // window from before it: the scan starts there (an index seek), whatever the length of the
    // history. The units are a derived table joined first, so that seek is made per unit: with
    // an IN list SQLite seeks on the unit alone and walks its whole history up to `to` (100 ms
    // for the last hour of 100 units with a month behind them, 3 ms this way).
    // Plain SQL hydrated by the entity's metadata: the live OEE reads every unit's open hour each second.
    const raw = new RawRows(this.manager, StateIntervalEntity);
    const [start, end] = [raw.param("startedAt", from), raw.param("startedAt", to)];
    const rows: StateIntervalRow[] = [];
    for (const ids of batches([...new Set(equipmentIds)], UNIT_BATCH)) {
      const list = ids.map(() => "SELECT ? AS eid").join(" UNION ALL ");
      const found = await raw.query(
        `SELECT ${raw.select("s")} FROM equipment_state_interval s INNER JOIN (${list}) ids ON s.equipment_id = ids.eid
         WHERE s.started_at < ? AND s.started_at >= COALESCE((SELECT MAX(p.started_at) FROM equipment_state_interval p WHERE p.equipment_id = ids.eid AND p.started_at <= ?), ?) AND (s.ended_at > ? OR s.ended_at IS NULL)`,
        [...ids, end, start, start, start],
      );
      // Not rows.push(...found): a week of a site is more arguments than the stack holds.
      for (const row of found) rows.push(row);
    }
    rows.sort((a, b) => (a.equipmentId < b.equipmentId ? -1 : a.equipmentId > b.equipmentId ? 1 : a.startedAt.getTime() - b.startedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
    return rows.map(toRecord);
  }

  async findById(id: string): Promise<StateIntervalRecord | null> {
    const row = await this.manager.findOneBy(StateIntervalEntity, { id });
    return row && toRecord(row);
  }

  async findMadeAfter(afterId: string, limit: number): Promise<StateIntervalRecord[]> {
    // The primary key's range: no other index needed.
    return (await this.manager.find(StateIntervalEntity, { where: { id: MoreThan(afterId) }, order: { id: "ASC" }, take: limit })).map(toRecord);
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
    // Usually the hour running now, which has no summary yet; a late interval corrects the hours it reaches.
    await this.summaries().invalidate(record.equipmentId, record.startedAt, record.endedAt);
  }

  async insertMany(records: readonly StateIntervalRecord[]): Promise<void> {
    // Rows per INSERT: well under SQLite's bound-parameter limit at 8 columns a row.
    for (let start = 0; start < records.length; start += 500) {
      await this.manager.insert(StateIntervalEntity, records.slice(start, start + 500).map((r) => ({ ...r })));
    }
    for (const [equipmentId, range] of rangesOf(records)) await this.summaries().invalidate(equipmentId, new Date(range.start), range.end === null ? null : new Date(range.end));
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
    // Two stops where there was one: the counts and the micro-stop time of every hour it reached change.
    await this.summaries().invalidate(row.equipmentId, row.startedAt, row.endedAt);
    return toRecord(copy);
  }

  /**
   * Closing the open interval needs no invalidation: an hour an open interval reaches into is
   * never summarized (its figures still change with now), see OeeService.
   */
  private summaries(): TypeOrmHourSummaryRepository {
    return new TypeOrmHourSummaryRepository(this.manager);
  }
}

/** Per equipment, the span of time the records reach (end null: one is still open). */
function rangesOf(records: readonly StateIntervalRecord[]): Map<string, { start: number; end: number | null }> {
  const ranges = new Map<string, { start: number; end: number | null }>();
  for (const r of records) {
    const seen = ranges.get(r.equipmentId);
    const end = r.endedAt?.getTime() ?? null;
    if (!seen) ranges.set(r.equipmentId, { start: r.startedAt.getTime(), end });
    else ranges.set(r.equipmentId, { start: Math.min(seen.start, r.startedAt.getTime()), end: seen.end === null || end === null ? null : Math.max(seen.end, end) });
  }
  return ranges;
}
