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
