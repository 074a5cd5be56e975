import { In, LessThan, MoreThan, MoreThanOrEqual, type EntityManager } from "typeorm";
import type { ProductionRecord, ProductionRecordReader, ProductionRecordRepository } from "../../services/ports/production.js";
import { ProductionRecordEntity, type ProductionRecordRow } from "../entities/production-entities.js";
import { TypeOrmHourSummaryRepository } from "./oee-summary-repository.js";
import { RawRows } from "./raw-rows.js";

/** Units per statement: well under SQLite's bound-parameter limit. */
const UNIT_BATCH = 400;
const batches = <T>(items: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** Rows per INSERT: well under SQLite's 32,766 bound parameters and MySQL's packet size at 9 columns a row. */
const INSERT_BATCH = 500;

const toRecord = (row: ProductionRecordRow): ProductionRecord => ({ ...row, source: row.source as ProductionRecord["source"], operatorIds: row.operatorIds ? row.operatorIds.split(",") : [] });
// Person ids are plain ids (no commas), so a list fits a column without a join table.
const toRow = (record: ProductionRecord): ProductionRecordRow => ({ ...record, operatorIds: record.operatorIds && record.operatorIds.length > 0 ? record.operatorIds.join(",").slice(0, 512) : null });

export class TypeOrmProductionRecordReader implements ProductionRecordReader {
  constructor(protected readonly manager: EntityManager) {}

  async findByEquipment(equipmentId: string, from: Date, to: Date): Promise<ProductionRecord[]> {
    const rows = await this.manager.find(ProductionRecordEntity, {
      where: { equipmentId, periodStart: LessThan(to), periodEnd: MoreThanOrEqual(from) },
      order: { periodStart: "ASC", id: "ASC" },
    });
    return rows.map(toRecord);
  }

  async findByEquipments(equipmentIds: readonly string[], from: Date, to: Date): Promise<ProductionRecord[]> {
    if (equipmentIds.length === 0) return [];
    const rows = await this.manager.find(ProductionRecordEntity, {
      where: { equipmentId: In([...equipmentIds]), periodStart: LessThan(to), periodEnd: MoreThanOrEqual(from) },
      order: { equipmentId: "ASC", periodStart: "ASC", id: "ASC" },
    });
    return rows.map(toRecord);
  }

  async findStartingIn(equipmentIds: readonly string[], from: Date, to: Date): Promise<ProductionRecord[]> {
    if (equipmentIds.length === 0) return [];
    // Plain SQL hydrated by the entity's metadata: the live OEE reads every unit's open hour each second.
    const raw = new RawRows(this.manager, ProductionRecordEntity);
    const rows: ProductionRecordRow[] = [];
    for (const ids of batches([...new Set(equipmentIds)], UNIT_BATCH)) {
      const found = await raw.query(
        `SELECT ${raw.select("p")} FROM production_record p WHERE p.equipment_id IN (${ids.map(() => "?").join(", ")}) AND p.period_start >= ? AND p.period_start < ?`,
        [...ids, raw.param("periodStart", from), raw.param("periodStart", to)],
      );
      for (const row of found) rows.push(row);
    }
    rows.sort((a, b) => (a.equipmentId < b.equipmentId ? -1 : a.equipmentId > b.equipmentId ? 1 : a.periodStart.getTime() - b.periodStart.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
    return rows.map(toRecord);
  }

  async totals(equipmentId: string, from: Date, to: Date): Promise<{ good: number; scrap: number }> {
    return this.sum(
      this.sums()
        .where("p.equipment_id = :equipmentId", { equipmentId })
        .andWhere("p.period_start >= :from AND p.period_start < :to", { from, to }),
    );
  }

  async totalsOfJob(jobOrderId: string): Promise<{ good: number; scrap: number }> {
    return this.sum(this.sums().where("p.job_order_id = :jobOrderId", { jobOrderId }));
  }

  private sums() {
    return this.manager.createQueryBuilder(ProductionRecordEntity, "p").select("COALESCE(SUM(p.good), 0)", "good").addSelect("COALESCE(SUM(p.scrap), 0)", "scrap");
  }

  async findMadeAfter(afterId: string, limit: number): Promise<ProductionRecord[]> {
    // The primary key's range: no other index needed.
    return (await this.manager.find(ProductionRecordEntity, { where: { id: MoreThan(afterId) }, order: { id: "ASC" }, take: limit })).map(toRecord);
  }

  private async sum(query: ReturnType<TypeOrmProductionRecordReader["sums"]>): Promise<{ good: number; scrap: number }> {
    const row = await query.getRawOne<{ good: number | string; scrap: number | string }>();
    // MySQL returns SUM() as a DECIMAL string.
    return { good: Number(row?.good ?? 0), scrap: Number(row?.scrap ?? 0) };
  }
}

export class TypeOrmProductionRecordRepository extends TypeOrmProductionRecordReader implements ProductionRecordRepository {
  async insertMany(records: readonly ProductionRecord[]): Promise<void> {
    for (let start = 0; start < records.length; start += INSERT_BATCH) {
      await this.manager.insert(ProductionRecordEntity, records.slice(start, start + INSERT_BATCH).map(toRow));
    }
    // A record counts in the hour it began: usually the hour running now (no summary yet); a late one corrects its hour.
    const summaries = new TypeOrmHourSummaryRepository(this.manager);
    const ranges = new Map<string, { start: number; end: number }>();
    for (const r of records) {
      const at = r.periodStart.getTime();
      const seen = ranges.get(r.equipmentId);
      ranges.set(r.equipmentId, seen ? { start: Math.min(seen.start, at), end: Math.max(seen.end, at + 1) } : { start: at, end: at + 1 });
    }
    for (const [equipmentId, range] of ranges) await summaries.invalidate(equipmentId, new Date(range.start), new Date(range.end));
  }
}
