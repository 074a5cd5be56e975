import { EntitySchema } from "typeorm";
import { id, text, timestamp } from "./columns.js";

export interface AuditRow {
  id: string;
  at: Date;
  actor: string;
  role: string | null;
  door: string;
  via: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  before: string | null;
  after: string | null;
}

export const AuditEntity = new EntitySchema<AuditRow>({
  name: "AuditEntry",
  tableName: "audit_entry",
  columns: {
    id: id(36),
    at: timestamp(),
    actor: text(128),
    role: text(64, true),
    door: text(16),
    via: text(64, true),
    action: text(64),
    targetType: { ...text(64), name: "target_type" },
    targetId: { ...text(128, true), name: "target_id" },
    before: { type: "text", nullable: true },
    after: { type: "text", nullable: true },
  },
});
