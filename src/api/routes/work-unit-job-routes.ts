import type Router from "koa-router";
import type { JobOrderNames } from "../../services/job-order-names.js";
import type { JobOrderRecord } from "../../services/ports/orders.js";
import type { StationDispatchService } from "../../services/station-dispatch-service.js";
import { requires } from "../auth/route-access.js";
import { inRestNames } from "../job-command-names.js";
import { toJobOrderView } from "../job-order-view.js";
import { readJsonBody } from "../json-body.js";
import { finishJobBody, startJobBody } from "../request-schemas.js";
import { restActor } from "../rest-actor.js";
import { parseInput } from "../validate.js";

/**
 * A station's work as its operator runs it: what it does now and takes next (in dispatch order),
 * and, on a station without a dispatch driver, starting and finishing a job, through the same
 * station-dispatch service that the PLC drivers use.
 */
export function workUnitJobRoutes(router: Router, stations: StationDispatchService, names: JobOrderNames): void {
  const views = async (jobs: JobOrderRecord[]) => {
    const about = await names.about(jobs);
    return jobs.map((job) => toJobOrderView(job, about(job)));
  };

  router.get("/api/v1/work-units/:id/queue", requires("read"), async (ctx) => {
    const { current, next } = await stations.queue(ctx.params.id);
    const shown = await views(current ? [current, ...next] : next);
    ctx.body = { executor: stations.executorOf(ctx.params.id), current: current ? shown[0] : null, next: current ? shown.slice(1) : shown };
  });

  router.post("/api/v1/work-units/:id/start-job", requires("runJobs"), async (ctx) => {
    const body = parseInput(startJobBody, await readJsonBody(ctx), "body");
    const started = await stations.startJob(ctx.params.id, restActor(ctx), body?.jobOrderId, body?.comment ?? null).catch(rethrowInRestNames);
    ctx.body = (await views([started]))[0];
  });

  router.post("/api/v1/work-units/:id/finish-job", requires("runJobs"), async (ctx) => {
    const body = parseInput(finishJobBody, await readJsonBody(ctx), "body");
    const finished = await stations.finishJobByOperator(ctx.params.id, body.jobOrderId, restActor(ctx), body.comment ?? null).catch(rethrowInRestNames);
    ctx.body = (await views([finished]))[0];
  });
}

function rethrowInRestNames(error: unknown): never {
  throw inRestNames(error);
}
