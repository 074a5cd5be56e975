import type Router from "koa-router";
import type { PkiService } from "../../services/pki-service.js";
import { requires } from "../auth/route-access.js";
import { restActor } from "../rest-actor.js";

/** The OPC UA server's trust lists (Admin): what `npm run pki -- list | trust | reject` does, audited. */
export function pkiRoutes(router: Router, pki: PkiService): void {
  router.get("/api/v1/certificates", requires("certificates"), (ctx) => {
    ctx.body = { items: pki.list() };
  });

  router.post("/api/v1/certificates/:pki/:thumbprint/trust", requires("certificates"), async (ctx) => {
    ctx.body = await pki.trust(ctx.params.pki, ctx.params.thumbprint, restActor(ctx));
  });

  router.post("/api/v1/certificates/:pki/:thumbprint/reject", requires("certificates"), async (ctx) => {
    ctx.body = await pki.reject(ctx.params.pki, ctx.params.thumbprint, restActor(ctx));
  });
}
