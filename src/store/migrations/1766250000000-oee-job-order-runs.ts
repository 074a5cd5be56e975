import { TableIndex, type MigrationInterface, type QueryRunner } from "typeorm";

/**
 * The job orders an OEE window counts (ISO 22400 AOET) are those whose actual run reaches into
 * it: found from their actual end per unit (or an open one), so the cost does not grow with the
 * unit's years of finished orders, as it did walking the equipment_id index (issue 19).
 */
export class OeeJobOrderRuns1766250000000 implements MigrationInterface {
  name = "OeeJobOrderRuns1766250000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex("job_order", new TableIndex({ name: "ix_job_order_equipment_id_actual_end", columnNames: ["equipment_id", "actual_end"] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex("job_order", "ix_job_order_equipment_id_actual_end");
  }
}
