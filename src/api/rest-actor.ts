import type Koa from "koa";
import type { Principal } from "../services/access-service.js";
import type { Actor } from "../services/actor.js";

/** Who is asking over REST: the account behind the token (door rest) or the web session (door ui), with that token or session's id. */
export function restActor(ctx: Koa.Context): Actor {
  const principal = ctx.state.principal as Principal | undefined;
  if (!principal) return { id: "anonymous", role: null, door: "rest" };
  return { id: principal.userId, role: principal.roles.join(","), door: principal.kind === "session" ? "ui" : "rest", via: principal.credentialId };
}
