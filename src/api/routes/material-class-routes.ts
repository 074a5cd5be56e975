import type Router from "koa-router";
import { z } from "zod";
import type { MaterialClassService } from "../../services/inventory/material-class-service.js";
import { requires } from "../auth/route-access.js";
import { readJsonBody } from "../json-body.js";
import { masterDataId } from "../request-schemas.js";
import { restActor } from "../rest-actor.js";
import { parseInput } from "../validate.js";

export const materialClassBody = z.strictObject({ name: z.string().min(1).max(128), description: z.string().max(1000).nullable().optional() });
export const materialSpecificationBody = z.strictObject({
  classId: masterDataId.nullable(),
  properties: z
    .array(z.strictObject({ name: z.string().min(1).max(128), value: z.string().max(255), unit: z.string().min(1).max(16).nullable().optional() }))
    .max(200)
    .default([]),
});

/** Material classes (ISA-95 Part 2) and each material definition's class and properties: master data, like the materials. */
export function materialClassRoutes(router: Router, classes: MaterialClassService): void {
  router.get("/api/v1/material-classes", requires("readMasterData"), async (ctx) => {
    ctx.body = { items: await classes.classes() };
  });

  router.get("/api/v1/material-classes/:id", requires("readMasterData"), async (ctx) => {
    ctx.body = await classes.class(ctx.params.id);
  });

  router.put("/api/v1/material-classes/:id", requires("masterData"), async (ctx) => {
    const id = parseInput(masterDataId, ctx.params.id, "query");
    const body = parseInput(materialClassBody, await readJsonBody(ctx), "body");
    const { materialClass, created } = await classes.putClass({ id, name: body.name, description: body.description ?? null }, restActor(ctx));
    ctx.status = created ? 201 : 200;
    ctx.body = materialClass;
  });

  router.get("/api/v1/materials/:id/properties", requires("readMasterData"), async (ctx) => {
    ctx.body = await classes.specification(ctx.params.id);
  });

  router.put("/api/v1/materials/:id/properties", requires("masterData"), async (ctx) => {
    const body = parseInput(materialSpecificationBody, await readJsonBody(ctx), "body");
    ctx.body = await classes.putSpecification({ materialDefinitionId: ctx.params.id, classId: body.classId, properties: body.properties.map((p) => ({ name: p.name, value: p.value, unit: p.unit ?? null })) }, restActor(ctx));
  });
}
