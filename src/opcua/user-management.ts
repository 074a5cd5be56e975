import { resolveNodeId, type AddressSpace } from "node-opcua";

/** OPC 10000-18 §5.2: Server.ServerConfiguration.UserManagement in the standard nodeset. */
const USER_MANAGEMENT = "i=24290";

/**
 * The standard nodeset brings an OPC 10000-18 UserManagement object whose methods (AddUser,
 * ModifyUser, RemoveUser, ChangePassword) nothing implements: a client calling them got
 * BadInternalError. The MES's accounts are managed in one place, the MES itself (REST and the
 * Admin page, audited), so the object goes rather than a second, half-built door to them.
 */
export function removeUserManagement(addressSpace: AddressSpace): void {
  const node = addressSpace.findNode(resolveNodeId(USER_MANAGEMENT));
  if (node) addressSpace.deleteNode(node);
}
