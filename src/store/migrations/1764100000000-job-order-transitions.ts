import { Table, TableColumn, type MigrationInterface, type QueryRunner } from "typeorm";

/**
 * Job orders as OPC 10031-4 needs them: description and parameters travel with the order, an
 * order taken out of the JobOrderList (Cancel, Clear) keeps its row and history, and every state
 * transition is kept with who made it, through which door, and why.
 */
export class JobOrderTransitions1764100000000 implements MigrationInterface {
  name = "JobOrderTransitions1764100000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns("job_order", [
      new TableColumn({ name: "description", type: "varchar", length: "1000", isNullable: true }),
      new TableColumn({ name: "parameters", type: "text", isNullable: true }),
      new TableColumn({ name: "removed_at", type: "datetime", precision: 3, isNullable: true }),
    ]);
    await queryRunner.createTable(
      new Table({
        name: "job_order_transition",
        columns: [
          { name: "id", type: "varchar", length: "36", isPrimary: true },
          { name: "job_order_id", type: "varchar", length: "64" },
          { name: "command", type: "varchar", length: "32" },
          { name: "from_state", type: "int", isNullable: true },
          { name: "from_sub_state", type: "int", isNullable: true },
          { name: "to_state", type: "int", isNullable: true },
          { name: "to_sub_state", type: "int", isNullable: true },
          { name: "at", type: "datetime", precision: 3 },
          { name: "actor", type: "varchar", length: "128" },
          { name: "role", type: "varchar", length: "64", isNullable: true },
          { name: "door", type: "varchar", length: "16" },
          { name: "comment", type: "varchar", length: "1000", isNullable: true },
        ],
        indices: [{ name: "ix_job_order_transition_job_order_id_at", columnNames: ["job_order_id", "at"] }],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("job_order_transition", true);
    for (const column of ["removed_at", "parameters", "description"]) await queryRunner.dropColumn("job_order", column);
  }
}
