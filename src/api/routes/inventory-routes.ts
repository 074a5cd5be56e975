import type Router from "koa-router";
import { z } from "zod";
import { DomainError } from "../../domain/domain-error.js";
import { LOT_STATUSES } from "../../domain/inventory/lot-status.js";
import { may } from "../../domain/roles.js";
import type { Principal } from "../../services/access-service.js";
import type { GenealogyService } from "../../services/inventory/genealogy-service.js";
import type { InventoryService } from "../../services/inventory/inventory-service.js";
import type { Store } from "../../services/ports/store.js";
import { requires } from "../auth/route-access.js";
import { readJsonBody } from "../json-body.js";
import { masterDataId } from "../request-schemas.js";
import { restActor } from "../rest-actor.js";
import { parseInput } from "../validate.js";

const lotId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._\-/]{0,63}$/, "1-64 letters, digits and . _ - /, starting with a letter or digit");
const quantity = z.number().positive("a number greater than 0").max(1e12);
const unit = z.string().min(1).max(16);
const comment = z.string().max(1000).nullable().optional();
/** A page of lots or movements is at most this long; a year of a busy line has millions of movements. */
const MAX_PAGE = 500;
const paging = { limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(100), offset: z.coerce.number().int().min(0).max(1_000_000).default(0) };

export const lotsQuery = z.strictObject({ materialDefinitionId: masterDataId.optional(), status: z.enum(LOT_STATUSES).optional(), locationId: masterDataId.optional(), jobOrderId: z.string().max(64).optional(), ...paging });
export const stockQuery = z.strictObject({ materialDefinitionId: masterDataId.optional(), locationId: masterDataId.optional() });
export const movementsQuery = z.strictObject({ workUnitId: masterDataId.optional(), jobOrderId: z.string().max(64).optional(), problem: z.enum(["true", "false"]).transform((v) => v === "true").optional(), ...paging });
export const genealogyQuery = z.strictObject({ direction: z.enum(["backward", "forward"]).default("backward") });
export const receiptBody = z.strictObject({
  lotId,
  materialDefinitionId: masterDataId,
  quantity,
  unit: unit.optional(),
  locationId: masterDataId,
  status: z.enum(["available", "quarantined"]).optional(),
  carrierId: z.string().max(64).nullable().optional(),
  description: z.string().max(1000).nullable().optional(),
  comment,
});
export const moveBody = z.strictObject({ toLocationId: masterDataId, comment });
export const splitBody = z.strictObject({ quantity, unit: unit.optional(), sublotId: lotId.optional(), toLocationId: masterDataId.optional(), carrierId: z.string().max(64).nullable().optional() });
export const mergeBody = z.strictObject({ targetLotId: lotId, quantity: quantity.optional() });
export const statusBody = z.strictObject({ status: z.enum(LOT_STATUSES), comment });
export const stagingBody = z.strictObject({ lotId });
export const consumptionBody = z.strictObject({
  lotId: lotId.nullable().optional(),
  materialDefinitionId: masterDataId.optional(),
  quantity,
  unit: unit.optional(),
  jobOrderId: z.string().max(64).nullable().optional(),
  workUnitId: masterDataId.nullable().optional(),
  override: z.boolean().optional(),
  comment,
});
export const bomBody = z.strictObject({
  lines: z
    .array(
      z.strictObject({
        step: z.number().int().min(1).max(1000),
        materialDefinitionId: masterDataId,
        quantityPerGood: z.number().min(0).max(1e9),
        quantityPerScrap: z.number().min(0).max(1e9),
        unit,
        fromLocationId: masterDataId.nullable().optional(),
      }),
    )
    .max(500),
});

