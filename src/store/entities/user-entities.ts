import { EntitySchema } from "typeorm";
import { id, text, timestamp } from "./columns.js";

export interface UserAccountRow {
  id: string;
  name: string;
  roles: string;
  passwordHash: string | null;
  disabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export const UserAccountEntity = new EntitySchema<UserAccountRow>({
  name: "UserAccount",
  tableName: "user_account",
  columns: {
    id: id(),
    name: text(128),
    roles: text(256),
    passwordHash: { ...text(256, true), name: "password_hash" },
    disabled: { type: "boolean" },
    createdAt: { ...timestamp(), name: "created_at" },
    updatedAt: { ...timestamp(), name: "updated_at" },
  },
});

export interface AccessTokenRow {
  id: string;
  kind: string;
  userId: string;
  name: string;
  secretHash: string;
  csrfHash: string | null;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export const AccessTokenEntity = new EntitySchema<AccessTokenRow>({
  name: "AccessToken",
  tableName: "access_token",
  columns: {
    id: id(36),
    kind: text(16),
    userId: { ...text(64), name: "user_id" },
    name: text(128),
    secretHash: { ...text(64), name: "secret_hash" },
    csrfHash: { ...text(64, true), name: "csrf_hash" },
    createdAt: { ...timestamp(), name: "created_at" },
    expiresAt: { ...timestamp(), name: "expires_at" },
    revokedAt: { ...timestamp(true), name: "revoked_at" },
    lastUsedAt: { ...timestamp(true), name: "last_used_at" },
  },
});
