import { EntitySchema } from "typeorm";
import { id, text, timestamp } from "./columns.js";

export interface SignalSampleRow {
  id: string;
  equipmentId: string;
  signal: string;
  sourceTime: Date;
  serverTime: Date;
  valueNumber: number | null;
  valueText: string | null;
  /** bigint: a StatusCode is a UInt32, past a signed int's range; MySQL hands bigints back as strings. */
  statusCode: number | string;
}

export const SignalSampleEntity = new EntitySchema<SignalSampleRow>({
  name: "SignalSample",
  tableName: "signal_sample",
  columns: {
    id: id(36),
    equipmentId: { ...text(64), name: "equipment_id" },
    signal: text(64),
    sourceTime: { ...timestamp(), name: "source_time" },
    serverTime: { ...timestamp(), name: "server_time" },
    valueNumber: { type: "double", nullable: true, name: "value_number" },
    valueText: { ...text(1024, true), name: "value_text" },
    statusCode: { type: "bigint", name: "status_code" },
  },
});
