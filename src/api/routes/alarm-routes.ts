import type Router from "koa-router";
import { z } from "zod";
import { ALARM_KINDS } from "../../domain/alarms/alarm-kinds.js";
import type { AlarmService } from "../../services/alarms/alarm-service.js";
import type { AlarmView } from "../../services/alarms/alarm-view.js";
import { requires } from "../auth/route-access.js";
import { readJsonBody } from "../json-body.js";
import { dateTime, masterDataId } from "../request-schemas.js";
import { restActor } from "../rest-actor.js";
import { parseInput } from "../validate.js";
import { csvField } from "./quality-routes.js";

/** The comment's length is the alarms setting's to judge (400 with its limit); this only bounds what is parsed at all. */
const comment = z.string().max(10_000);

const filter = {
  active: z.enum(["true", "false"]).transform((value) => value === "true").optional(),
  workUnitId: masterDataId.optional(),
  kind: z.enum(ALARM_KINDS).optional(),
  from: dateTime.optional(),
  to: dateTime.optional(),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
};
export const alarmQuery = z.strictObject({ ...filter, limit: z.coerce.number().int().min(1).max(500).default(50) });
export const alarmCsvQuery = z.strictObject({ ...filter, limit: z.coerce.number().int().min(1).max(100_000).default(10_000) });
export const alarmCommentBody = z.strictObject({ comment: comment.optional() }).optional();
export const alarmAddCommentBody = z.strictObject({ comment });
export const alarmShelveBody = z.strictObject({ mode: z.enum(["timed", "one-shot"]), durationMs: z.number().int().min(1).max(1e12).optional() });
export const alarmUnshelveBody = z.strictObject({}).optional();

const CSV_COLUMNS = ["id", "kind", "conditionType", "workUnitId", "subject", "sourceName", "severity", "message", "active", "activeSince", "clearedAt", "acknowledged", "acknowledgedBy", "acknowledgedAt", "confirmed", "confirmedBy", "confirmedAt", "shelved", "shelvedUntil"] as const;

export function alarmsCsv(alarms: readonly AlarmView[]): string {
  const comments = (alarm: AlarmView) => alarm.comments.map((c) => `${c.at} ${c.by}: ${c.text}`).join(" | ");
  return [[...CSV_COLUMNS, "comments"].join(","), ...alarms.map((a) => [...CSV_COLUMNS.map((column) => csvField(a[column])), csvField(comments(a))].join(","))].join("\r\n") + "\r\n";
}

/**
 * Alarm history and the operator's answers to an alarm (OPC 10000-9 Acknowledge, Confirm,
 * AddComment, shelving), through the same service as the OPC UA methods: the store and the audit
 * trail say who, through which door.
 */
export function alarmRoutes(router: Router, alarms: AlarmService): void {
  router.get("/api/v1/alarms", requires("read"), async (ctx) => {
    const { limit, offset, ...where } = parseInput(alarmQuery, ctx.query, "query");
    ctx.body = { ...(await alarms.list(where, { limit, offset })), limit, offset };
  });

  router.get("/api/v1/alarms.csv", requires("read"), async (ctx) => {
    const { limit, offset, ...where } = parseInput(alarmCsvQuery, ctx.query, "query");
    const { items } = await alarms.list(where, { limit, offset });
    ctx.type = "text/csv; charset=utf-8";
    ctx.set("Content-Disposition", 'attachment; filename="alarms.csv"');
    ctx.body = alarmsCsv(items);
  });

  router.get("/api/v1/alarms/:id", requires("read"), async (ctx) => {
    ctx.body = await alarms.get(ctx.params.id);
  });

  router.post("/api/v1/alarms/:id/acknowledge", requires("acknowledgeAlarms"), async (ctx) => {
    const body = parseInput(alarmCommentBody, await readJsonBody(ctx), "body");
    ctx.body = await alarms.acknowledge(ctx.params.id, restActor(ctx), body?.comment);
  });

  router.post("/api/v1/alarms/:id/confirm", requires("acknowledgeAlarms"), async (ctx) => {
    const body = parseInput(alarmCommentBody, await readJsonBody(ctx), "body");
    ctx.body = await alarms.confirm(ctx.params.id, restActor(ctx), body?.comment);
  });

  router.post("/api/v1/alarms/:id/comment", requires("acknowledgeAlarms"), async (ctx) => {
    const body = parseInput(alarmAddCommentBody, await readJsonBody(ctx), "body");
    ctx.body = await alarms.comment(ctx.params.id, restActor(ctx), body.comment);
  });

  router.post("/api/v1/alarms/:id/shelve", requires("acknowledgeAlarms"), async (ctx) => {
    const body = parseInput(alarmShelveBody, await readJsonBody(ctx), "body");
    ctx.body = await alarms.shelve(ctx.params.id, restActor(ctx), body.mode, body.durationMs);
  });

  router.post("/api/v1/alarms/:id/unshelve", requires("acknowledgeAlarms"), async (ctx) => {
    parseInput(alarmUnshelveBody, await readJsonBody(ctx), "body");
    ctx.body = await alarms.unshelve(ctx.params.id, restActor(ctx));
  });
}
