import type Router from "koa-router";
import type { JobOrderNames } from "../../services/job-order-names.js";
import type { WorkOrderService, WorkOrderView } from "../../services/work-order-service.js";
import { readJsonBody } from "../json-body.js";
import { commentBody, idempotencyKey, releaseBody, workOrderBody, workOrderQuery } from "../request-schemas.js";
import { restActor } from "../rest-actor.js";
import { parseInput } from "../validate.js";
import { toPerformanceView, toWorkOrderDetailView, toWorkOrderSummaryView } from "../work-order-view.js";
import { requires } from "../auth/route-access.js";

/** Production orders from the ERP. */
export function workOrderRoutes(router: Router, workOrders: WorkOrderService, names: JobOrderNames): void {
  const detail = async (view: WorkOrderView) => toWorkOrderDetailView(view, await names.about(view.jobOrders.map((job) => job.jobOrder)));

  router.post("/api/v1/work-orders", requires("orders"), async (ctx) => {
    const key = ctx.get("idempotency-key") ? parseInput(idempotencyKey, ctx.get("idempotency-key"), "query") : null;
    const body = parseInput(workOrderBody, await readJsonBody(ctx), "body");
    const { workOrder, created } = await workOrders.create(body, restActor(ctx), key);
    ctx.status = created ? 201 : 200;
    // A replay answers with the order the first request made, and says so.
    if (!created) ctx.set("Idempotent-Replayed", "true");
    ctx.set("Location", `/api/v1/work-orders/${workOrder.id}`);
    ctx.body = { ...(await detail(workOrder)), created };
  });

  router.get("/api/v1/work-orders", requires("readOrders"), async (ctx) => {
    const { limit, offset, ...filter } = parseInput(workOrderQuery, ctx.query, "query");
    const { items, total } = await workOrders.list(filter, { limit, offset });
    ctx.body = { items: items.map(toWorkOrderSummaryView), total, limit, offset };
  });

  router.get("/api/v1/work-orders/:id", requires("readOrders"), async (ctx) => {
    ctx.body = await detail(await workOrders.get(ctx.params.id));
  });

  router.post("/api/v1/work-orders/:id/release", requires("orders"), async (ctx) => {
    const body = parseInput(releaseBody, await readJsonBody(ctx), "body");
    ctx.body = await detail(await workOrders.release(ctx.params.id, restActor(ctx), body?.jobOrders));
  });

  router.post("/api/v1/work-orders/:id/cancel", requires("orders"), async (ctx) => {
    const body = parseInput(commentBody, await readJsonBody(ctx), "body");
    ctx.body = await detail(await workOrders.cancel(ctx.params.id, restActor(ctx), body?.comment ?? null));
  });

  router.get("/api/v1/work-orders/:id/performance", requires("readOrders"), async (ctx) => {
    const performance = await workOrders.performance(ctx.params.id);
    ctx.body = toPerformanceView(performance, await names.about(performance.jobOrders.map((job) => job.jobOrder)));
  });

  router.get("/api/v1/work-orders/:id/callbacks", requires("readOrders"), async (ctx) => {
    ctx.body = { items: await workOrders.callbacks(ctx.params.id) };
  });
}
