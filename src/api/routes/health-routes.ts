import type Router from "koa-router";
import type { LiveState } from "../../services/live-state.js";
import type { Store } from "../../services/ports/store.js";
import { requires } from "../auth/route-access.js";

/**
 * Liveness for load balancers and operators: 200 while the database answers, 503 when it does not.
 * PLCs being down is reported but is not unhealthy: the MES is doing its job by showing it.
 */
export function healthRoutes(router: Router, store: Store, live: LiveState, startedAt: Date): void {
  router.get("/healthz", requires("public"), async (ctx) => {
    let database = "ok";
    try {
      await store.ping();
    } catch {
      database = "unreachable";
    }
    // A cached "ok" would hide an outage from the load balancer or monitor that asks.
    ctx.set("Cache-Control", "no-store");
    ctx.status = database === "ok" ? 200 : 503;
    ctx.body = {
      status: database === "ok" ? "ok" : "unavailable",
      database: { dialect: store.dialect, status: database },
      plcs: live.allPlcs().map((plc) => ({ id: plc.plcId, connectionState: plc.state })),
      startedAt: startedAt.toISOString(),
    };
  });
}
