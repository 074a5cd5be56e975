import { Table, TableIndex, type MigrationInterface, type QueryRunner } from "typeorm";
import { LONG_TEXT } from "../dialect.js";

/**
 * Commands one MES instance hands to another through the database (issue 20): a command for
 * equipment a peer owns waits here until that owner claims it, carries it out and stores its answer.
 */
export class ClusterCommands1766700000000 implements MigrationInterface {
  name = "ClusterCommands1766700000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    const dialect = queryRunner.connection.driver.options.type === "mysql" ? "mysql" : "sqlite";
    await queryRunner.createTable(
      new Table({
        name: "cluster_command",
        columns: [
          { name: "id", type: "varchar", length: "64", isPrimary: true },
          { name: "kind", type: "varchar", length: "64" },
          { name: "equipment_id", type: "varchar", length: "64" },
          { name: "target", type: "varchar", length: "100" },
          { name: "sender", type: "varchar", length: "100" },
          { name: "actor", type: "varchar", length: "1000" },
          { name: "arguments", type: LONG_TEXT[dialect] },
          { name: "state", type: "varchar", length: "16" },
          { name: "answer", type: LONG_TEXT[dialect], isNullable: true },
          { name: "created_at", type: "bigint" },
          { name: "deadline", type: "bigint" },
          { name: "claimed_at", type: "bigint", isNullable: true },
          { name: "answered_at", type: "bigint", isNullable: true },
        ],
      }),
      true,
    );
    await queryRunner.createIndex("cluster_command", new TableIndex({ name: "ix_cluster_command_target_state", columnNames: ["target", "state"] }));
    await queryRunner.createIndex("cluster_command", new TableIndex({ name: "ix_cluster_command_deadline", columnNames: ["deadline"] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("cluster_command", true);
  }
}
