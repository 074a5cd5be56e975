import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from "typeorm";

const varchar = (name: string, length: number, isNullable = false): TableColumnOptions => ({ name, type: "varchar", length: String(length), isNullable });
const datetime = (name: string, isNullable = false): TableColumnOptions => ({ name, type: "datetime", precision: 3, isNullable });
const int = (name: string, isNullable = false): TableColumnOptions => ({ name, type: "int", isNullable });

/** Maintenance operations: work orders (corrective and from plans) and preventive plans per work unit. */
export class Maintenance1766000000000 implements MigrationInterface {
  name = "Maintenance1766000000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "maintenance_work_order",
        columns: [
          { ...varchar("id", 36), isPrimary: true },
          varchar("work_unit_id", 64),
          varchar("title", 200),
          varchar("description", 2000),
          varchar("priority", 8),
          varchar("status", 16),
          varchar("source_kind", 16),
          varchar("source_id", 64, true),
          varchar("plan_id", 64, true),
          varchar("technician", 64, true),
          varchar("requested_by", 64),
          datetime("requested_at"),
          datetime("planned_start", true),
          int("planned_duration_minutes", true),
          datetime("started_at", true),
          datetime("finished_at", true),
          varchar("finished_by", 64, true),
          varchar("verified_by", 64, true),
          datetime("verified_at", true),
          int("time_spent_minutes", true),
          varchar("closed_downtime_id", 64, true),
          varchar("comment", 1000, true),
          { name: "parts_used", type: "text" },
          datetime("updated_at"),
        ],
        indices: [new TableIndex({ name: "ix_maintenance_work_order_unit", columnNames: ["work_unit_id", "status"] }), new TableIndex({ name: "ix_maintenance_work_order_plan", columnNames: ["plan_id"] })],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: "maintenance_plan",
        columns: [
          { ...varchar("id", 64), isPrimary: true },
          varchar("work_unit_id", 64),
          varchar("title", 200),
          varchar("description", 2000),
          varchar("kind", 16),
          { name: "every", type: "double" },
          { name: "due_soon", type: "double", isNullable: true },
          int("duration_minutes"),
          datetime("last_done_at"),
          { name: "active", type: "boolean" },
          datetime("updated_at"),
        ],
        indices: [new TableIndex({ name: "ix_maintenance_plan_unit", columnNames: ["work_unit_id"] })],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("maintenance_plan");
    await queryRunner.dropTable("maintenance_work_order");
  }
}
