import { Table, type MigrationInterface, type QueryRunner, type TableColumnOptions } from "typeorm";
import { ELEMENT_COLUMNS } from "../entities/oee-summary-entities.js";

const varchar = (name: string, length: number, isNullable = false, isPrimary = false): TableColumnOptions => ({ name, type: "varchar", length: String(length), isNullable, isPrimary });
const int = (name: string): TableColumnOptions => ({ name, type: "int" });
const bigint = (name: string, isNullable = false, isPrimary = false): TableColumnOptions => ({ name, type: "bigint", isNullable, isPrimary });

/**
 * Hourly OEE summaries per work unit (issue 19): the additive ISO 22400 time elements and
 * quantities of each UTC hour, and per product, so a month of a site sums hours instead of
 * reading every state interval. Derived data, refilled from the raw rows whenever missing.
 */
export class OeeHourSummaries1766100000000 implements MigrationInterface {
  name = "OeeHourSummaries1766100000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "oee_hour_summary",
        columns: [
          varchar("equipment_id", 64, false, true),
          bigint("hour_start", false, true),
          varchar("policy", 64),
          ...Object.values(ELEMENT_COLUMNS).map(int),
          int("pq"),
          int("gq"),
          int("sq"),
          { name: "ideal_ms", type: "double" },
          int("pq_without_ideal"),
          varchar("head_kind", 8, true),
          bigint("head_start", true),
          bigint("head_end", true),
          int("head_before"),
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({ name: "oee_hour_product", columns: [varchar("equipment_id", 64, false, true), bigint("hour_start", false, true), varchar("product_id", 64, false, true), varchar("policy", 64), int("pq"), int("gq")] }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("oee_hour_product", true);
    await queryRunner.dropTable("oee_hour_summary", true);
  }
}
