import { PassThrough } from "node:stream";
import type Router from "koa-router";
import { jobStateName } from "../../domain/job-order-state-machine.js";
import type { EventBus } from "../../services/event-bus.js";
import type { OverviewService } from "../../services/overview-service.js";
import { requires } from "../auth/route-access.js";

/** A comment line this often keeps proxies and browsers from closing an idle stream. */
const KEEPALIVE_MS = 15_000;

/**
 * The plant overview in one answer, and a Server-Sent Events stream of what changes (machine
 * states, counts, job transitions, PLC connections, orders, schedules), so a wall screen is live
 * without polling. An event carries what changed, not the whole picture: the page reloads the part
 * it shows.
 */
export function liveRoutes(router: Router, overview: OverviewService, bus: EventBus): void {
  router.get("/api/v1/overview", requires("read"), async (ctx) => {
    ctx.body = await overview.overview();
  });

  router.get("/api/v1/events", requires("read"), (ctx) => {
    const stream = new PassThrough();
    const send = (event: string, data: unknown) => stream.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    const offs = [
      bus.on("machine.state", (e) => send("machine.state", { workUnitId: e.workUnitId, state: e.state, at: e.at })),
      bus.on("production.counted", (e) => send("production.counted", { workUnitId: e.workUnitId, good: e.good, scrap: e.scrap, jobOrderId: e.jobOrderId, at: e.at })),
      bus.on("job.transition", (e) => send("job.transition", { jobOrderId: e.jobOrder.id, equipmentId: e.jobOrder.equipmentId, workOrderId: e.jobOrder.workOrderId, command: e.command, state: e.to ? jobStateName(e.to.state) : null, at: e.at })),
      bus.on("plc.connection", (e) => send("plc.connection", { plcId: e.plcId, state: e.state, at: e.at })),
      bus.on("work_order.changed", (e) => send("work_order.changed", e)),
      bus.on("schedule.committed", (e) => send("schedule.committed", { rule: e.rule, equipmentIds: e.equipmentIds, at: e.at })),
      bus.on("quality.signal", (e) => send("quality.signal", e)),
      bus.on("alarm.changed", (e) => send("alarm.changed", e.alarm)),
    ];
    const keepalive = setInterval(() => stream.write(": keepalive\n\n"), KEEPALIVE_MS);
    const close = () => {
      clearInterval(keepalive);
      offs.forEach((off) => off());
      stream.end();
    };
    ctx.req.on("close", close);
    ctx.req.socket.setTimeout(0);
    ctx.set("Content-Type", "text/event-stream; charset=utf-8");
    ctx.set("Connection", "keep-alive");
    ctx.status = 200;
    ctx.body = stream;
    stream.write(": connected\n\n");
  });
}
