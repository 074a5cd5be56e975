import { TableColumn, type MigrationInterface, type QueryRunner } from "typeorm";

/**
 * A job order's material requirements as its caller gave them (OPC 10031-4 MaterialRequirements,
 * with MaterialUse, lots and units), JSON like its parameters: read back on every door as sent.
 */
export class JobOrderMaterialRequirements1765300000000 implements MigrationInterface {
  name = "JobOrderMaterialRequirements1765300000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn("job_order", new TableColumn({ name: "material_requirements", type: "text", isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn("job_order", "material_requirements");
  }
}
