import type Koa from "koa";
import { DomainError, type DomainErrorCode } from "../domain/domain-error.js";
import type { Log } from "../services/log.js";
import { HttpError } from "./http-error.js";

/** The one place where a refusal becomes an HTTP status (STYLE lesson 4). */
const HTTP_STATUS: Record<DomainErrorCode, number> = {
  invalid_input: 400,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
  unauthenticated: 401,
  forbidden: 403,
  rate_limited: 429,
};

export interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> };
}

/** Every error leaves as `{error: {code, message, details}}`; an unexpected one is logged and its message never leaked. */
export function errorMiddleware(log: Log): Koa.Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        throw new DomainError("not_found", `no route for ${ctx.method} ${ctx.path}`, { method: ctx.method, path: ctx.path });
      }
      if (ctx.status === 405) {
        ctx.body = { error: { code: "method_not_allowed", message: `${ctx.method} is not allowed on ${ctx.path} (allowed: ${ctx.response.get("allow")})`, details: { method: ctx.method, allow: ctx.response.get("allow") } } } satisfies ErrorBody;
      }
    } catch (error) {
      if (error instanceof DomainError) {
        ctx.status = HTTP_STATUS[error.code];
        if (error.code === "unauthenticated") ctx.set("WWW-Authenticate", 'Bearer realm="opcua-mes"');
        // RFC 9110 §10.2.3: a throttled login and a database outage say when to ask again.
        if ((error.code === "rate_limited" || error.code === "unavailable") && typeof error.details.retryAfterSeconds === "number") ctx.set("Retry-After", String(error.details.retryAfterSeconds));
        ctx.body = { error: { code: error.code, message: error.message, details: error.details } } satisfies ErrorBody;
        return;
      }
      if (error instanceof HttpError) {
        ctx.status = error.status;
        ctx.body = { error: { code: error.code, message: error.message, details: error.details } } satisfies ErrorBody;
        return;
      }
      const status = (error as { status?: number; expose?: boolean }).status;
      if (status && status >= 400 && status < 500) {
        ctx.status = status;
        ctx.body = { error: { code: "bad_request", message: (error as Error).message, details: {} } } satisfies ErrorBody;
        return;
      }
      log.error(`${ctx.method} ${ctx.path} failed`, error);
      ctx.status = 500;
      ctx.body = { error: { code: "internal", message: "internal error; the MES log has the details", details: {} } } satisfies ErrorBody;
    }
  };
}
