import { Table, type MigrationInterface, type QueryRunner } from "typeorm";

/** ISA-95 personnel (people with classes and qualifications per work center) and the shift roster. */
export class PersonnelAndRosters1764500000000 implements MigrationInterface {
  name = "PersonnelAndRosters1764500000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "person",
        columns: [
          { name: "id", type: "varchar", length: "64", isPrimary: true },
          { name: "name", type: "varchar", length: "128" },
          { name: "classes", type: "text" },
          { name: "qualifications", type: "text" },
          { name: "contracted_hours", type: "double" },
          { name: "min_hours", type: "double" },
          { name: "max_hours", type: "double" },
          { name: "unavailable", type: "text" },
          { name: "updated_at", type: "datetime", precision: 3 },
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: "roster_assignment",
        columns: [
          { name: "id", type: "varchar", length: "36", isPrimary: true },
          { name: "person_id", type: "varchar", length: "64" },
          { name: "work_center_id", type: "varchar", length: "64" },
          { name: "shift_key", type: "varchar", length: "128" },
          { name: "starts_at", type: "datetime", precision: 3 },
          { name: "ends_at", type: "datetime", precision: 3 },
        ],
        indices: [{ name: "ix_roster_assignment_starts_at", columnNames: ["starts_at"] }],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("roster_assignment", true);
    await queryRunner.dropTable("person", true);
  }
}
