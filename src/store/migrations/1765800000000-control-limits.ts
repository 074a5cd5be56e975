import { Table, type MigrationInterface, type QueryRunner } from "typeorm";

/** Control limits per characteristic, computed from a baseline a quality engineer chose. */
export class ControlLimits1765800000000 implements MigrationInterface {
  name = "ControlLimits1765800000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "control_limits",
        columns: [
          { name: "characteristic_id", type: "varchar", length: "64", isPrimary: true },
          { name: "subgroup_size", type: "int" },
          { name: "baseline", type: "varchar", length: "200" },
          { name: "points", type: "int" },
          { name: "limits", type: "varchar", length: "1000" },
          { name: "computed_by", type: "varchar", length: "64" },
          { name: "computed_at", type: "datetime", precision: 3 },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("control_limits");
  }
}
