import { Table, type MigrationInterface, type QueryRunner } from "typeorm";

/**
 * Leases of several MES instances on one database (issue 20): which instance owns which part of the
 * plant and which runs each plant-wide job, with a fencing token per lease.
 */
export class ClusterLeases1766500000000 implements MigrationInterface {
  name = "ClusterLeases1766500000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "cluster_lease",
        columns: [
          { name: "name", type: "varchar", length: "200", isPrimary: true },
          { name: "holder", type: "varchar", length: "100" },
          { name: "token", type: "bigint" },
          { name: "expires_at", type: "bigint" },
          { name: "writes", type: "bigint", default: 0 },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("cluster_lease", true);
  }
}
