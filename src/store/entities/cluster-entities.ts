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

export interface ClusterCommandRow {
  id: string;
  kind: string;
  equipmentId: string;
  /** The instance that is to carry it out. */
  target: string;
  sender: string;
  actor: string;
  arguments: string;
  state: string;
  answer: string | null;
  /** Epoch ms, the sender's clock. */
  createdAt: number;
  /** Epoch ms, the sender's clock: the owner does not start it after this. */
  deadline: number;
  /** Epoch ms, the owner's clock. */
  claimedAt: number | null;
  answeredAt: number | null;
}

export const ClusterCommandEntity = new EntitySchema<ClusterCommandRow>({
  name: "ClusterCommand",
  tableName: "cluster_command",
  columns: {
    id: { type: "varchar", length: 64, primary: true },
    kind: text(64),
    equipmentId: { ...text(64), name: "equipment_id" },
    target: text(100),
    sender: text(100),
    actor: text(1000),
    arguments: { type: "text" },
    state: text(16),
    answer: { type: "text", nullable: true },
    createdAt: { type: "bigint", name: "created_at" },
    deadline: { type: "bigint" },
    claimedAt: { type: "bigint", name: "claimed_at", nullable: true },
    answeredAt: { type: "bigint", name: "answered_at", nullable: true },
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
