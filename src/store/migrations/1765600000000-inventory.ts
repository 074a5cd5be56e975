import { Table, type MigrationInterface, type QueryRunner, type TableColumnOptions } from "typeorm";

/**
 * Inventory operations (ISA-95 Part 3): material classes and properties, lots and sublots with
 * their status and location, which lot is staged at which work unit, BOM lines per routing step,
 * and the movement ledger. The ledger's from/to lot indexes carry the genealogy walk: each level
 * of a trace is one range scan per frontier lot, whatever the length of the history.
 */
export class Inventory1765600000000 implements MigrationInterface {
  name = "Inventory1765600000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    const varchar = (name: string, length: number, nullable = false, primary = false): TableColumnOptions => ({ name, type: "varchar", length: String(length), isNullable: nullable, isPrimary: primary });
    const datetime = (name: string): TableColumnOptions => ({ name, type: "datetime", precision: 3 });
    const double = (name: string): TableColumnOptions => ({ name, type: "double" });
    await queryRunner.createTable(new Table({ name: "material_class", columns: [varchar("id", 64, false, true), varchar("name", 128), varchar("description", 1000, true)] }), true);
    await queryRunner.createTable(
      new Table({ name: "material_class_member", columns: [varchar("material_definition_id", 64, false, true), varchar("class_id", 64)], indices: [{ name: "ix_material_class_member_class_id", columnNames: ["class_id"] }] }),
      true,
    );
    await queryRunner.createTable(
      new Table({ name: "material_property", columns: [varchar("material_definition_id", 64, false, true), varchar("name", 128, false, true), varchar("value", 255), varchar("unit", 16, true)] }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: "material_lot",
        columns: [
          varchar("id", 64, false, true),
          varchar("material_definition_id", 64),
          varchar("parent_lot_id", 64, true),
          double("quantity"),
          varchar("unit", 16),
          varchar("status", 16),
          varchar("location_id", 64, true),
          varchar("carrier_id", 64, true),
          varchar("job_order_id", 64, true),
          varchar("description", 1000, true),
          datetime("created_at"),
          datetime("updated_at"),
        ],
        indices: [
          { name: "ix_material_lot_material_status", columnNames: ["material_definition_id", "status"] },
          { name: "ix_material_lot_location_status", columnNames: ["location_id", "status"] },
          { name: "ix_material_lot_job_order_id", columnNames: ["job_order_id"] },
          { name: "ix_material_lot_carrier_id", columnNames: ["carrier_id"] },
          { name: "ix_material_lot_parent_lot_id", columnNames: ["parent_lot_id"] },
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: "material_movement",
        columns: [
          varchar("id", 36, false, true),
          datetime("at"),
          varchar("kind", 16),
          varchar("from_lot_id", 64, true),
          varchar("to_lot_id", 64, true),
          varchar("material_definition_id", 64),
          double("quantity"),
          varchar("unit", 16),
          varchar("from_location_id", 64, true),
          varchar("to_location_id", 64, true),
          varchar("job_order_id", 64, true),
          varchar("work_unit_id", 64, true),
          varchar("carrier_id", 64, true),
          varchar("actor", 128),
          varchar("door", 16),
          varchar("problem", 32, true),
          { name: "override", type: "boolean" },
          varchar("comment", 1000, true),
        ],
        indices: [
          { name: "ix_material_movement_from_lot", columnNames: ["from_lot_id", "at"] },
          { name: "ix_material_movement_to_lot", columnNames: ["to_lot_id", "at"] },
          { name: "ix_material_movement_job_order", columnNames: ["job_order_id", "at"] },
          { name: "ix_material_movement_work_unit", columnNames: ["work_unit_id", "at"] },
          { name: "ix_material_movement_problem", columnNames: ["problem", "at"] },
          { name: "ix_material_movement_carrier", columnNames: ["carrier_id"] },
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: "material_staging",
        columns: [varchar("work_unit_id", 64, false, true), varchar("material_definition_id", 64, false, true), varchar("lot_id", 64), datetime("staged_at"), varchar("staged_by", 128)],
        indices: [{ name: "ix_material_staging_lot_id", columnNames: ["lot_id"] }],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: "bom_line",
        columns: [
          varchar("product_id", 64, false, true),
          { name: "step", type: "int", isPrimary: true },
          varchar("material_definition_id", 64, false, true),
          { name: "position", type: "int" },
          double("quantity_per_good"),
          double("quantity_per_scrap"),
          varchar("unit", 16),
          varchar("from_location_id", 64, true),
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ["bom_line", "material_staging", "material_movement", "material_lot", "material_property", "material_class_member", "material_class"]) await queryRunner.dropTable(table, true);
  }
}
