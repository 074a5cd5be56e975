import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from "typeorm";
import { ELEMENT_COLUMNS } from "../entities/oee-summary-entities.js";

const varchar = (name: string, length: number, isPrimary = false): TableColumnOptions => ({ name, type: "varchar", length: String(length), isNullable: false, isPrimary });
const int = (name: string): TableColumnOptions => ({ name, type: "int" });
const bigint = (name: string, isPrimary = false): TableColumnOptions => ({ name, type: "bigint", isNullable: false, isPrimary });

/**
 * Daily OEE summaries per work unit (issue 19): each the sum of the unit's hour summaries of one
 * local day of its calendar (UTC without one), so a month of a site reads a row per unit and day
 * instead of one per unit and hour. Derived from the hour summaries, dropped with them. And an
 * index for the NCRs a window of units counts.
 */
export class OeeDaySummaries1766200000000 implements MigrationInterface {
  name = "OeeDaySummaries1766200000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "oee_day_summary",
        columns: [varchar("equipment_id", 64, true), bigint("day_start", true), bigint("day_end"), varchar("policy", 64), ...Object.values(ELEMENT_COLUMNS).map(int), int("pq"), int("gq"), int("sq"), { name: "ideal_ms", type: "double" }, int("pq_without_ideal")],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({ name: "oee_day_product", columns: [varchar("equipment_id", 64, true), bigint("day_start", true), varchar("product_id", 64, true), varchar("policy", 64), int("pq"), int("gq")] }),
      true,
    );
    // The OEE figures of a window count the NCRs of its units opened in it, not every NCR ever.
    await queryRunner.createIndex("nonconformance", new TableIndex({ name: "ix_nonconformance_equipment_id_opened_at", columnNames: ["equipment_id", "opened_at"] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex("nonconformance", "ix_nonconformance_equipment_id_opened_at");
    await queryRunner.dropTable("oee_day_product", true);
    await queryRunner.dropTable("oee_day_summary", true);
  }
}
