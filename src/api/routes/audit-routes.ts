import type Router from "koa-router";
import type { Store } from "../../services/ports/store.js";
import { auditQuery } from "../access-schemas.js";
import { requires } from "../auth/route-access.js";
import { parseInput } from "../validate.js";

/** The audit trail, newest first, filtered and paged. Read only: no door offers to edit it. */
export function auditRoutes(router: Router, store: Store): void {
  router.get("/api/v1/audit", requires("audit"), async (ctx) => {
    const { limit, offset, ...filter } = parseInput(auditQuery, ctx.query, "query");
    const [items, total] = await Promise.all([store.read.audit.find(filter, { limit, offset }), store.read.audit.count(filter)]);
    ctx.body = { items, total, limit, offset };
  });
}
