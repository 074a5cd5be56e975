import type Koa from "koa";
import { CSRF_HEADER } from "./auth/route-access.js";

/**
 * Cross-origin access only for the origins the configuration lists; with none listed the MES sends
 * no CORS headers at all, so a browser keeps other sites' pages away from the API. Credentials
 * (cookies) are never allowed cross-origin: a listed origin uses bearer tokens.
 */
export function cors(origins: readonly string[]): Koa.Middleware {
  const allowed = new Set(origins);
  return async (ctx, next) => {
    const origin = ctx.get("origin");
    if (!origin || !allowed.has(origin)) return next();
    ctx.set("Access-Control-Allow-Origin", origin);
    ctx.vary("Origin");
    if (ctx.method === "OPTIONS" && ctx.get("access-control-request-method")) {
      ctx.set("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE");
      ctx.set("Access-Control-Allow-Headers", `authorization, content-type, idempotency-key, ${CSRF_HEADER}`);
      ctx.set("Access-Control-Max-Age", "600");
      ctx.status = 204;
      return;
    }
    await next();
  };
}
