import type Router from "koa-router";
import type { MasterDataService } from "../../services/master-data-service.js";
import { readJsonBody } from "../json-body.js";
import { masterDataId, materialBody, productBody } from "../request-schemas.js";
import { restActor } from "../rest-actor.js";
import { parseInput } from "../validate.js";
import { requires } from "../auth/route-access.js";

/** Materials and products: PUT creates (201) or replaces (200) the whole definition. */
export function masterDataRoutes(router: Router, masterData: MasterDataService): void {
  router.get("/api/v1/materials", requires("readMasterData"), async (ctx) => {
    ctx.body = { items: await masterData.materials() };
  });

  router.get("/api/v1/materials/:id", requires("readMasterData"), async (ctx) => {
    ctx.body = await masterData.material(parseInput(masterDataId, ctx.params.id, "query"));
  });

  router.put("/api/v1/materials/:id", requires("masterData"), async (ctx) => {
    const id = parseInput(masterDataId, ctx.params.id, "query");
    const body = parseInput(materialBody, await readJsonBody(ctx), "body");
    const { material, created } = await masterData.putMaterial({ id, name: body.name, description: body.description ?? null, unit: body.unit }, restActor(ctx));
    ctx.status = created ? 201 : 200;
    ctx.body = material;
  });

  router.get("/api/v1/products", requires("readMasterData"), async (ctx) => {
    ctx.body = { items: await masterData.products() };
  });

  router.get("/api/v1/products/:id", requires("readMasterData"), async (ctx) => {
    ctx.body = await masterData.product(parseInput(masterDataId, ctx.params.id, "query"));
  });

  router.put("/api/v1/products/:id", requires("masterData"), async (ctx) => {
    const id = parseInput(masterDataId, ctx.params.id, "query");
    const body = parseInput(productBody, await readJsonBody(ctx), "body");
    const { product, created } = await masterData.putProduct({ id, ...body }, restActor(ctx));
    ctx.status = created ? 201 : 200;
    ctx.body = product;
  });
}
