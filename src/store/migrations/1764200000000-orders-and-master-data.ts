import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from "typeorm";

/**
 * What the ERP door needs: work orders that remember where they run, who asked (customer
 * reference, idempotency key) and whom to tell (callback URL, with an outbox so a callback is not
 * lost when the receiver is down); products with PLC parameters and an ideal cycle time per work
 * unit; and a small number per job order for PLCs that can only carry integers on a carrier tag.
 */
export class OrdersAndMasterData1764200000000 implements MigrationInterface {
  name = "OrdersAndMasterData1764200000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns("work_order", [
      new TableColumn({ name: "equipment_id", type: "varchar", length: "64", isNullable: true }),
      new TableColumn({ name: "description", type: "varchar", length: "1000", isNullable: true }),
      new TableColumn({ name: "customer_ref", type: "varchar", length: "128", isNullable: true }),
      new TableColumn({ name: "callback_url", type: "varchar", length: "2000", isNullable: true }),
      new TableColumn({ name: "idempotency_key", type: "varchar", length: "128", isNullable: true }),
      new TableColumn({ name: "released_at", type: "datetime", precision: 3, isNullable: true }),
    ]);
    await queryRunner.createIndex("work_order", new TableIndex({ name: "ix_work_order_idempotency_key", columnNames: ["idempotency_key"], isUnique: true }));
    await queryRunner.createIndex("work_order", new TableIndex({ name: "ix_work_order_created_at", columnNames: ["created_at"] }));
    await queryRunner.addColumn("product_definition", new TableColumn({ name: "parameters", type: "text", isNullable: true }));
    await queryRunner.createTable(
      new Table({
        name: "product_work_unit",
        columns: [
          { name: "product_id", type: "varchar", length: "64", isPrimary: true },
          { name: "equipment_id", type: "varchar", length: "64", isPrimary: true },
          { name: "position", type: "int" },
          { name: "ideal_cycle_time_s", type: "double" },
        ],
      }),
      true,
    );
    await queryRunner.addColumn("job_order", new TableColumn({ name: "dispatch_number", type: "int", isNullable: true }));
    await queryRunner.createIndex("job_order", new TableIndex({ name: "ix_job_order_dispatch_number", columnNames: ["dispatch_number"], isUnique: true }));
    await queryRunner.createTable(
      new Table({
        name: "callback_delivery",
        columns: [
          { name: "id", type: "varchar", length: "36", isPrimary: true },
          { name: "work_order_id", type: "varchar", length: "64" },
          { name: "url", type: "varchar", length: "2000" },
          { name: "payload", type: "text" },
          { name: "attempts", type: "int" },
          { name: "next_attempt_at", type: "datetime", precision: 3, isNullable: true },
          { name: "delivered_at", type: "datetime", precision: 3, isNullable: true },
          { name: "last_error", type: "varchar", length: "1000", isNullable: true },
          { name: "created_at", type: "datetime", precision: 3 },
        ],
        indices: [
          { name: "ix_callback_delivery_next_attempt_at", columnNames: ["next_attempt_at"] },
          { name: "ix_callback_delivery_work_order_id", columnNames: ["work_order_id"] },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("callback_delivery", true);
    await queryRunner.dropIndex("job_order", "ix_job_order_dispatch_number");
    await queryRunner.dropColumn("job_order", "dispatch_number");
    await queryRunner.dropTable("product_work_unit", true);
    await queryRunner.dropColumn("product_definition", "parameters");
    await queryRunner.dropIndex("work_order", "ix_work_order_created_at");
    await queryRunner.dropIndex("work_order", "ix_work_order_idempotency_key");
    for (const column of ["released_at", "idempotency_key", "callback_url", "customer_ref", "description", "equipment_id"]) await queryRunner.dropColumn("work_order", column);
  }
}
