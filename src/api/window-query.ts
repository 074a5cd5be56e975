import type { z } from "zod";

/**
 * A time window's own rules: `to` after `from`, and at most `maxMs` long. zod 4 runs an object's
 * refinements even when one of its fields already failed, so the fields' types are checked here
 * first (a malformed date must be a 400 naming the field, never a TypeError). True when the window
 * is well-formed and valid, so a caller may add rules of its own.
 */
export function checkWindow(query: { from?: unknown; to?: unknown }, ctx: z.RefinementCtx, maxMs: number): query is { from: Date; to: Date } {
  if (!(query.from instanceof Date) || !(query.to instanceof Date)) return false;
  if (!(query.to > query.from)) {
    ctx.addIssue({ code: "custom", path: ["to"], message: "must be after from" });
    return false;
  }
  if (query.to.getTime() - query.from.getTime() > maxMs) {
    ctx.addIssue({ code: "custom", path: ["to"], message: `the window may span at most ${Math.round(maxMs / 86_400_000)} days` });
    return false;
  }
  return true;
}
