import { NodeId, resolveNodeId, WellKnownRoles } from "node-opcua";
import { OPCUA_WELL_KNOWN_ROLE, ROLES, type Role } from "../domain/roles.js";

/**
 * Each MES role is a Role of the server's own namespace (`ns=1;s=Role.<name>`), so node
 * permissions can tell Maintenance from Operator; a session also carries the OPC 10000-18
 * well-known role its MES role maps onto, so a generic client sees a role it knows.
 */
export function mesRoleNodeId(role: Role): NodeId {
  return new NodeId(NodeId.NodeIdType.STRING, `Role.${role}`, 1);
}

const WELL_KNOWN: Record<(typeof OPCUA_WELL_KNOWN_ROLE)[Role], number> = {
  Observer: WellKnownRoles.Observer,
  Operator: WellKnownRoles.Operator,
  Engineer: WellKnownRoles.Engineer,
  Supervisor: WellKnownRoles.Supervisor,
  ConfigureAdmin: WellKnownRoles.ConfigureAdmin,
  SecurityAdmin: WellKnownRoles.SecurityAdmin,
};

/** The role NodeIds of a session whose account has these MES roles (AuthenticatedUser is added by node-opcua). */
export function sessionRoleNodeIds(roles: readonly Role[]): NodeId[] {
  const wellKnown = [...new Set(roles.map((role) => WELL_KNOWN[OPCUA_WELL_KNOWN_ROLE[role]]))].map((id) => resolveNodeId(id));
  return [...wellKnown, ...roles.map(mesRoleNodeId)];
}



/** The MES roles among a session's role NodeIds. */
export function mesRolesOf(nodeIds: readonly NodeId[]): Role[] {
  return ROLES.filter((role) => nodeIds.some((id) => id.namespace === 1 && id.value === `Role.${role}`));
}
