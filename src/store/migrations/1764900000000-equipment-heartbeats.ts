import { Table, type MigrationInterface, type QueryRunner } from "typeorm";

/**
 * The last moment the MES knew each work unit's state: after a crash the state intervals it left
 * open are closed there, not at the restart, so the time it was down stays unrecorded.
 */
export class EquipmentHeartbeats1764900000000 implements MigrationInterface {
  name = "EquipmentHeartbeats1764900000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "equipment_heartbeat",
        columns: [
          { name: "equipment_id", type: "varchar", length: "64", isPrimary: true },
          { name: "last_known_at", type: "datetime", precision: 3 },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("equipment_heartbeat", true);
  }
}
