import type Router from "koa-router";
import { DomainError } from "../../domain/domain-error.js";
import { allowedCommands, JobState, jobStateName, type JobCommand, type JobStatus } from "../../domain/job-order-state-machine.js";
import type { JobOrderService } from "../../services/job-order-service.js";
import type { JobOrderRecord } from "../../services/ports/orders.js";
import { readJsonBody } from "../json-body.js";
import { commentBody, jobOrderBody, jobOrderQuery, jobOrderUpdateBody } from "../request-schemas.js";
import { restActor } from "../rest-actor.js";
import { parseInput } from "../validate.js";
import { requires } from "../auth/route-access.js";

/** The REST names of the state commands (path segments), and the state machine's. */
export const REST_JOB_COMMANDS: Readonly<Record<string, Exclude<JobCommand, "Update">>> = {
  start: "Start",
  "revoke-start": "RevokeStart",
  begin: "Begin",
  pause: "Pause",
  hold: "Hold",
  resume: "Resume",
  stop: "Stop",
  complete: "Complete",
  close: "Close",
  abort: "Abort",
  cancel: "Cancel",
  clear: "Clear",
};
const REST_NAME = Object.fromEntries(Object.entries(REST_JOB_COMMANDS).map(([rest, command]) => [command, rest]));

/** Job orders, through the same service as the OPC UA JobOrderControl methods. */
export function jobOrderRoutes(router: Router, jobs: JobOrderService): void {
  router.get("/api/v1/job-orders", requires("read"), async (ctx) => {
    const { limit, offset, state, ...filter } = parseInput(jobOrderQuery, ctx.query, "query");
    const { items, total } = await jobs.list({ ...filter, state: state ? JobState[state] : undefined }, { limit, offset });
    ctx.body = { items: items.map(jobOrderView), total, limit, offset };
  });

  router.post("/api/v1/job-orders", requires("orders"), async (ctx) => {
    const { start, comment, ...input } = parseInput(jobOrderBody, await readJsonBody(ctx), "body");
    const stored = await jobs.storeJobOrder(input, restActor(ctx), { andStart: start ?? false, comment });
    ctx.status = 201;
    ctx.set("Location", `/api/v1/job-orders/${stored.id}`);
    ctx.body = jobOrderView(stored);
  });

  router.get("/api/v1/job-orders/:id", requires("read"), async (ctx) => {
    const job = await jobs.get(ctx.params.id);
    const [produced, history] = await Promise.all([jobs.produced(job.id), jobs.history(job.id)]);
    ctx.body = { ...jobOrderView(job), produced, history };
  });

  router.put("/api/v1/job-orders/:id", requires("orders"), async (ctx) => {
    const { comment, ...input } = parseInput(jobOrderUpdateBody, await readJsonBody(ctx), "body");
    ctx.body = jobOrderView(await jobs.updateJobOrder({ ...input, id: ctx.params.id }, restActor(ctx), comment ?? null));
  });

  router.post("/api/v1/job-orders/:id/:command", requires("runJobs"), async (ctx) => {
    const command = REST_JOB_COMMANDS[ctx.params.command];
    if (!command) {
      throw new DomainError("not_found", `no job order command "${ctx.params.command}" (commands: ${Object.keys(REST_JOB_COMMANDS).join(", ")})`, { field: "command" });
    }
    const body = parseInput(commentBody, await readJsonBody(ctx), "body");
    ctx.body = jobOrderView(await jobs.command(ctx.params.id, command, restActor(ctx), body?.comment ?? null));
  });
}

/** A job order as REST shows it: state by name, and the commands it takes now (by their REST names). */
export function jobOrderView(job: JobOrderRecord) {
  const status: JobStatus = { state: job.state as JobStatus["state"], subState: job.subState };
  return {
    ...job,
    stateName: jobStateName(job.state),
    allowedCommands: job.removedAt ? [] : allowedCommands(status).flatMap((command) => (REST_NAME[command] ? [REST_NAME[command]] : [])),
  };
}
