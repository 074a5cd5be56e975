import type Koa from "koa";

/**
 * Headers that keep a browser from misusing the MES's answers: no MIME sniffing, no framing
 * (clickjacking), no referrer leaks, scripts and styles from the MES only, and API answers never
 * cached. HSTS only when the MES is told it is served over TLS.
 */
export function securityHeaders(tls: boolean): Koa.Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } finally {
      ctx.set("X-Content-Type-Options", "nosniff");
      ctx.set("X-Frame-Options", "DENY");
      ctx.set("Referrer-Policy", "no-referrer");
      ctx.set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
      ctx.set("Cross-Origin-Opener-Policy", "same-origin");
      ctx.set("Cross-Origin-Resource-Policy", "same-origin");
      if (ctx.path.startsWith("/api/")) ctx.set("Cache-Control", "no-store");
      if (tls) ctx.set("Strict-Transport-Security", "max-age=31536000");
    }
  };
}
