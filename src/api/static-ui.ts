import { createReadStream, existsSync, statSync } from "node:fs";
import path from "node:path";
import type Koa from "koa";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".woff2": "font/woff2",
};

/**
 * The web UI, built by Vite into `folder`, served at `/`. Hashed assets are cached for a year;
 * index.html never, so a new build shows at the next load. Any other GET outside /api gets
 * index.html (the UI routes in the browser). Without a build it says how to make one.
 */
export function staticUi(folder: string): Koa.Middleware {
  const root = path.resolve(folder);
  return async (ctx, next) => {
    if ((ctx.method !== "GET" && ctx.method !== "HEAD") || ctx.path.startsWith("/api/") || ctx.path === "/healthz") return next();
    const index = path.join(root, "index.html");
    if (!existsSync(index)) {
      ctx.status = 503;
      ctx.type = "text/plain";
      ctx.body = "The web UI is not built: run `npm run build:web` (npm start and npm test do it for you).";
      return;
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(ctx.path);
    } catch {
      decoded = "/";
    }
    // Resolved inside the build folder or not at all: `..` and encoded tricks end at index.html.
    const wanted = path.resolve(root, `.${decoded}`);
    const file = wanted.startsWith(root + path.sep) && existsSync(wanted) && statSync(wanted).isFile() ? wanted : index;
    ctx.type = TYPES[path.extname(file)] ?? "application/octet-stream";
    ctx.set("Cache-Control", file === index ? "no-cache" : "public, max-age=31536000, immutable");
    ctx.body = createReadStream(file);
  };
}
