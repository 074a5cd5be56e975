import { z } from "zod";
import { ROLES } from "../domain/roles.js";

/** Request schemas of the account, token, login and audit routes (strict, as every request schema). */

const userId = z.string().regex(/^[a-z0-9][a-z0-9_.@-]{0,63}$/, "1-64 lower-case letters, digits, '.', '_', '@' or '-'");
const roles = z.array(z.enum(ROLES)).min(1).max(ROLES.length);
const password = z.string().min(12, "at least 12 characters").max(256);

export const loginBody = z.strictObject({ user: z.string().min(1).max(64), password: z.string().min(1).max(256) });
export const userCreateBody = z.strictObject({ id: userId, name: z.string().min(1).max(128), roles, password: password.nullable().optional() });
export const userUpdateBody = z.strictObject({ name: z.string().min(1).max(128).optional(), roles: roles.optional(), disabled: z.boolean().optional() });
export const passwordBody = z.strictObject({ password });
export const tokenBody = z.strictObject({ name: z.string().min(1).max(128), expiresInDays: z.number().int().min(1).max(3650).optional() });

const dateTime = z.iso.datetime({ offset: true, message: "an ISO 8601 date-time with a zone, e.g. 2026-11-24T06:00:00Z" }).transform((value) => new Date(value));
export const auditQuery = z.strictObject({
  actor: z.string().max(128).optional(),
  action: z.string().max(64).optional(),
  door: z.enum(["opcua", "rest", "ui", "plc", "config", "system"]).optional(),
  targetType: z.string().max(64).optional(),
  targetId: z.string().max(128).optional(),
  from: dateTime.optional(),
  to: dateTime.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
