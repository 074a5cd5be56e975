import { Table, type MigrationInterface, type QueryRunner } from "typeorm";

/**
 * The connection state of each PLC as the MES instance that runs it last saw it (issue 20): the
 * other instances of a cluster show it from here. One row per PLC, written only when clustered.
 */
export class PlcLinkStates1766800000000 implements MigrationInterface {
  name = "PlcLinkStates1766800000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "plc_link_state",
        columns: [
          { name: "plc_id", type: "varchar", length: "64", isPrimary: true },
          { name: "state", type: "varchar", length: "16" },
          { name: "since", type: "datetime", precision: 3 },
          { name: "last_error", type: "varchar", length: "1000", isNullable: true },
          { name: "instance_id", type: "varchar", length: "100" },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("plc_link_state", true);
  }
}
