import type Koa from "koa";
import type { MesMetrics } from "../metrics/mes-metrics.js";
import type { Principal } from "../services/access-service.js";
import type { Log } from "../services/log.js";

/** Refusals of a command the caller was not allowed to give, or that the state did not allow: worth a warning. */
const REFUSED = new Set([403, 409, 429]);

/**
 * One log line per request (method, route pattern, status, milliseconds, who asked) and its
 * count and duration in the metrics. The route is the pattern (`/api/v1/job-orders/:id`), so
 * the metrics keep one series per route, not per id; a path no route knows counts as "(none)",
 * so a scanner cannot grow them. Nothing of the request's headers or body is logged: no token,
 * cookie or password can get into the log from here.
 */
export function requestLog(log: Log, metrics: MesMetrics): Koa.Middleware {
  return async (ctx, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const seconds = (performance.now() - started) / 1000;
      const route = routeOf(ctx);
      const status = ctx.status;
      metrics.observeRequest(ctx.method, route, status, seconds);
      const principal = ctx.state.principal as Principal | undefined;
      const fields = {
        event: "http.request",
        method: ctx.method,
        route,
        path: ctx.path,
        status,
        ms: Math.round(seconds * 10_000) / 10,
        actor: principal?.userId ?? null,
        door: principal ? (principal.kind === "session" ? "ui" : "rest") : null,
        ip: ctx.ip,
        ...refusalOf(ctx),
      };
      const message = `${ctx.method} ${ctx.path} ${status}`;
      // 503 is the database being away: the store logs that outage once, its requests need no error line each.
      if (status >= 500 && status !== 503) log.error(message, undefined, fields);
      else if (status === 503) log.warn(message, fields);
      else if (REFUSED.has(status)) log.warn(message, fields);
      else log.info(message, fields);
    }
  };
}

function routeOf(ctx: Koa.Context): string {
  const matched = (ctx as Koa.Context & { _matchedRoute?: string | RegExp })._matchedRoute;
  if (typeof matched === "string") return matched;
  // The web UI's files and pages: one series for all of them.
  return ctx.status < 400 && ctx.method === "GET" ? "(ui)" : "(none)";
}

/** The error code of a refused request and, for a refused command, why: the message the caller got, which names no secret. */
function refusalOf(ctx: Koa.Context): { error?: string; reason?: string } {
  const error = (ctx.body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  if (ctx.status < 400 || typeof error?.code !== "string") return {};
  return REFUSED.has(ctx.status) && typeof error.message === "string" ? { error: error.code, reason: error.message } : { error: error.code };
}
