import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from "typeorm";

const varchar = (name: string, length: number, isNullable = false): TableColumnOptions => ({ name, type: "varchar", length: String(length), isNullable });
const datetime = (name: string, isNullable = false): TableColumnOptions => ({ name, type: "datetime", precision: 3, isNullable });
const double = (name: string): TableColumnOptions => ({ name, type: "double", isNullable: true });
const int = (name: string, isNullable = false): TableColumnOptions => ({ name, type: "int", isNullable });

/** Quality operations: inspection plans and their characteristics, results, nonconformance reports. */
export class Quality1765200000000 implements MigrationInterface {
  name = "Quality1765200000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "inspection_plan",
        columns: [
          { ...varchar("id", 64), isPrimary: true },
          varchar("name", 128),
          varchar("product_id", 64),
          int("step"),
          varchar("frequency", 128),
          int("sample_size"),
          varchar("recorded_by", 16),
          varchar("signal_id", 128, true),
          { name: "hold_job_on_signal", type: "boolean" },
          datetime("updated_at"),
        ],
        indices: [new TableIndex({ name: "ix_inspection_plan_product", columnNames: ["product_id", "step"] })],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: "quality_characteristic",
        columns: [
          { ...varchar("id", 64), isPrimary: true },
          varchar("plan_id", 64),
          int("position"),
          varchar("name", 128),
          varchar("kind", 16),
          double("nominal"),
          double("lsl"),
          double("usl"),
          varchar("unit", 16, true),
          int("subgroup_size", true),
          varchar("rules", 32, true),
          varchar("defect_codes", 1000, true),
        ],
        indices: [new TableIndex({ name: "ix_quality_characteristic_plan", columnNames: ["plan_id", "position"] })],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: "quality_result",
        columns: [
          { ...varchar("id", 36), isPrimary: true },
          varchar("plan_id", 64),
          varchar("characteristic_id", 64),
          varchar("equipment_id", 64),
          varchar("job_order_id", 64, true),
          varchar("lot_id", 64, true),
          varchar("carrier_id", 64, true),
          double("value"),
          { name: "passed", type: "boolean" },
          varchar("defect_code", 64, true),
          varchar("recorded_by", 64),
          varchar("source", 16),
          datetime("recorded_at"),
        ],
        indices: [
          new TableIndex({ name: "ix_quality_result_characteristic", columnNames: ["characteristic_id", "recorded_at"] }),
          new TableIndex({ name: "ix_quality_result_job", columnNames: ["job_order_id"] }),
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: "nonconformance",
        columns: [
          { ...varchar("id", 36), isPrimary: true },
          varchar("source", 16),
          varchar("description", 1000),
          int("quantity"),
          varchar("lot_ids", 1000, true),
          varchar("equipment_id", 64, true),
          varchar("job_order_id", 64, true),
          varchar("product_id", 64, true),
          varchar("characteristic_id", 64, true),
          varchar("result_id", 36, true),
          varchar("opened_by", 64),
          datetime("opened_at"),
          varchar("status", 16),
          varchar("disposition", 32, true),
          varchar("disposition_by", 64, true),
          datetime("disposition_at", true),
          varchar("action_description", 1000, true),
          varchar("action_owner", 64, true),
          datetime("action_due_at", true),
          varchar("action_verified_by", 64, true),
          datetime("action_verified_at", true),
        ],
        indices: [new TableIndex({ name: "ix_nonconformance_status", columnNames: ["status", "opened_at"] })],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ["nonconformance", "quality_result", "quality_characteristic", "inspection_plan"]) await queryRunner.dropTable(table, true);
  }
}
