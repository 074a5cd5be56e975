import { Table, type MigrationInterface, type QueryRunner, type TableColumnOptions } from "typeorm";
import { LONG_TEXT } from "../dialect.js";

/**
 * The ISA-95 core. Written with the QueryRunner API, so TypeORM emits each dialect's DDL, and
 * frozen: a later change to the schema is a new migration, never an edit of this one.
 */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = "InitialSchema1764000000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    const dialect = queryRunner.connection.driver.options.type === "mysql" ? "mysql" : "sqlite";
    const varchar = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: "varchar", length: String(length), isNullable: nullable });
    const key = (name: string, length = 64): TableColumnOptions => ({ ...varchar(name, length), isPrimary: true });
    const datetime = (name: string, nullable = false): TableColumnOptions => ({ name, type: "datetime", precision: 3, isNullable: nullable });
    const int = (name: string, nullable = false): TableColumnOptions => ({ name, type: "int", isNullable: nullable });
    const double = (name: string): TableColumnOptions => ({ name, type: "double" });
    const table = async (name: string, columns: TableColumnOptions[], indices: { columns: string[]; unique?: boolean }[] = []) => {
      await queryRunner.createTable(
        new Table({
          name,
          columns,
          indices: indices.map((index) => ({ name: `ix_${name}_${index.columns.join("_")}`, columnNames: index.columns, isUnique: index.unique ?? false })),
        }),
        true,
      );
    };

    await table(
      "equipment",
      [key("id"), varchar("parent_id", 64, true), varchar("level", 16), varchar("name", 128), varchar("description", 1000, true), int("sort_order"), varchar("plc_id", 64, true), datetime("created_at"), datetime("updated_at")],
      [{ columns: ["parent_id"] }],
    );
    await table("plc_connection", [key("id"), varchar("name", 128, true), varchar("endpoint_url", 512), datetime("created_at"), datetime("updated_at")]);
    await table("plc_signal", [key("equipment_id"), key("signal"), varchar("plc_id", 64), varchar("node_id", 512)]);
    await table("material_definition", [key("id"), varchar("name", 128), varchar("description", 1000, true), varchar("unit", 16)]);
    await table("product_definition", [key("id"), varchar("name", 128), varchar("description", 1000, true), varchar("material_definition_id", 64, true)]);
    await table(
      "work_order",
      [key("id"), varchar("erp_id", 128, true), varchar("product_id", 64), double("quantity"), datetime("due_at", true), int("priority"), varchar("status", 32), datetime("created_at"), datetime("updated_at")],
      [{ columns: ["erp_id"], unique: true }, { columns: ["status"] }],
    );
    await table(
      "job_order",
      [
        key("id"),
        varchar("work_order_id", 64, true),
        varchar("equipment_id", 64),
        varchar("product_id", 64, true),
        double("quantity"),
        int("state"),
        int("sub_state", true),
        int("priority"),
        datetime("planned_start", true),
        datetime("planned_end", true),
        datetime("actual_start", true),
        datetime("actual_end", true),
        datetime("created_at"),
        datetime("updated_at"),
      ],
      [{ columns: ["equipment_id"] }, { columns: ["work_order_id"] }],
    );
    await table(
      "production_record",
      [key("id", 36), varchar("equipment_id", 64), varchar("job_order_id", 64, true), varchar("product_id", 64, true), datetime("period_start"), datetime("period_end"), int("good"), int("scrap"), varchar("source", 16)],
      [{ columns: ["equipment_id", "period_start"] }, { columns: ["job_order_id"] }],
    );
    await table(
      "equipment_state_interval",
      [key("id", 36), varchar("equipment_id", 64), varchar("state", 16), datetime("started_at"), datetime("ended_at", true), varchar("fault_code", 64, true), varchar("job_order_id", 64, true)],
      [{ columns: ["equipment_id", "started_at"] }, { columns: ["ended_at"] }],
    );
    await table("counter_checkpoint", [key("equipment_id"), key("counter", 16), { name: "value", type: "bigint" }, datetime("updated_at")]);
    await table(
      "audit_entry",
      [
        key("id", 36),
        datetime("at"),
        varchar("actor", 128),
        varchar("role", 64, true),
        varchar("door", 16),
        varchar("action", 64),
        varchar("target_type", 64),
        varchar("target_id", 128, true),
        { name: "before", type: LONG_TEXT[dialect], isNullable: true },
        { name: "after", type: LONG_TEXT[dialect], isNullable: true },
      ],
      [{ columns: ["at"] }, { columns: ["target_type", "target_id"] }],
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const name of ["audit_entry", "counter_checkpoint", "equipment_state_interval", "production_record", "job_order", "work_order", "product_definition", "material_definition", "plc_signal", "plc_connection", "equipment"]) {
      await queryRunner.dropTable(name, true);
    }
  }
}
