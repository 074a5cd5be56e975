import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from "typeorm";

/**
 * API tokens of machine accounts and web sessions of people, both kept only as a hash of their
 * secret; and the audit trail learns which session or token a change came through.
 */
export class AccessTokens1764800000000 implements MigrationInterface {
  name = "AccessTokens1764800000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "access_token",
        columns: [
          { name: "id", type: "varchar", length: "36", isPrimary: true },
          { name: "kind", type: "varchar", length: "16" },
          { name: "user_id", type: "varchar", length: "64" },
          { name: "name", type: "varchar", length: "128" },
          { name: "secret_hash", type: "varchar", length: "64" },
          { name: "csrf_hash", type: "varchar", length: "64", isNullable: true },
          { name: "created_at", type: "datetime", precision: 3 },
          { name: "expires_at", type: "datetime", precision: 3 },
          { name: "revoked_at", type: "datetime", precision: 3, isNullable: true },
          { name: "last_used_at", type: "datetime", precision: 3, isNullable: true },
        ],
        indices: [new TableIndex({ name: "ix_access_token_user", columnNames: ["user_id", "kind"] })],
      }),
      true,
    );
    await queryRunner.addColumn("audit_entry", new TableColumn({ name: "via", type: "varchar", length: "64", isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn("audit_entry", "via");
    await queryRunner.dropTable("access_token", true);
  }
}
