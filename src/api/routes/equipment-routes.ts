import type Router from "koa-router";
import { DomainError } from "../../domain/domain-error.js";
import type { EquipmentService } from "../../services/equipment-service.js";
import { requires } from "../auth/route-access.js";

const EQUIPMENT_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export function equipmentRoutes(router: Router, equipment: EquipmentService): void {
  router.get("/api/v1/equipment", requires("read"), async (ctx) => {
    ctx.body = { items: await equipment.tree() };
  });

  router.get("/api/v1/equipment/:id", requires("read"), async (ctx) => {
    const id = ctx.params.id;
    if (!EQUIPMENT_ID.test(id)) {
      throw new DomainError("invalid_input", "id must be 1-64 letters, digits, '.', '_' or '-'", { field: "id", value: id.slice(0, 100) });
    }
    ctx.body = await equipment.get(id);
  });
}
