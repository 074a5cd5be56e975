import type Router from "koa-router";
import { z } from "zod";
import { calendarSchema } from "../../config/calendar-schema.js";
import type { CalendarService } from "../../services/calendar-service.js";
import type { OeeService } from "../../services/oee-service.js";
import { readJsonBody } from "../json-body.js";
import { masterDataId } from "../request-schemas.js";
import { restActor } from "../rest-actor.js";
import { parseInput } from "../validate.js";
import { requires } from "../auth/route-access.js";
import { checkWindow } from "../window-query.js";

const dateTime = z.iso.datetime({ offset: true, message: "an ISO 8601 date-time with a zone, e.g. 2026-11-24T06:00:00Z" }).transform((value) => new Date(value));
/** Long enough for a year of shifts, short enough that one request cannot pin the server. */
const MAX_WINDOW_MS = 400 * 24 * 3_600_000;

export const oeeQuery = z
  .strictObject({
    from: dateTime,
    to: dateTime,
    granularity: z.enum(["hour", "shift", "day"]).optional(),
  })
  .superRefine((q, ctx) => {
    if (!checkWindow(q, ctx, MAX_WINDOW_MS)) return;
    if (q.granularity === "hour" && q.to.getTime() - q.from.getTime() > 31 * 24 * 3_600_000) ctx.addIssue({ code: "custom", path: ["granularity"], message: "hourly periods for at most 31 days" });
  });

/** OEE for any equipment and period, the current shift's live figures, and the shift calendars. */
export function oeeRoutes(router: Router, oee: OeeService, calendars: CalendarService): void {
  router.get("/api/v1/oee/:equipmentId", requires("read"), async (ctx) => {
    const equipmentId = parseInput(masterDataId, ctx.params.equipmentId, "query");
    const { from, to, granularity } = parseInput(oeeQuery, ctx.query, "query");
    ctx.body = await oee.report(equipmentId, from, to, granularity ?? null);
  });

  router.get("/api/v1/oee/:equipmentId/current-shift", requires("read"), async (ctx) => {
    ctx.body = await oee.currentShift(parseInput(masterDataId, ctx.params.equipmentId, "query"));
  });

  router.get("/api/v1/calendars", requires("read"), async (ctx) => {
    ctx.body = { items: await calendars.list() };
  });

  router.get("/api/v1/calendars/:id", requires("read"), async (ctx) => {
    ctx.body = await calendars.get(parseInput(masterDataId, ctx.params.id, "query"));
  });

  router.put("/api/v1/calendars/:id", requires("schedule"), async (ctx) => {
    const id = parseInput(masterDataId, ctx.params.id, "query");
    const body = parseInput(calendarSchema, await readJsonBody(ctx), "body");
    const { calendar, created } = await calendars.put(id, body, restActor(ctx));
    ctx.status = created ? 201 : 200;
    ctx.body = calendar;
  });
}
