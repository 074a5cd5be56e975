import type Koa from "koa";
import type Router from "koa-router";
import { DomainError } from "../../domain/domain-error.js";
import { may, PERMISSIONS, type Permission } from "../../domain/roles.js";
import { sameHash, hashSecret, type Principal } from "../../services/access-service.js";

/** What a route needs: a permission of roles.ts, or nothing at all (health, the OpenAPI document, login). */
export type RouteAccess = Permission | "public";

const ACCESS = Symbol("routeAccess");
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
export const CSRF_HEADER = "x-csrf-token";

type DeclaredMiddleware = Koa.Middleware & { [ACCESS]?: RouteAccess };

/**
 * The first middleware of every route: it declares the access the route needs and enforces it.
 * 401 without valid credentials, 403 with roles that lack the permission, and 403 for a web
 * session's state-changing request without its CSRF token.
 */
export function requires(access: RouteAccess): Koa.Middleware {
  const middleware: DeclaredMiddleware = async (ctx, next) => {
    if (access !== "public") {
      const principal = ctx.state.principal as Principal | undefined;
      if (!principal) throw new DomainError("unauthenticated", "sign in, or send an API token as Authorization: Bearer <token>", { reason: "no valid credentials" });
      if (!may(principal.roles, access)) {
        throw new DomainError("forbidden", `${ctx.method} ${ctx.path} needs one of the roles ${PERMISSIONS[access].join(", ")}`, { permission: access, roles: principal.roles });
      }
      if (principal.kind === "session" && !SAFE_METHODS.has(ctx.method)) checkCsrf(ctx, principal);
    }
    await next();
  };
  middleware[ACCESS] = access;
  return middleware;
}

function checkCsrf(ctx: Koa.Context, principal: Principal): void {
  const sent = ctx.get(CSRF_HEADER);
  if (!sent || !principal.csrfHash || !sameHash(principal.csrfHash, hashSecret(sent))) {
    throw new DomainError("forbidden", `a state-changing request of a web session must carry its ${CSRF_HEADER} header`, { reason: "csrf", field: CSRF_HEADER });
  }
}

export interface DeclaredRoute {
  readonly method: string;
  readonly path: string;
  readonly access: RouteAccess;
}

/** Every route of the router with the access it declares; throws for a route that declares none, so none can be left open. */
export function declaredRoutes(router: Router): DeclaredRoute[] {
  return router.stack.flatMap((layer) => {
    const access = (layer.stack[0] as DeclaredMiddleware | undefined)?.[ACCESS];
    if (!access) throw new Error(`route ${layer.methods.join("/")} ${layer.path} declares no access: start it with requires(...)`);
    return layer.methods.filter((method) => method !== "HEAD").map((method) => ({ method, path: layer.path, access }));
  });
}
