import type Router from "koa-router";
import { z } from "zod";
import { SCHEDULING_RULES, type SchedulingRule } from "../../domain/scheduling/planner.js";
import type { ScheduleService } from "../../services/schedule-service.js";
import { readJsonBody } from "../json-body.js";
import { masterDataId } from "../request-schemas.js";
import { restActor } from "../rest-actor.js";
import { parseInput } from "../validate.js";
import { requires } from "../auth/route-access.js";
import { checkWindow } from "../window-query.js";

const dateTime = z.iso.datetime({ offset: true, message: "an ISO 8601 date-time with a zone, e.g. 2026-11-24T06:00:00Z" }).transform((value) => new Date(value));

export const scheduleBody = z.strictObject({ rule: z.enum(SCHEDULING_RULES as [SchedulingRule, ...SchedulingRule[]]).optional() }).optional();
export const ganttQuery = z
  .strictObject({ from: dateTime, to: dateTime, equipmentId: masterDataId.optional() })
  .superRefine((q, ctx) => {
    checkWindow(q, ctx, 400 * 24 * 3_600_000);
  });

/** The production schedule: preview, commit, and the planned and actual bars for a Gantt chart. */
export function scheduleRoutes(router: Router, schedules: ScheduleService): void {
  router.post("/api/v1/schedule/preview", requires("schedule"), async (ctx) => {
    const body = parseInput(scheduleBody, await readJsonBody(ctx), "body");
    ctx.body = await schedules.preview(body?.rule);
  });

  router.post("/api/v1/schedule/commit", requires("schedule"), async (ctx) => {
    const body = parseInput(scheduleBody, await readJsonBody(ctx), "body");
    ctx.body = await schedules.commit(body?.rule ?? schedules.lastRule, restActor(ctx));
  });

  router.get("/api/v1/schedule", requires("read"), async (ctx) => {
    const { from, to, equipmentId } = parseInput(ganttQuery, ctx.query, "query");
    ctx.body = await schedules.gantt(from, to, equipmentId);
  });
}