/** Lots, movements, staging, BOMs and genealogy (ISA-95 Part 3 inventory operations). */
export function inventoryRoutes(router: Router, inventory: InventoryService, genealogy: GenealogyService, store: Store): void {
  router.get("/api/v1/lots", requires("readInventory"), async (ctx) => {
    const { limit, offset, ...filter } = parseInput(lotsQuery, ctx.query, "query");
    const { items, total } = await store.read.lots.findMany(filter, { limit, offset });
    ctx.body = { items, total, limit, offset };
  });

  router.post("/api/v1/lots", requires("receiveMaterial"), async (ctx) => {
    ctx.body = await inventory.receive(parseInput(receiptBody, await readJsonBody(ctx), "body"), restActor(ctx));
    ctx.status = 201;
  });

  router.get("/api/v1/lots/:id", requires("readInventory"), async (ctx) => {
    const lot = await store.read.lots.findById(ctx.params.id);
    if (!lot) throw new DomainError("not_found", `no lot "${ctx.params.id}"`, { field: "id" });
    ctx.body = { ...lot, movements: await store.read.movements.findByLot(lot.id, { limit: MAX_PAGE, offset: 0 }) };
  });

  router.get("/api/v1/lots/:id/genealogy", requires("readInventory"), async (ctx) => {
    const { direction } = parseInput(genealogyQuery, ctx.query, "query");
    ctx.body = await genealogy.trace(ctx.params.id, direction);
  });

  router.post("/api/v1/lots/:id/move", requires("moveMaterial"), async (ctx) => {
    const { toLocationId, comment } = parseInput(moveBody, await readJsonBody(ctx), "body");
    ctx.body = await inventory.move(ctx.params.id, toLocationId, restActor(ctx), comment ?? null);
  });

  router.post("/api/v1/lots/:id/split", requires("moveMaterial"), async (ctx) => {
    ctx.body = await inventory.split(ctx.params.id, parseInput(splitBody, await readJsonBody(ctx), "body"), restActor(ctx));
    ctx.status = 201;
  });

  router.post("/api/v1/lots/:id/merge", requires("moveMaterial"), async (ctx) => {
    const { targetLotId, quantity: amount } = parseInput(mergeBody, await readJsonBody(ctx), "body");
    ctx.body = await inventory.merge(ctx.params.id, targetLotId, restActor(ctx), amount);
  });

  router.put("/api/v1/lots/:id/status", requires("moveMaterial"), async (ctx) => {
    const { status, comment } = parseInput(statusBody, await readJsonBody(ctx), "body");
    ctx.body = await inventory.setStatus(ctx.params.id, status, restActor(ctx), comment ?? null);
  });

  router.get("/api/v1/stock", requires("read"), async (ctx) => {
    ctx.body = { items: await store.read.lots.stock(parseInput(stockQuery, ctx.query, "query")) };
  });

  router.get("/api/v1/movements", requires("read"), async (ctx) => {
    const { limit, offset, ...filter } = parseInput(movementsQuery, ctx.query, "query");
    ctx.body = { items: await store.read.movements.findMany(filter, { limit, offset }), limit, offset };
  });

  router.post("/api/v1/consumptions", requires("consumeMaterial"), async (ctx) => {
    const input = parseInput(consumptionBody, await readJsonBody(ctx), "body");
    const principal = ctx.state.principal as Principal;
    if (input.override && !may(principal.roles, "inventoryOverride")) throw new DomainError("forbidden", "override: letting a lot go below zero needs the role Supervisor or Admin", { field: "override", permission: "inventoryOverride" });
    ctx.body = await inventory.consume(input, restActor(ctx));
    ctx.status = 201;
  });

  router.get("/api/v1/staging", requires("read"), async (ctx) => {
    ctx.body = { items: await store.read.staging.findAll() };
  });

  router.get("/api/v1/work-units/:id/staging", requires("read"), async (ctx) => {
    if ((await store.read.equipment.findById(ctx.params.id))?.level !== "WorkUnit") throw new DomainError("not_found", `no work unit "${ctx.params.id}"`, { field: "id" });
    ctx.body = { items: await store.read.staging.findByWorkUnit(ctx.params.id) };
  });

  router.put("/api/v1/work-units/:id/staging", requires("moveMaterial"), async (ctx) => {
    const { lotId: staged } = parseInput(stagingBody, await readJsonBody(ctx), "body");
    ctx.body = await inventory.stage(ctx.params.id, staged, restActor(ctx));
  });

  router.delete("/api/v1/work-units/:id/staging/:materialDefinitionId", requires("moveMaterial"), async (ctx) => {
    await inventory.unstage(ctx.params.id, ctx.params.materialDefinitionId, restActor(ctx));
    ctx.status = 204;
  });

  router.get("/api/v1/products/:id/bom", requires("readMasterData"), async (ctx) => {
    ctx.body = { productId: ctx.params.id, lines: await inventory.bomOf(ctx.params.id) };
  });

  router.put("/api/v1/products/:id/bom", requires("masterData"), async (ctx) => {
    const { lines } = parseInput(bomBody, await readJsonBody(ctx), "body");
    ctx.body = { productId: ctx.params.id, lines: await inventory.replaceBom(ctx.params.id, lines.map((line) => ({ ...line, fromLocationId: line.fromLocationId ?? null })), restActor(ctx)) };
  });
}
