import type Koa from "koa";
import type { AccessService } from "../../services/access-service.js";

export const SESSION_COOKIE = "mes_session";
export const CSRF_COOKIE = "mes_csrf";

/**
 * Finds who is asking: a bearer token (machine accounts) wins over a session cookie (people in the
 * browser). Leaves ctx.state.principal unset when there are no valid credentials; the route's own
 * `requires` decides whether that is a 401.
 */
export function authenticate(access: AccessService): Koa.Middleware {
  return async (ctx, next) => {
    const authorization = ctx.get("authorization");
    const bearer = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
    const cookie = ctx.cookies.get(SESSION_COOKIE);
    if (bearer) ctx.state.principal = await access.resolve(bearer, "api");
    else if (cookie) ctx.state.principal = await access.resolve(cookie, "session");
    if (ctx.state.principal === null) delete ctx.state.principal;
    await next();
  };
}
