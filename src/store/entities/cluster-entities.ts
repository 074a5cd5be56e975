import { EntitySchema } from "typeorm";
import { text, timestamp } from "./columns.js";

export interface ClusterLeaseRow {
  name: string;
  holder: string;
  token: number;
  /** Epoch ms, the holder's clock. */
  expiresAt: number;
  /** Fenced writes made under this lease: each one changes the row, so a takeover conflicts with it. */
  writes: number;
}

export const ClusterLeaseEntity = new EntitySchema<ClusterLeaseRow>({
  name: "ClusterLease",
  tableName: "cluster_lease",
  columns: {
    name: { type: "varchar", length: 200, primary: true },
    holder: text(100),
    token: { type: "bigint" },
    expiresAt: { type: "bigint", name: "expires_at" },
    writes: { type: "bigint" },
  },
});

export interface PlcLinkStateRow {
  plcId: string;
  state: string;
  since: Date;
  lastError: string | null;
  instanceId: string;
}

export const PlcLinkStateEntity = new EntitySchema<PlcLinkStateRow>({
  name: "PlcLinkState",
  tableName: "plc_link_state",
  columns: {
    plcId: { type: "varchar", length: 64, primary: true, name: "plc_id" },
    state: text(16),
    since: timestamp(),
    lastError: { ...text(1000, true), name: "last_error" },
    instanceId: { ...text(100), name: "instance_id" },
  },
});
