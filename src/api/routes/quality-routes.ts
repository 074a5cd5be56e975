import type Router from "koa-router";
import { z } from "zod";
import { RECORDED_BY } from "../../domain/quality/inspection-plan.js";
import type { NelsonRule } from "../../domain/quality/nelson-rules.js";
import { DISPOSITIONS, type QualityResultRecord } from "../../services/ports/quality.js";
import type { ControlLimitsService } from "../../services/quality/control-limits-service.js";
import type { DueInspectionService } from "../../services/quality/due-inspections.js";
import type { NcrService } from "../../services/quality/ncr-service.js";
import type { InspectionPlanService } from "../../services/quality/plan-service.js";
import type { QualityResultService } from "../../services/quality/result-service.js";
import { requires } from "../auth/route-access.js";
import { readJsonBody } from "../json-body.js";
import { dateTime, masterDataId } from "../request-schemas.js";
import { restActor } from "../rest-actor.js";
import { parseInput } from "../validate.js";

const optionalId = z.string().max(64).nullable().optional();
const limit = z.number().min(-1e12).max(1e12).nullable();

const variable = z.strictObject({
  id: masterDataId,
  name: z.string().min(1).max(128),
  kind: z.literal("variable"),
  nominal: z.number().min(-1e12).max(1e12),
  lsl: limit,
  usl: limit,
  unit: z.string().min(1).max(16),
  /** 1 plots individuals and moving ranges; 2..10 X-bar and R. */
  subgroupSize: z.number().int().min(1).max(10).default(1),
  /** The Nelson tests (1..8) that raise a signal. */
  rules: z.array(z.number().int().min(1).max(8)).max(8).default([1]).transform((rules) => [...new Set(rules)].sort() as NelsonRule[]),
});
const attribute = z.strictObject({ id: masterDataId, name: z.string().min(1).max(128), kind: z.literal("attribute"), defectCodes: z.array(masterDataId).min(1).max(50) });

const frequency = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("first-off") }),
  z.strictObject({ kind: z.literal("every-parts"), parts: z.number().int().min(1).max(1_000_000) }),
  z.strictObject({ kind: z.literal("every-minutes"), minutes: z.number().int().min(1).max(10_080) }),
  z.strictObject({ kind: z.literal("last-off") }),
]);

export const inspectionPlanBody = z.strictObject({
  name: z.string().min(1).max(128),
  productId: masterDataId,
  step: z.number().int().min(1).max(1000),
  frequency,
  sampleSize: z.number().int().min(1).max(1000),
  recordedBy: z.enum(RECORDED_BY as [string, ...string[]]),
  signalId: z.string().max(128).nullable().optional(),
  holdJobOnSignal: z.boolean().default(false),
  characteristics: z.array(z.discriminatedUnion("kind", [variable, attribute])).min(1).max(50),
});

export const qualityResultBody = z.strictObject({
  characteristicId: masterDataId,
  equipmentId: masterDataId,
  /** A measured value (variable characteristics). */
  value: z.number("a number").min(-1e12).max(1e12).nullable().optional(),
  /** A pass/fail verdict (attribute characteristics). */
  passed: z.boolean("true or false").optional(),
  defectCode: masterDataId.nullable().optional(),
  jobOrderId: optionalId,
  lotId: optionalId,
  carrierId: optionalId,
  recordedAt: dateTime.optional(),
});

export const qualityResultsQuery = z.strictObject({
  characteristicId: masterDataId.optional(),
  equipmentId: masterDataId.optional(),
  jobOrderId: z.string().max(64).optional(),
  from: dateTime.optional(),
  to: dateTime.optional(),
  limit: z.coerce.number().int().min(1).max(50_000).default(1000),
});

export const spcChartQuery = z.strictObject({
  from: dateTime.optional(),
  to: dateTime.optional(),
  /** Points (subgroups or individuals) the control limits are computed from, the first ones of the window; without it the stored limits (or the first DEFAULT_BASELINE_POINTS). */
  baselinePoints: z.coerce.number().int().min(2).max(1000).optional(),
});

/** The baseline a quality engineer chose: a range of results (inclusive), or a time window [from, to). */
export const controlLimitsBody = z.strictObject({
  baseline: z.discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("results"), fromResultId: z.string().min(1).max(36), toResultId: z.string().min(1).max(36) }),
    z.strictObject({ kind: z.literal("dates"), from: dateTime, to: dateTime }),
  ]),
});

export const ncrBody = z.strictObject({
  description: z.string().min(1).max(1000),
  quantity: z.number().int().min(0).max(1_000_000),
  lotIds: z.array(z.string().min(1).max(64)).max(50).optional(),
  equipmentId: masterDataId.nullable().optional(),
  jobOrderId: optionalId,
  productId: masterDataId.nullable().optional(),
  resultId: z.string().max(36).nullable().optional(),
});
export const ncrQuery = z.strictObject({ status: z.enum(["open", "dispositioned", "closed"]).optional() });
export const dispositionBody = z.strictObject({ disposition: z.enum(DISPOSITIONS as [string, ...string[]]), quantity: z.number().int().min(0).max(1_000_000).optional() });
export const correctiveActionBody = z.strictObject({ description: z.string().min(1).max(1000), owner: z.string().min(1).max(64), dueAt: dateTime });

const CSV_COLUMNS = ["id", "recordedAt", "planId", "characteristicId", "equipmentId", "jobOrderId", "lotId", "carrierId", "value", "passed", "defectCode", "recordedBy", "source"] as const;

