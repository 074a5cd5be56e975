import type Router from "koa-router";
import { z } from "zod";
import { PLAN_KINDS } from "../../domain/maintenance/plan-due.js";
import { MAINTENANCE_PERMISSIONS, MAINTENANCE_STATUSES, type MaintenanceStatus } from "../../domain/maintenance/work-order-state-machine.js";
import type { MaintenanceDueTracker } from "../../services/maintenance/due-tracker.js";
import type { MaintenancePlanService } from "../../services/maintenance/plan-service.js";
import type { ReliabilityService } from "../../services/maintenance/reliability-service.js";
import type { CommandInput, MaintenanceWorkOrderService } from "../../services/maintenance/work-order-service.js";
import { requires } from "../auth/route-access.js";
import { readJsonBody } from "../json-body.js";
import { dateTime, masterDataId } from "../request-schemas.js";
import { restActor } from "../rest-actor.js";
import { parseInput } from "../validate.js";

const id = z.string().min(1).max(64);
const comment = z.string().max(1000).optional();
const minutes = z.number().int("whole minutes").min(0).max(100_000);

export const maintenanceRequestBody = z.strictObject({
  workUnitId: masterDataId,
  title: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  fromDowntimeId: id.optional(),
  fromAlarmId: id.optional(),
  priority: z.enum(["low", "normal", "high"]).optional(),
});
export const maintenanceWorkOrderQuery = z.strictObject({
  workUnitId: masterDataId.optional(),
  /** One status or several, comma-separated (requested,planned,in-progress for the open ones). */
  status: z
    .string()
    .max(100)
    .refine((text) => text.split(",").every((s) => (MAINTENANCE_STATUSES as readonly string[]).includes(s)), `one or more of ${MAINTENANCE_STATUSES.join(", ")}, comma-separated`)
    .optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export const planWorkBody = z.strictObject({ technician: z.string().min(1).max(64), plannedStart: dateTime, plannedDurationMinutes: minutes.min(1) });
export const startWorkBody = z.strictObject({ technician: z.string().min(1).max(64).optional(), comment }).optional();
export const finishWorkBody = z.strictObject({
  timeSpentMinutes: minutes,
  partsUsed: z.array(z.strictObject({ lotId: id, quantity: z.number().positive("a number greater than 0").max(1e9) })).max(50).optional(),
  closesDowntimeId: id.optional(),
  comment,
});
export const closeWorkBody = z.strictObject({ comment }).optional();
export const maintenancePlanBody = z.strictObject({
  workUnitId: masterDataId,
  title: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  kind: z.enum(PLAN_KINDS),
  /** Days (calendar), run hours (run-time) or parts (counter) between two services. */
  every: z.number().positive("a number greater than 0").max(1e9),
  /** How long before the due point it shows as due, in the same unit; default a tenth of every. */
  dueSoon: z.number().min(0).max(1e9).nullable().optional(),
  durationMinutes: minutes.min(1).default(60),
  lastDoneAt: dateTime.optional(),
  active: z.boolean().optional(),
});
export const newMaintenancePlanBody = maintenancePlanBody.extend({ id: masterDataId });
export const dueQuery = z.strictObject({ workUnitId: masterDataId.optional() });
export const reliabilityQuery = z.strictObject({ workUnitId: masterDataId.optional(), from: dateTime.optional(), to: dateTime.optional() });

export interface MaintenanceServices {
  readonly workOrders: MaintenanceWorkOrderService;
  readonly plans: MaintenancePlanService;
  readonly due: MaintenanceDueTracker;
  readonly reliability: ReliabilityService;
}
const COMMANDS = { plan: planWorkBody, start: startWorkBody, finish: finishWorkBody, verify: closeWorkBody, cancel: closeWorkBody } as const;

/** Maintenance work orders, preventive plans, what is due, and MTBF/MTTR. */
export function maintenanceRoutes(router: Router, maintenance: MaintenanceServices): void {
  const { workOrders, plans, due } = maintenance;
  router.post("/api/v1/maintenance/work-orders", requires(MAINTENANCE_PERMISSIONS.request), async (ctx) => {
    const body = parseInput(maintenanceRequestBody, await readJsonBody(ctx), "body");
    ctx.status = 201;
    ctx.body = await workOrders.request(body, restActor(ctx));
  });

  router.get("/api/v1/maintenance/work-orders", requires("read"), async (ctx) => {
    const { workUnitId, status, limit, offset } = parseInput(maintenanceWorkOrderQuery, ctx.query, "query");
    ctx.body = await workOrders.list({ workUnitId, statuses: status ? (status.split(",") as MaintenanceStatus[]) : undefined }, { limit, offset });
  });

  router.get("/api/v1/maintenance/work-orders/:id", requires("read"), async (ctx) => {
    ctx.body = await workOrders.get(ctx.params.id);
  });

  for (const [command, schema] of Object.entries(COMMANDS) as [keyof typeof COMMANDS, z.ZodType][]) {
    router.post(`/api/v1/maintenance/work-orders/:id/${command}`, requires(MAINTENANCE_PERMISSIONS[command]), async (ctx) => {
      const body = parseInput(schema, await readJsonBody(ctx), "body") ?? {};
      ctx.body = await workOrders.command(ctx.params.id, { command, body } as CommandInput, restActor(ctx));
    });
  }

  router.get("/api/v1/maintenance/plans", requires("read"), async (ctx) => {
    const { workUnitId } = parseInput(dueQuery, ctx.query, "query");
    ctx.body = { items: await plans.list(workUnitId) };
  });

  router.post("/api/v1/maintenance/plans", requires("maintenanceWork"), async (ctx) => {
    const { id: planId, ...body } = parseInput(newMaintenancePlanBody, await readJsonBody(ctx), "body");
    ctx.status = 201;
    ctx.body = (await plans.save(planId, body, restActor(ctx), "create")).plan;
  });

  router.get("/api/v1/maintenance/plans/:id", requires("read"), async (ctx) => {
    ctx.body = await plans.get(ctx.params.id);
  });

  router.put("/api/v1/maintenance/plans/:id", requires("maintenanceWork"), async (ctx) => {
    const body = parseInput(maintenancePlanBody, await readJsonBody(ctx), "body");
    ctx.body = (await plans.save(ctx.params.id, body, restActor(ctx), "replace")).plan;
  });

  router.get("/api/v1/maintenance/due", requires("read"), async (ctx) => {
    const { workUnitId } = parseInput(dueQuery, ctx.query, "query");
    ctx.body = await due.of(workUnitId);
  });

  router.get("/api/v1/maintenance/reliability", requires("read"), async (ctx) => {
    const { workUnitId, from, to } = parseInput(reliabilityQuery, ctx.query, "query");
    ctx.body = await maintenance.reliability.of(workUnitId, from, to);
  });
}
