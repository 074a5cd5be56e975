import { TableColumn, type MigrationInterface, type QueryRunner } from "typeorm";

/** Production records carry the operators rostered when the parts were made. */
export class ProductionOperators1764600000000 implements MigrationInterface {
  name = "ProductionOperators1764600000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn("production_record", new TableColumn({ name: "operator_ids", type: "varchar", length: "512", isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn("production_record", "operator_ids");
  }
}
