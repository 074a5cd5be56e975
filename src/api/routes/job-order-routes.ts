import type Router from "koa-router";
import { DomainError } from "../../domain/domain-error.js";
import { JobState } from "../../domain/job-order-state-machine.js";
import type { JobOrderNames } from "../../services/job-order-names.js";
import type { JobOrderService } from "../../services/job-order-service.js";
import type { JobOrderRecord } from "../../services/ports/orders.js";
import { inRestNames, postedJobCommand, REST_POSTED_JOB_COMMANDS } from "../job-command-names.js";
import { toJobOrderView, toJobTransitionView } from "../job-order-view.js";
import { readJsonBody } from "../json-body.js";
import { commentBody, jobOrderBody, jobOrderQuery, jobOrderUpdateBody } from "../request-schemas.js";
import { restActor } from "../rest-actor.js";
import { parseInput } from "../validate.js";
import { requires } from "../auth/route-access.js";

/** Job orders, through the same service as the OPC UA JobOrderControl methods; commands by their REST names (job-command-names.ts). */
export function jobOrderRoutes(router: Router, jobs: JobOrderService, names: JobOrderNames): void {
  const view = async (job: JobOrderRecord) => toJobOrderView(job, (await names.about([job]))(job));

  router.get("/api/v1/job-orders", requires("readOrders"), async (ctx) => {
    const { limit, offset, state, ...filter } = parseInput(jobOrderQuery, ctx.query, "query");
    const { items, total } = await jobs.list({ ...filter, state: state ? JobState[state] : undefined }, { limit, offset });
    const about = await names.about(items);
    ctx.body = { items: items.map((job) => toJobOrderView(job, about(job))), total, limit, offset };
  });

  router.post("/api/v1/job-orders", requires("orders"), async (ctx) => {
    const { start, comment, ...input } = parseInput(jobOrderBody, await readJsonBody(ctx), "body");
    const stored = await jobs.storeJobOrder(input, restActor(ctx), { andStart: start ?? false, comment });
    ctx.status = 201;
    ctx.set("Location", `/api/v1/job-orders/${stored.id}`);
    ctx.body = await view(stored);
  });

  router.get("/api/v1/job-orders/:id", requires("readOrders"), async (ctx) => {
    const job = await jobs.get(ctx.params.id);
    const [produced, history] = await Promise.all([jobs.produced(job.id), jobs.history(job.id)]);
    ctx.body = { ...(await view(job)), produced, history: history.map(toJobTransitionView) };
  });

  router.put("/api/v1/job-orders/:id", requires("orders"), async (ctx) => {
    const { comment, ...input } = parseInput(jobOrderUpdateBody, await readJsonBody(ctx), "body");
    const updated = await jobs.updateJobOrder({ ...input, id: ctx.params.id }, restActor(ctx), comment ?? null).catch(rethrowInRestNames);
    ctx.body = await view(updated);
  });

  router.post("/api/v1/job-orders/:id/:command", requires("runJobs"), async (ctx) => {
    const command = postedJobCommand(ctx.params.command);
    if (!command) {
      throw new DomainError("not_found", `no job order command "${ctx.params.command}" (commands: ${REST_POSTED_JOB_COMMANDS.join(", ")})`, { field: "command" });
    }
    const body = parseInput(commentBody, await readJsonBody(ctx), "body");
    const moved = await jobs.command(ctx.params.id, command, restActor(ctx), body?.comment ?? null).catch(rethrowInRestNames);
    ctx.body = await view(moved);
  });
}

function rethrowInRestNames(error: unknown): never {
  throw inRestNames(error);
}
