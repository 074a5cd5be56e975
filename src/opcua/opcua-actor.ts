import type { ISessionContext } from "node-opcua";
import type { Actor } from "../services/actor.js";
import type { Door } from "../services/actor.js";
import { mesRolesOf } from "./opcua-roles.js";

/** Who called an OPC UA method: the signed-in account (user name or certificate CN) with its roles, through this session. */
export function opcuaActor(context: ISessionContext, door: Extract<Door, "opcua" | "plc"> = "opcua", fallbackId = "anonymous"): Actor {
  const name = context.session ? context.getUserName() : "";
  const roles = mesRolesOf(context.getCurrentUserRoles());
  return {
    id: name && name !== "anonymous" ? name : fallbackId,
    role: roles.length > 0 ? roles.join(",") : null,
    door,
    via: context.session ? `session:${context.session.getSessionId().toString()}` : null,
  };
}
