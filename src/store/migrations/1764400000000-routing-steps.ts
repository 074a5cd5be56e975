import { TableColumn, type MigrationInterface, type QueryRunner } from "typeorm";

/** A product's routing: the work units it can use are grouped into steps, passed in order; units of one step are alternatives. */
export class RoutingSteps1764400000000 implements MigrationInterface {
  name = "RoutingSteps1764400000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn("product_work_unit", new TableColumn({ name: "step", type: "int", default: 1 }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn("product_work_unit", "step");
  }
}
