import { Table, type MigrationInterface, type QueryRunner } from "typeorm";

/**
 * Samples of the signals a plant marks `historize: true`: what the PLC sent, with its status and
 * source timestamp, for OPC UA HistoryRead. Read by signal and time; pruned by the time received.
 */
export class SignalSamples1765000000000 implements MigrationInterface {
  name = "SignalSamples1765000000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "signal_sample",
        columns: [
          { name: "id", type: "varchar", length: "36", isPrimary: true },
          { name: "equipment_id", type: "varchar", length: "64" },
          { name: "signal", type: "varchar", length: "64" },
          { name: "source_time", type: "datetime", precision: 3 },
          { name: "server_time", type: "datetime", precision: 3 },
          { name: "value_number", type: "double", isNullable: true },
          { name: "value_text", type: "varchar", length: "1024", isNullable: true },
          { name: "status_code", type: "bigint" },
        ],
        indices: [
          { name: "ix_signal_sample_equipment_id_signal_source_time", columnNames: ["equipment_id", "signal", "source_time"] },
          { name: "ix_signal_sample_server_time", columnNames: ["server_time"] },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("signal_sample", true);
  }
}
