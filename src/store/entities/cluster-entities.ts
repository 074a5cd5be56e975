import { EntitySchema } from "typeorm";
import { text } from "./columns.js";

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
