import { Table, type MigrationInterface, type QueryRunner } from "typeorm";

/** People and machine accounts that sign in, with their roles and a salted password hash (never the password). */
export class UserAccounts1764700000000 implements MigrationInterface {
  name = "UserAccounts1764700000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "user_account",
        columns: [
          { name: "id", type: "varchar", length: "64", isPrimary: true },
          { name: "name", type: "varchar", length: "128" },
          { name: "roles", type: "varchar", length: "256" },
          { name: "password_hash", type: "varchar", length: "256", isNullable: true },
          { name: "disabled", type: "boolean" },
          { name: "created_at", type: "datetime", precision: 3 },
          { name: "updated_at", type: "datetime", precision: 3 },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("user_account", true);
  }
}
