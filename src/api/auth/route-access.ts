import { BlockList, isIP, isIPv6 } from "node:net";
import type Koa from "koa";
import type Router from "koa-router";
import { DomainError } from "../../domain/domain-error.js";
import { may, PERMISSIONS, type Permission, type Role } from "../../domain/roles.js";
import { sameHash, hashSecret, type Principal } from "../../services/access-service.js";

/**
 * What a route needs: a permission of roles.ts, nothing at all (health, the OpenAPI document,
 * login), or, for the metrics, the roles and client addresses mes.yaml `metrics` names.
 */
export type RouteAccess = Permission | "public" | "metrics";

const ACCESS = Symbol("routeAccess");
const ROLES_ALLOWED = Symbol("rolesAllowed");
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
export const CSRF_HEADER = "x-csrf-token";

type DeclaredMiddleware = Koa.Middleware & { [ACCESS]?: RouteAccess; [ROLES_ALLOWED]?: readonly string[] };

/**
 * The first middleware of every route: it declares the access the route needs and enforces it.
 * 401 without valid credentials, 403 with roles that lack the permission, and 403 for a web
 * session's state-changing request without its CSRF token.
 */
export function requires(access: Permission | "public"): Koa.Middleware {
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
  middleware[ROLES_ALLOWED] = access === "public" ? [] : PERMISSIONS[access];
  return middleware;
}

/** Who may scrape GET /metrics (mes.yaml `metrics`). */
export interface ScrapeAccess {
  readonly allowRoles: readonly Role[];
  /** Addresses (127.0.0.1, ::1) or networks (10.0.0.0/8) that need no token. */
  readonly allowAddresses: readonly string[];
}

/**
 * The metrics route's access: a client at a listed address gets in without credentials (a
 * Prometheus beside the MES); anyone else needs a token or session of an allowed role: 401
 * without one, 403 with other roles. The address is the connection's, or X-Forwarded-For's only
 * with http.trustProxy.
 */
export function requiresScrapeAccess(allow: ScrapeAccess): Koa.Middleware {
  const addresses = blockListOf(allow.allowAddresses);
  const middleware: DeclaredMiddleware = async (ctx, next) => {
    if (!isListed(addresses, ctx.ip)) {
      const principal = ctx.state.principal as Principal | undefined;
      if (!principal) throw new DomainError("unauthenticated", "send an API token of a role metrics.allowRoles names as Authorization: Bearer <token>, or scrape from an address in metrics.allowAddresses", { reason: "no valid credentials" });
      if (!principal.roles.some((role) => allow.allowRoles.includes(role))) {
        throw new DomainError("forbidden", `${ctx.method} ${ctx.path} needs one of the roles ${allow.allowRoles.join(", ") || "(none: metrics.allowRoles is empty)"}`, { permission: "metrics", roles: principal.roles });
      }
    }
    await next();
  };
  middleware[ACCESS] = "metrics";
  middleware[ROLES_ALLOWED] = [...allow.allowRoles];
  return middleware;
}

function blockListOf(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split("/");
    const family = isIPv6(address) ? "ipv6" : "ipv4";
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}

/** An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d: it is checked as the IPv4 address it is. */
function isListed(list: BlockList, ip: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  if (mapped) return list.check(mapped, "ipv4");
  const family = isIP(ip);
  // No address at all (a socket already gone): not listed.
  return family !== 0 && list.check(ip, family === 6 ? "ipv6" : "ipv4");
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
  /** The roles whose credentials the route accepts (none for a public route). */
  readonly roles: readonly string[];
}

/** Every route of the router with the access it declares; throws for a route that declares none, so none can be left open. */
export function declaredRoutes(router: Router): DeclaredRoute[] {
  return router.stack.flatMap((layer) => {
    const first = layer.stack[0] as DeclaredMiddleware | undefined;
    const access = first?.[ACCESS];
    if (!access) throw new Error(`route ${layer.methods.join("/")} ${layer.path} declares no access: start it with requires(...)`);
    const roles = first[ROLES_ALLOWED] ?? [];
    return layer.methods.filter((method) => method !== "HEAD").map((method) => ({ method, path: layer.path, access, roles }));
  });
}