/** RFC 4180 field; a leading =, +, - or @ is quoted with a ' so a spreadsheet does not run it as a formula (OWASP CSV injection). */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function resultsCsv(results: readonly QualityResultRecord[]): string {
  return [CSV_COLUMNS.join(","), ...results.map((r) => CSV_COLUMNS.map((column) => csvField(r[column])).join(","))].join("\r\n") + "\r\n";
}

/** Inspection plans (Quality), results (Operator), SPC charts and capability, and NCRs (Quality). */
export function qualityRoutes(router: Router, plans: InspectionPlanService, results: QualityResultService, ncrs: NcrService, due: DueInspectionService, limits: ControlLimitsService): void {
  router.get("/api/v1/work-units/:id/inspections", requires("read"), async (ctx) => {
    ctx.body = await due.of(ctx.params.id);
  });

  router.get("/api/v1/quality/plans", requires("read"), async (ctx) => {
    const { productId } = parseInput(z.strictObject({ productId: masterDataId.optional() }), ctx.query, "query");
    ctx.body = { items: await plans.list(productId) };
  });

  router.get("/api/v1/quality/plans/:id", requires("read"), async (ctx) => {
    ctx.body = await plans.get(ctx.params.id);
  });

  router.put("/api/v1/quality/plans/:id", requires("qualityPlans"), async (ctx) => {
    const id = parseInput(masterDataId, ctx.params.id, "body");
    const body = parseInput(inspectionPlanBody, await readJsonBody(ctx), "body");
    const { plan, created } = await plans.save({ ...body, id, recordedBy: body.recordedBy as (typeof RECORDED_BY)[number] }, restActor(ctx));
    ctx.status = created ? 201 : 200;
    ctx.body = plan;
  });

  router.delete("/api/v1/quality/plans/:id", requires("qualityPlans"), async (ctx) => {
    await plans.remove(ctx.params.id, restActor(ctx));
    ctx.status = 204;
  });

  router.post("/api/v1/quality/results", requires("recordQuality"), async (ctx) => {
    const body = parseInput(qualityResultBody, await readJsonBody(ctx), "body");
    ctx.status = 201;
    ctx.body = await results.record(body, restActor(ctx));
  });

  router.get("/api/v1/quality/results", requires("read"), async (ctx) => {
    ctx.body = { items: await results.results(parseInput(qualityResultsQuery, ctx.query, "query")) };
  });

  router.get("/api/v1/quality/results.csv", requires("read"), async (ctx) => {
    const items = await results.results(parseInput(qualityResultsQuery, ctx.query, "query"));
    ctx.type = "text/csv; charset=utf-8";
    ctx.set("Content-Disposition", 'attachment; filename="quality-results.csv"');
    ctx.body = resultsCsv(items);
  });

  router.get("/api/v1/quality/characteristics/:id/chart", requires("read"), async (ctx) => {
    const { baselinePoints, ...window } = parseInput(spcChartQuery, ctx.query, "query");
    const { characteristic, chart, results: values } = await results.chart(ctx.params.id, window, baselinePoints);
    ctx.body = { characteristic, ...chart, resultIds: values.map((r) => r.id), recordedAt: values.map((r) => r.recordedAt) };
  });

  router.get("/api/v1/quality/characteristics/:id/limits", requires("read"), async (ctx) => {
    ctx.body = await limits.get(ctx.params.id);
  });

  router.put("/api/v1/quality/characteristics/:id/limits", requires("qualityPlans"), async (ctx) => {
    const { baseline } = parseInput(controlLimitsBody, await readJsonBody(ctx), "body");
    ctx.body = await limits.set(ctx.params.id, baseline, restActor(ctx));
  });

  router.post("/api/v1/quality/characteristics/:id/limits/recompute", requires("qualityPlans"), async (ctx) => {
    ctx.body = await limits.recompute(ctx.params.id, restActor(ctx));
  });

  router.delete("/api/v1/quality/characteristics/:id/limits", requires("qualityPlans"), async (ctx) => {
    await limits.remove(ctx.params.id, restActor(ctx));
    ctx.status = 204;
  });

  router.get("/api/v1/quality/ncrs", requires("read"), async (ctx) => {
    const { status } = parseInput(ncrQuery, ctx.query, "query");
    ctx.body = { items: await ncrs.list(status) };
  });

  router.get("/api/v1/quality/ncrs/:id", requires("read"), async (ctx) => {
    ctx.body = await ncrs.get(ctx.params.id);
  });

  router.post("/api/v1/quality/ncrs", requires("qualityPlans"), async (ctx) => {
    const body = parseInput(ncrBody, await readJsonBody(ctx), "body");
    ctx.status = 201;
    ctx.body = await ncrs.open(body, restActor(ctx));
  });

  router.put("/api/v1/quality/ncrs/:id/disposition", requires("qualityPlans"), async (ctx) => {
    const { disposition, quantity } = parseInput(dispositionBody, await readJsonBody(ctx), "body");
    ctx.body = await ncrs.disposition(ctx.params.id, disposition as (typeof DISPOSITIONS)[number], restActor(ctx), quantity);
  });

  router.put("/api/v1/quality/ncrs/:id/corrective-action", requires("qualityPlans"), async (ctx) => {
    ctx.body = await ncrs.setCorrectiveAction(ctx.params.id, parseInput(correctiveActionBody, await readJsonBody(ctx), "body"), restActor(ctx));
  });

  router.post("/api/v1/quality/ncrs/:id/verify", requires("qualityPlans"), async (ctx) => {
    ctx.body = await ncrs.verify(ctx.params.id, restActor(ctx));
  });
}


