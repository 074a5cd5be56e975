import type Koa from "koa";
import type { Actor } from "../services/actor.js";

/**
 * Who is asking over REST. Until accounts and tokens exist (issue 6), every caller is the same
 * anonymous REST client; the audit trail still records the door.
 */
export function restActor(_ctx: Koa.Context): Actor {
  return { id: "anonymous", role: null, door: "rest" };
}
