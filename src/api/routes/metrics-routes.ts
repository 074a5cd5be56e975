import type Router from "koa-router";
import type { MesMetrics } from "../../metrics/mes-metrics.js";
import { requiresScrapeAccess, type ScrapeAccess } from "../auth/route-access.js";

/** GET /metrics in the Prometheus text exposition format, for the roles and addresses mes.yaml `metrics` allows. */
export function metricsRoutes(router: Router, metrics: MesMetrics, access: ScrapeAccess): void {
  router.get("/metrics", requiresScrapeAccess(access), async (ctx) => {
    const { contentType, body } = await metrics.exposition();
    ctx.set("Cache-Control", "no-store");
    ctx.type = contentType;
    ctx.body = body;
  });
}
