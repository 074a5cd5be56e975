import { Table, TableColumn, type MigrationInterface, type QueryRunner } from "typeorm";

/**
 * OEE needs: shift calendars that can be edited (the config only seeds them), a reason on each
 * state interval (a stop's downtime reason, split by splitting the interval), and scrap counts
 * classified by reason.
 */
export class OeeCalendarsAndReasons1764300000000 implements MigrationInterface {
  name = "OeeCalendarsAndReasons1764300000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "shift_calendar",
        columns: [
          { name: "id", type: "varchar", length: "64", isPrimary: true },
          { name: "definition", type: "text" },
          { name: "updated_at", type: "datetime", precision: 3 },
        ],
      }),
      true,
    );
    await queryRunner.addColumn("equipment_state_interval", new TableColumn({ name: "reason_code", type: "varchar", length: "64", isNullable: true }));
    await queryRunner.createTable(
      new Table({
        name: "scrap_classification",
        columns: [
          { name: "id", type: "varchar", length: "36", isPrimary: true },
          { name: "equipment_id", type: "varchar", length: "64" },
          { name: "job_order_id", type: "varchar", length: "64", isNullable: true },
          { name: "at", type: "datetime", precision: 3 },
          { name: "quantity", type: "int" },
          { name: "reason_code", type: "varchar", length: "64" },
          { name: "comment", type: "varchar", length: "1000", isNullable: true },
        ],
        indices: [{ name: "ix_scrap_classification_equipment_id_at", columnNames: ["equipment_id", "at"] }],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("scrap_classification", true);
    await queryRunner.dropColumn("equipment_state_interval", "reason_code");
    await queryRunner.dropTable("shift_calendar", true);
  }
}
