import { In, type EntityManager } from "typeorm";
import type { Quantities } from "../../domain/oee/kpis.js";
import type { CrossingStop } from "../../domain/oee/period-summary.js";
import type { TimeElements } from "../../domain/oee/time-model.js";
import type { HourSummaryReader, HourSummaryRecord, HourSummaryRepository, HourTotals } from "../../services/ports/oee.js";
import { ELEMENT_COLUMNS, HourProductEntity, HourSummaryEntity, QUANTITY_COLUMNS, type HourSummaryRow } from "../entities/oee-summary-entities.js";

const HOUR_MS = 3_600_000;
/** Units per statement: well under SQLite's bound-parameter limit. */
const UNIT_BATCH = 400;
/** Rows per INSERT: TypeORM's parameter handling grows with the square of a statement's parameters (27 a row). */
const INSERT_BATCH = 40;

const batches = <T>(items: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

// MySQL hands SUM() and BIGINT back as strings.
const numberOf = (value: unknown): number => Number(value ?? 0);

const headOf = (row: Pick<HourSummaryRow, "headKind" | "headStart" | "headEnd" | "headBefore">): CrossingStop | null =>
  row.headKind === "failure" || row.headKind === "micro" ? { kind: row.headKind, start: numberOf(row.headStart), end: numberOf(row.headEnd), countedBefore: numberOf(row.headBefore) === 1 } : null;

export class TypeOrmHourSummaryReader implements HourSummaryReader {
  constructor(protected readonly manager: EntityManager) {}

  async totalsByHour(equipmentIds: readonly string[], policy: string, from: number, to: number, byUnit = false): Promise<HourTotals[]> {
    return this.totals("oee_hour_summary", "hour_start", equipmentIds, policy, from, to, byUnit);
  }

  async totalsByDay(equipmentIds: readonly string[], policy: string, from: number, to: number, byUnit = false): Promise<HourTotals[]> {
    return this.totals("oee_day_summary", "day_start", equipmentIds, policy, from, to, byUnit);
  }

  // Plain SQL: the live OEE sums every unit's hours each second, and the query builder's handling
  // of hundreds of parameters cost more than the query.
  private async totals(table: "oee_hour_summary" | "oee_day_summary", startColumn: string, equipmentIds: readonly string[], policy: string, from: number, to: number, byUnit: boolean): Promise<HourTotals[]> {
    const byHour = new Map<string, HourTotals>();
    const columns = Object.entries({ ...ELEMENT_COLUMNS, ...QUANTITY_COLUMNS });
    for (const ids of batches(equipmentIds, UNIT_BATCH)) {
      const [where, params] = inRange(ids, policy, from, to, startColumn);
      const rows = (await this.manager.query(
        `SELECT ${startColumn} AS start_at, COUNT(*) AS units, ${columns.map(([, column]) => `SUM(${column}) AS ${column}`).join(", ")}${byUnit ? ", equipment_id" : ""} FROM ${table} WHERE ${where} GROUP BY ${byUnit ? "equipment_id, " : ""}${startColumn}`,
        params,
      )) as Record<string, unknown>[];
      for (const row of rows) {
        const hourStart = numberOf(row.start_at);
        const equipmentId = byUnit ? String(row.equipment_id) : undefined;
        const key = `${equipmentId ?? ""}@${hourStart}`;
        const elements = Object.fromEntries(Object.entries(ELEMENT_COLUMNS).map(([key, column]) => [key, numberOf(row[column])])) as unknown as TimeElements;
        const quantities = Object.fromEntries(Object.entries(QUANTITY_COLUMNS).map(([key, column]) => [key, numberOf(row[column])])) as unknown as Quantities;
        const totals = { hourStart, equipmentId, units: numberOf(row.units), elements, quantities };
        const seen = byHour.get(key);
        byHour.set(key, seen ? addTotals(seen, totals) : totals);
      }
    }
    return [...byHour.values()].sort((a, b) => a.hourStart - b.hourStart);
  }

  async productsByHour(equipmentIds: readonly string[], policy: string, from: number, to: number, byUnit = false): Promise<{ hourStart: number; equipmentId?: string; productId: string; pq: number; gq: number }[]> {
    return this.products("oee_hour_product", "hour_start", equipmentIds, policy, from, to, byUnit);
  }

  async productsByDay(equipmentIds: readonly string[], policy: string, from: number, to: number, byUnit = false): Promise<{ hourStart: number; equipmentId?: string; productId: string; pq: number; gq: number }[]> {
    return this.products("oee_day_product", "day_start", equipmentIds, policy, from, to, byUnit);
  }

  private async products(table: "oee_hour_product" | "oee_day_product", startColumn: string, equipmentIds: readonly string[], policy: string, from: number, to: number, byUnit: boolean): Promise<{ hourStart: number; equipmentId?: string; productId: string; pq: number; gq: number }[]> {
    const result: { hourStart: number; equipmentId?: string; productId: string; pq: number; gq: number }[] = [];
    for (const ids of batches(equipmentIds, UNIT_BATCH)) {
      const [where, params] = inRange(ids, policy, from, to, startColumn);
      const rows = (await this.manager.query(
        `SELECT ${startColumn} AS start_at, product_id, SUM(pq) AS pq, SUM(gq) AS gq${byUnit ? ", equipment_id" : ""} FROM ${table} WHERE ${where} GROUP BY ${startColumn}, product_id${byUnit ? ", equipment_id" : ""}`,
        params,
      )) as Record<string, unknown>[];
      for (const row of rows) result.push({ hourStart: numberOf(row.start_at), ...(byUnit ? { equipmentId: String(row.equipment_id) } : {}), productId: String(row.product_id), pq: numberOf(row.pq), gq: numberOf(row.gq) });
    }
    return result;
  }

  async present(equipmentIds: readonly string[], policy: string, from: number, to: number): Promise<{ equipmentId: string; hourStart: number }[]> {
    const result: { equipmentId: string; hourStart: number }[] = [];
    for (const ids of batches(equipmentIds, UNIT_BATCH)) {
      const [where, params] = inRange(ids, policy, from, to, "hour_start");
      const rows = (await this.manager.query(`SELECT equipment_id, hour_start FROM oee_hour_summary WHERE ${where}`, params)) as Record<string, unknown>[];
      for (const row of rows) result.push({ equipmentId: String(row.equipment_id), hourStart: numberOf(row.hour_start) });
    }
    return result;
  }

  async countedHeads(equipmentIds: readonly string[], policy: string, hourStarts: readonly number[]): Promise<{ equipmentId: string; hourStart: number; head: CrossingStop }[]> {
    if (hourStarts.length === 0) return [];
    const result: { equipmentId: string; hourStart: number; head: CrossingStop }[] = [];
    for (const ids of batches(equipmentIds, UNIT_BATCH)) {
      for (const hours of batches(hourStarts, UNIT_BATCH)) {
        const rows = await this.manager.find(HourSummaryEntity, { where: { equipmentId: In(ids), hourStart: In(hours), policy, headBefore: 1 } });
        for (const row of rows) result.push({ equipmentId: row.equipmentId, hourStart: numberOf(row.hourStart), head: headOf(row)! });
      }
    }
    return result.filter((entry) => entry.head !== null);
  }
}

/** The WHERE clause of the units' summaries of a policy starting in [from, to), with its parameters. */
function inRange(ids: readonly string[], policy: string, from: number, to: number, startColumn: string): [string, unknown[]] {
  return [`equipment_id IN (${ids.map(() => "?").join(", ")}) AND policy = ? AND ${startColumn} >= ? AND ${startColumn} < ?`, [...ids, policy, from, to]];
}

function addTotals(a: HourTotals, b: HourTotals): HourTotals {
  const add = <T extends object>(x: T, y: T): T => Object.fromEntries(Object.keys(x).map((key) => [key, (x as Record<string, number>)[key] + (y as Record<string, number>)[key]])) as T;
  return { hourStart: a.hourStart, equipmentId: a.equipmentId, units: a.units + b.units, elements: add(a.elements, b.elements), quantities: add(a.quantities, b.quantities) };
}

export class TypeOrmHourSummaryRepository extends TypeOrmHourSummaryReader implements HourSummaryRepository {
  async put(summaries: readonly HourSummaryRecord[]): Promise<void> {
    for (const batch of batches(summaries, INSERT_BATCH)) {
      for (const [equipmentId, hours] of groupHours(batch)) {
        await this.manager.delete(HourSummaryEntity, { equipmentId, hourStart: In(hours) });
        await this.manager.delete(HourProductEntity, { equipmentId, hourStart: In(hours) });
      }
      await this.manager.insert(
        HourSummaryEntity,
        batch.map((s) => ({
          equipmentId: s.equipmentId,
          hourStart: s.hourStart,
          policy: s.policy,
          ...pick(s.elements, ELEMENT_COLUMNS),
          ...pick(s.quantities, QUANTITY_COLUMNS),
          headKind: s.head?.kind ?? null,
          headStart: s.head?.start ?? null,
          headEnd: s.head?.end ?? null,
          headBefore: s.head?.countedBefore ? 1 : 0,
        })),
      );
      const products = batch.flatMap((s) => s.products.map((p) => ({ equipmentId: s.equipmentId, hourStart: s.hourStart, productId: p.productId, policy: s.policy, pq: p.pq, gq: p.gq })));
      for (const rows of batches(products, INSERT_BATCH)) await this.manager.insert(HourProductEntity, rows);
    }
  }

  async invalidate(equipmentId: string, from: Date, to: Date | null): Promise<void> {
    const start = Math.floor(from.getTime() / HOUR_MS) * HOUR_MS;
    for (const entity of [HourSummaryEntity, HourProductEntity]) {
      let query = this.manager.createQueryBuilder().delete().from(entity).where("equipment_id = :equipmentId", { equipmentId }).andWhere("hour_start >= :start", { start });
      if (to) query = query.andWhere("hour_start < :end", { end: to.getTime() });
      await query.execute();
    }
    await this.invalidateDays([equipmentId], start, to?.getTime() ?? Number.MAX_SAFE_INTEGER);
  }

  /** Drops the units' day summaries of days reaching into [from, to) (their products by their day start). */
  private async invalidateDays(equipmentIds: readonly string[] | null, from: number, to: number): Promise<void> {
    for (const ids of equipmentIds === null ? [null] : batches(equipmentIds, UNIT_BATCH)) {
      const unitClause = ids ? ` AND equipment_id IN (${ids.map(() => "?").join(", ")})` : "";
      await this.manager.query(`DELETE FROM oee_day_summary WHERE day_end > ? AND day_start < ?${unitClause}`, [from, to, ...(ids ?? [])]);
      // Then the products of the days dropped: a day is at most 25 hours (a daylight-saving fall-back) long.
      await this.manager.query(
        `DELETE FROM oee_day_product WHERE day_start > ? AND day_start < ?${unitClause} AND NOT EXISTS (SELECT 1 FROM oee_day_summary d WHERE d.equipment_id = oee_day_product.equipment_id AND d.day_start = oee_day_product.day_start)`,
        [Math.max(Number.MIN_SAFE_INTEGER, from - 25 * HOUR_MS), to, ...(ids ?? [])],
      );
    }
  }

  async fillDays(equipmentIds: readonly string[], policy: string, days: readonly { start: number; end: number }[]): Promise<void> {
    const sums = Object.values({ ...ELEMENT_COLUMNS, ...QUANTITY_COLUMNS });
    for (const ids of batches(equipmentIds, UNIT_BATCH)) {
      const units = ids.map(() => "?").join(", ");
      for (const day of days) {
        const hours = Math.round((day.end - day.start) / HOUR_MS);
        await this.manager.query(`DELETE FROM oee_day_product WHERE day_start = ? AND equipment_id IN (${units})`, [day.start, ...ids]);
        await this.manager.query(`DELETE FROM oee_day_summary WHERE day_start = ? AND equipment_id IN (${units})`, [day.start, ...ids]);
        // Only a unit with a summary of every hour of the day gets one: the hours are its truth.
        await this.manager.query(
          `INSERT INTO oee_day_summary (equipment_id, day_start, day_end, policy, ${sums.join(", ")}) SELECT equipment_id, ?, ?, policy, ${sums.map((c) => `SUM(${c})`).join(", ")} FROM oee_hour_summary WHERE policy = ? AND hour_start >= ? AND hour_start < ? AND equipment_id IN (${units}) GROUP BY equipment_id, policy HAVING COUNT(*) = ?`,
          [day.start, day.end, policy, day.start, day.end, ...ids, hours],
        );
        await this.manager.query(
          `INSERT INTO oee_day_product (equipment_id, day_start, product_id, policy, pq, gq) SELECT h.equipment_id, ?, h.product_id, h.policy, SUM(h.pq), SUM(h.gq) FROM oee_hour_product h WHERE h.policy = ? AND h.hour_start >= ? AND h.hour_start < ? AND h.equipment_id IN (SELECT d.equipment_id FROM oee_day_summary d WHERE d.day_start = ? AND d.policy = ? AND d.equipment_id IN (${units})) GROUP BY h.equipment_id, h.product_id, h.policy`,
          [day.start, policy, day.start, day.end, day.start, policy, ...ids],
        );
      }
    }
  }

  async invalidateUnits(equipmentIds: readonly string[] | null, from = Number.MIN_SAFE_INTEGER, to = Number.MAX_SAFE_INTEGER): Promise<void> {
    for (const entity of [HourSummaryEntity, HourProductEntity]) {
      for (const ids of equipmentIds === null ? [null] : batches(equipmentIds, UNIT_BATCH)) {
        let query = this.manager.createQueryBuilder().delete().from(entity).where("hour_start >= :from AND hour_start < :to", { from, to });
        if (ids) query = query.andWhere("equipment_id IN (:...ids)", { ids });
        await query.execute();
      }
    }
    await this.invalidateDays(equipmentIds, from, to);
  }
}

function groupHours(summaries: readonly HourSummaryRecord[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (const s of summaries) groups.set(s.equipmentId, [...(groups.get(s.equipmentId) ?? []), s.hourStart]);
  return groups;
}

function pick(values: object, columns: Record<string, string>): Record<string, number> {
  return Object.fromEntries(Object.keys(columns).map((key) => [key, (values as Record<string, number>)[key]]));
}
