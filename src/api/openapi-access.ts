import { ROLES } from "../domain/roles.js";
import { auditQuery, loginBody, passwordBody, tokenBody, userCreateBody, userUpdateBody } from "./access-schemas.js";
import { body, dateTime, error, ok, page, pathParameter, queryParameters, ref } from "./openapi-parts.js";

/** OpenAPI paths and schemas of login, accounts, API tokens and the audit trail. */

const user = pathParameter("id", "account id");
const nullableDateTime = { ...dateTime, nullable: true };
const permissions = { type: "array", items: { type: "string" }, description: "what the account may do (roles.ts PERMISSIONS)" };

export const accessSchemas = {
  User: {
    type: "object",
    required: ["id", "name", "roles", "disabled", "hasPassword"],
    properties: { id: { type: "string" }, name: { type: "string" }, roles: { type: "array", items: { type: "string", enum: [...ROLES] } }, disabled: { type: "boolean" }, hasPassword: { type: "boolean" }, createdAt: dateTime, updatedAt: dateTime },
  },
  AccessToken: {
    type: "object",
    required: ["id", "kind", "userId", "name", "createdAt", "expiresAt"],
    properties: { id: { type: "string" }, kind: { type: "string", enum: ["api", "session"] }, userId: { type: "string" }, name: { type: "string" }, createdAt: dateTime, expiresAt: dateTime, revokedAt: nullableDateTime, lastUsedAt: nullableDateTime },
  },
  AuditEntry: {
    type: "object",
    properties: {
      id: { type: "string" },
      at: dateTime,
      actor: { type: "string" },
      role: { type: "string", nullable: true, description: "the actor's roles, comma-separated" },
      door: { type: "string", enum: ["opcua", "rest", "ui", "plc", "config", "system"] },
      via: { type: "string", nullable: true, description: "OPC UA session, API token or web session id" },
      action: { type: "string", example: "job_order.start" },
      targetType: { type: "string" },
      targetId: { type: "string", nullable: true },
      before: { description: "the record before the change, any JSON; null when there was none" },
      after: { description: "the record after the change, any JSON; null when there is none" },
    },
  },
};

export const accessPaths = {
  "/api/v1/auth/login": {
    post: {
      summary: "Sign in to the web UI: sets the HttpOnly session cookie and the CSRF cookie; failed logins are throttled (429 with Retry-After)",
      requestBody: body(loginBody),
      responses: { "200": ok("signed in", { type: "object", properties: { user: ref("User"), csrfToken: { type: "string", description: "send it back as X-CSRF-Token on every state-changing request" }, expiresAt: dateTime, permissions } }), "400": error, "401": error, "429": error },
    },
  },
  "/api/v1/auth/logout": { post: { summary: "End this web session", responses: { "204": { description: "signed out" }, "401": error } } },
  "/api/v1/auth/me": { get: { summary: "The signed-in account and what it may do", responses: { "200": ok("the account", { type: "object", properties: { user: ref("User"), via: { type: "string", enum: ["api", "session"] }, permissions } }), "401": error } } },
  "/api/v1/users": {
    get: { summary: "Accounts (never their password hashes)", responses: { "200": ok("accounts", { type: "object", properties: { items: { type: "array", items: ref("User") } } }) } },
    post: { summary: "Add an account (a person, or a machine account without a password that uses API tokens)", requestBody: body(userCreateBody), responses: { "201": ok("added", ref("User")), "400": error, "409": error } },
  },
  "/api/v1/users/{id}": {
    get: { summary: "One account", parameters: [user], responses: { "200": ok("the account", ref("User")), "404": error } },
    put: { summary: "Change name or roles, or disable (ends its sessions and revokes its tokens) or enable an account", parameters: [user], requestBody: body(userUpdateBody), responses: { "200": ok("changed", ref("User")), "400": error, "404": error } },
  },
  "/api/v1/users/{id}/password": { put: { summary: "Set a new password (ends the account's web sessions)", parameters: [user], requestBody: body(passwordBody), responses: { "204": { description: "changed" }, "400": error, "404": error } } },
  "/api/v1/users/{id}/tokens": {
    get: { summary: "The account's API tokens (never their secrets)", parameters: [user], responses: { "200": ok("tokens", { type: "object", properties: { items: { type: "array", items: ref("AccessToken") } } }), "404": error } },
    post: { summary: "Issue an API token; the answer is the only time the token is shown", parameters: [user], requestBody: body(tokenBody), responses: { "201": ok("issued", { allOf: [ref("AccessToken"), { type: "object", properties: { token: { type: "string" } } }] }), "400": error, "404": error, "409": error } },
  },
  "/api/v1/users/{id}/tokens/{tokenId}": { delete: { summary: "Revoke an API token", parameters: [user, pathParameter("tokenId", "token id")], responses: { "200": ok("revoked", ref("AccessToken")), "404": error } } },
  "/api/v1/audit": {
    get: { summary: "The audit trail, newest first; action filters by prefix when it ends in '.'", parameters: queryParameters(auditQuery), responses: { "200": ok("entries", page(ref("AuditEntry"))), "400": error } },
  },
};

export const securitySchemes = {
  bearer: { type: "http", scheme: "bearer", description: "An API token of a machine account (POST /api/v1/users/{id}/tokens or npm run users -- token)" },
  session: { type: "apiKey", in: "cookie", name: "mes_session", description: "The web UI's session; state-changing requests also need the X-CSRF-Token header" },
};
