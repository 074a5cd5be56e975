import { TableIndex, type MigrationInterface, type QueryRunner } from "typeorm";

/**
 * The job orders still in a receiver's JobOrderList (removed_at IS NULL) of one equipment, found
 * without reading every order it ever ran: each command and each list refresh asks for them, and a
 * year of cleared orders made that read grow with history instead of with the list (issue 19).
 */
export class JobOrderListedIndex1766300000000 implements MigrationInterface {
  name = "JobOrderListedIndex1766300000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex("job_order", new TableIndex({ name: "ix_job_order_equipment_id_removed_at", columnNames: ["equipment_id", "removed_at"] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex("job_order", "ix_job_order_equipment_id_removed_at");
  }
}
