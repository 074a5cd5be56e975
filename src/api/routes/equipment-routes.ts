import type Router from "koa-router";
import { z } from "zod";
import { DomainError } from "../../domain/domain-error.js";
import type { EquipmentService } from "../../services/equipment-service.js";
import { requires } from "../auth/route-access.js";
import { dateTime } from "../request-schemas.js";
import { parseInput } from "../validate.js";
import { checkWindow } from "../window-query.js";

const EQUIPMENT_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** A timeline is read a shift or a week at a time; a month bounds what one request may pull. */
const MAX_STATES_WINDOW_MS = 31 * 24 * 3_600_000;

export const statesQuery = z.strictObject({ from: dateTime, to: dateTime }).superRefine((query, ctx) => {
  checkWindow(query, ctx, MAX_STATES_WINDOW_MS);
});

function equipmentId(id: string): string {
  if (!EQUIPMENT_ID.test(id)) throw new DomainError("invalid_input", "id must be 1-64 letters, digits, '.', '_' or '-'", { field: "id", value: id.slice(0, 100) });
  return id;
}

export function equipmentRoutes(router: Router, equipment: EquipmentService): void {
  router.get("/api/v1/equipment", requires("readMasterData"), async (ctx) => {
    ctx.body = { items: await equipment.tree() };
  });

  router.get("/api/v1/equipment/:id", requires("read"), async (ctx) => {
    ctx.body = await equipment.get(equipmentId(ctx.params.id));
  });

  router.get("/api/v1/equipment/:id/states", requires("read"), async (ctx) => {
    const { from, to } = parseInput(statesQuery, ctx.query, "query");
    ctx.body = await equipment.stateHistory(equipmentId(ctx.params.id), from, to);
  });
}
