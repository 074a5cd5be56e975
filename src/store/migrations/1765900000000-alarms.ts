import { Table, type MigrationInterface, type QueryRunner, type TableColumnOptions } from "typeorm";

/**
 * Alarms and Conditions (OPC 10000-9): one row per alarm occurrence with its current state, and
 * its life (raised, acknowledged, confirmed, commented, shelved, cleared) one row per change,
 * which the alarm history and OPC UA HistoryReadEvents read. `is_open` finds what a restart
 * restores; the event table's time index serves the history's time ranges.
 */
export class Alarms1765900000000 implements MigrationInterface {
  name = "Alarms1765900000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    const varchar = (name: string, length: number, nullable = false, primary = false): TableColumnOptions => ({ name, type: "varchar", length: String(length), isNullable: nullable, isPrimary: primary });
    const datetime = (name: string, nullable = false): TableColumnOptions => ({ name, type: "datetime", precision: 3, isNullable: nullable });
    const boolean = (name: string): TableColumnOptions => ({ name, type: "boolean" });
    await queryRunner.createTable(
      new Table({
        name: "alarm",
        columns: [
          varchar("id", 36, false, true),
          varchar("kind", 32),
          varchar("condition_type", 64),
          varchar("work_unit_id", 64),
          varchar("subject", 128),
          varchar("source_name", 128),
          { name: "severity", type: "int" },
          varchar("message", 1000),
          boolean("active"),
          boolean("is_open"),
          datetime("active_since"),
          datetime("cleared_at", true),
          boolean("acknowledged"),
          varchar("acknowledged_by", 128, true),
          datetime("acknowledged_at", true),
          boolean("confirmed"),
          varchar("confirmed_by", 128, true),
          datetime("confirmed_at", true),
          varchar("shelved", 16),
          datetime("shelved_until", true),
          { name: "comments", type: "text" },
          datetime("updated_at"),
        ],
        indices: [
          { name: "ix_alarm_active_since", columnNames: ["active_since"] },
          { name: "ix_alarm_work_unit", columnNames: ["work_unit_id", "active_since"] },
          { name: "ix_alarm_open", columnNames: ["is_open"] },
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: "alarm_event",
        columns: [varchar("id", 36, false, true), varchar("alarm_id", 36), datetime("at"), varchar("action", 16), varchar("actor", 128), varchar("door", 16), varchar("comment", 1000, true), { name: "state", type: "text" }],
        indices: [
          { name: "ix_alarm_event_at", columnNames: ["at", "id"] },
          { name: "ix_alarm_event_alarm", columnNames: ["alarm_id", "at"] },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("alarm_event", true);
    await queryRunner.dropTable("alarm", true);
  }
}
