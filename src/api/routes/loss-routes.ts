import type Router from "koa-router";
import { z } from "zod";
import type { OeeSettings } from "../../domain/oee/oee-settings.js";
import type { DowntimeService } from "../../services/downtime-service.js";
import type { ScrapService } from "../../services/scrap-service.js";
import { readJsonBody } from "../json-body.js";
import { masterDataId } from "../request-schemas.js";
import { restActor } from "../rest-actor.js";
import { parseInput } from "../validate.js";
import { requires } from "../auth/route-access.js";
import { checkWindow } from "../window-query.js";

const dateTime = z.iso.datetime({ offset: true, message: "an ISO 8601 date-time with a zone, e.g. 2026-11-24T06:00:00Z" }).transform((value) => new Date(value));
const flag = z.enum(["true", "false"]).transform((value) => value === "true");
const MAX_WINDOW_MS = 400 * 24 * 3_600_000;
const windowShape = { equipmentId: masterDataId, from: dateTime, to: dateTime };

const downtimeFilter = { ...windowShape, reasonCode: masterDataId.optional(), unassigned: flag.optional(), includeMicroStops: flag.optional() };
/** A page of stops is at most this long: a busy unit has thousands in a month. */
const MAX_DOWNTIME_PAGE = 500;
export const downtimeQuery = z
  .strictObject({
    ...downtimeFilter,
    limit: z.coerce.number().int().min(1).max(MAX_DOWNTIME_PAGE).default(100),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
    order: z.enum(["oldest", "newest"]).default("oldest"),
  })
  .superRefine((query, ctx) => {
    checkWindow(query, ctx, MAX_WINDOW_MS);
  });
export const downtimeParetoQuery = z.strictObject(downtimeFilter).superRefine((query, ctx) => {
  checkWindow(query, ctx, MAX_WINDOW_MS);
});
export const lossWindowQuery = z.strictObject(windowShape).superRefine((query, ctx) => {
  checkWindow(query, ctx, MAX_WINDOW_MS);
});
export const reasonBody = z.strictObject({ reasonCode: masterDataId.nullable() });
export const splitBody = z.strictObject({ at: dateTime, reasonCode: masterDataId.nullable().optional() });
export const scrapBody = z.strictObject({
  equipmentId: masterDataId,
  quantity: z.number().int().positive().max(1_000_000),
  reasonCode: masterDataId,
  at: dateTime.optional(),
  jobOrderId: z.string().max(64).nullable().optional(),
  comment: z.string().max(1000).nullable().optional(),
  /** Scrap the PLC did not count: counted by this entry (audited as scrap.entered). */
  manual: z.boolean().optional(),
});

/** Downtime events with reasons, scrap by reason, and their Paretos. */
export function lossRoutes(router: Router, downtime: DowntimeService, scrap: ScrapService, config: OeeSettings): void {
  router.get("/api/v1/reasons", requires("read"), (ctx) => {
    ctx.body = { downtime: config.downtimeReasons, scrap: config.scrapReasons, faultCodes: config.faultCodeReasons };
  });

  router.get("/api/v1/downtime", requires("read"), async (ctx) => {
    const { limit, offset, order, ...filter } = parseInput(downtimeQuery, ctx.query, "query");
    const { items, total } = await downtime.page(filter, { limit, offset, newestFirst: order === "newest" });
    ctx.body = { items, total, limit, offset };
  });

  router.get("/api/v1/downtime/pareto", requires("read"), async (ctx) => {
    ctx.body = await downtime.pareto(parseInput(downtimeParetoQuery, ctx.query, "query"));
  });

  router.put("/api/v1/downtime/:id/reason", requires("assignDowntime"), async (ctx) => {
    const { reasonCode } = parseInput(reasonBody, await readJsonBody(ctx), "body");
    ctx.body = await downtime.assignReason(ctx.params.id, reasonCode, restActor(ctx));
  });

  router.post("/api/v1/downtime/:id/split", requires("assignDowntime"), async (ctx) => {
    const { at, reasonCode } = parseInput(splitBody, await readJsonBody(ctx), "body");
    ctx.body = { items: await downtime.split(ctx.params.id, at, reasonCode, restActor(ctx)) };
  });

  router.get("/api/v1/scrap", requires("read"), async (ctx) => {
    const { equipmentId, from, to } = parseInput(lossWindowQuery, ctx.query, "query");
    ctx.body = { items: await scrap.list(equipmentId, from, to) };
  });

  router.post("/api/v1/scrap", requires("classifyScrap"), async (ctx) => {
    const body = parseInput(scrapBody, await readJsonBody(ctx), "body");
    ctx.status = 201;
    ctx.body = await scrap.classify(body, restActor(ctx));
  });

  router.get("/api/v1/scrap/pareto", requires("read"), async (ctx) => {
    const { equipmentId, from, to } = parseInput(lossWindowQuery, ctx.query, "query");
    ctx.body = await scrap.pareto(equipmentId, from, to);
  });
}
