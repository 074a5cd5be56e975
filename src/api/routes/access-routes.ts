import type Koa from "koa";
import type Router from "koa-router";
import { PERMISSIONS, may, type Permission } from "../../domain/roles.js";
import type { AccessService, Principal } from "../../services/access-service.js";
import type { UserService } from "../../services/user-service.js";
import { loginBody, passwordBody, tokenBody, userCreateBody, userUpdateBody } from "../access-schemas.js";
import { CSRF_COOKIE, SESSION_COOKIE } from "../auth/authenticate.js";
import { requires } from "../auth/route-access.js";
import { readJsonBody } from "../json-body.js";
import { restActor } from "../rest-actor.js";
import { parseInput } from "../validate.js";

/** Login and logout for the web UI, the signed-in account, and (Admin) accounts and their API tokens. */
export function accessRoutes(router: Router, access: AccessService, users: UserService, secureCookies: boolean): void {
  router.post("/api/v1/auth/login", requires("public"), async (ctx) => {
    const { user, password } = parseInput(loginBody, await readJsonBody(ctx), "body");
    const session = await access.login({ userId: user, password, client: ctx.ip });
    const cookie = { expires: session.expiresAt, sameSite: "strict", secure: secureCookies, path: "/", overwrite: true } as const;
    ctx.cookies.set(SESSION_COOKIE, session.session, { ...cookie, httpOnly: true });
    // Readable by the page's script, which echoes it in the CSRF header; bound to the session by its hash.
    ctx.cookies.set(CSRF_COOKIE, session.csrfToken, { ...cookie, httpOnly: false });
    ctx.body = { user: session.user, csrfToken: session.csrfToken, expiresAt: session.expiresAt, permissions: permissionsOf(session.user.roles) };
  });

  router.post("/api/v1/auth/logout", requires("signedIn"), async (ctx) => {
    await access.logout(principal(ctx), restActor(ctx));
    ctx.cookies.set(SESSION_COOKIE, null, { path: "/" });
    ctx.cookies.set(CSRF_COOKIE, null, { path: "/" });
    ctx.status = 204;
  });

  router.get("/api/v1/auth/me", requires("signedIn"), async (ctx) => {
    const me = principal(ctx);
    ctx.body = { user: await users.get(me.userId), via: me.kind, permissions: permissionsOf(me.roles) };
  });

  router.get("/api/v1/users", requires("users"), async (ctx) => {
    ctx.body = { items: await users.list() };
  });

  router.post("/api/v1/users", requires("users"), async (ctx) => {
    const body = parseInput(userCreateBody, await readJsonBody(ctx), "body");
    const user = await users.create({ ...body, password: body.password ?? null }, restActor(ctx));
    ctx.status = 201;
    ctx.set("Location", `/api/v1/users/${user.id}`);
    ctx.body = user;
  });

  router.get("/api/v1/users/:id", requires("users"), async (ctx) => {
    ctx.body = await users.get(ctx.params.id);
  });

  router.put("/api/v1/users/:id", requires("users"), async (ctx) => {
    ctx.body = await users.update(ctx.params.id, parseInput(userUpdateBody, await readJsonBody(ctx), "body"), restActor(ctx));
  });

  router.put("/api/v1/users/:id/password", requires("users"), async (ctx) => {
    const { password } = parseInput(passwordBody, await readJsonBody(ctx), "body");
    await users.setPassword(ctx.params.id, password, restActor(ctx));
    ctx.status = 204;
  });

  router.get("/api/v1/users/:id/tokens", requires("users"), async (ctx) => {
    ctx.body = { items: await access.listTokens(ctx.params.id) };
  });

  router.post("/api/v1/users/:id/tokens", requires("users"), async (ctx) => {
    const issued = await access.issueToken(ctx.params.id, parseInput(tokenBody, await readJsonBody(ctx), "body"), restActor(ctx));
    ctx.status = 201;
    // The only time the token is shown: the MES keeps a hash.
    ctx.body = { ...issued.view, token: issued.token };
  });

  router.delete("/api/v1/users/:id/tokens/:tokenId", requires("users"), async (ctx) => {
    ctx.body = await access.revokeToken(ctx.params.id, ctx.params.tokenId, restActor(ctx));
  });
}

function principal(ctx: Koa.Context): Principal {
  return ctx.state.principal as Principal;
}

function permissionsOf(roles: readonly string[]): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((permission) => may(roles, permission));
}
