import { NodeClass, ObjectIds, ObjectTypeIds, PermissionType, resolveNodeId, WellKnownRoles, type AddressSpace, type BaseNode, type ISessionContext, type UAMethod } from "node-opcua";
import { PERMISSIONS, ROLES, type Permission } from "../domain/roles.js";
import type { Log } from "../services/log.js";
import { mesRoleNodeId } from "./opcua-roles.js";

/**
 * The permission each method of the MES's namespace needs, by browse name, the same as the REST
 * route that does the same thing: storing or updating a job order is `orders`, commanding one
 * (OPC 10031-4 JobOrderControl) and taking and finishing a job are `runJobs`, reporting parts is
 * `reportProduction`, asking for job responses is `read`. A method missing here makes the server refuse to start.
 */
export const METHOD_PERMISSIONS: Readonly<Record<string, Permission>> = {
  Store: "orders",
  StoreAndStart: "orders",
  Update: "orders",
  Start: "runJobs",
  RevokeStart: "runJobs",
  Pause: "runJobs",
  Resume: "runJobs",
  Stop: "runJobs",
  Abort: "runJobs",
  Cancel: "runJobs",
  Clear: "runJobs",
  TakeNextJob: "runJobs",
  ReportProgress: "reportProduction",
  FinishJob: "runJobs",
  RequestJobResponseByJobOrderID: "read",
  RequestJobResponseByJobOrderState: "read",
};

/** What everyone may do, anonymous included (an Observer): browse, read, read history, receive events. Nobody writes. */
const OBSERVE = PermissionType.Browse | PermissionType.ReadRolePermissions | PermissionType.Read | PermissionType.ReadHistory | PermissionType.ReceiveEvents;
const anonymous = resolveNodeId(WellKnownRoles.Anonymous);

/**
 * Role permissions on the MES's own namespace (OPC 10000-3 §5.2.9): everyone observes, nobody
 * writes, and each method may be called by the roles of its permission. A denied call answers
 * BadUserAccessDenied (node-opcua checks before the method runs) and is logged here.
 */
export function installAccessControl(addressSpace: AddressSpace, log: Log): void {
  const own = observeOnly(addressSpace);
  for (const node of (own as unknown as { nodeIterator(): Iterable<BaseNode> }).nodeIterator()) {
    if (node.nodeClass !== NodeClass.Method) continue;
    const name = node.browseName.name ?? "";
    const permission = METHOD_PERMISSIONS[name];
    if (!permission) throw new Error(`OPC UA method ${node.nodeId.toString()} (${name}) has no permission in METHOD_PERMISSIONS`);
    guard(node as UAMethod, permission, log);
  }
}

/**
 * Set before the server listens, so a method bound later is never callable before its own
 * permissions are in place. The MES roles become Role objects in the server's RoleSet (OPC
 * 10000-18 §4.2), so a client can browse the roles the permissions name.
 */
export function observeOnly(addressSpace: AddressSpace) {
  const own = addressSpace.getOwnNamespace();
  own.setDefaultRolePermissions([{ roleId: anonymous, permissions: OBSERVE }]);
  const roleSet = addressSpace.findNode(resolveNodeId(ObjectIds.Server_ServerCapabilities_RoleSet));
  const roleType = addressSpace.findObjectType(resolveNodeId(ObjectTypeIds.RoleType));
  for (const role of ROLES) {
    if (!roleSet || !roleType || addressSpace.findNode(mesRoleNodeId(role))) continue;
    own.addObject({ browseName: role, nodeId: mesRoleNodeId(role), componentOf: roleSet, typeDefinition: roleType, description: `opcua-mes role ${role}: ${permissionsOf(role).join(", ")}` });
  }
  return own;
}

function permissionsOf(role: (typeof ROLES)[number]): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((permission) => (PERMISSIONS[permission] as readonly string[]).includes(role));
}

function guard(method: UAMethod, permission: Permission, log: Log): void {
  const callers = permission === "read" ? [anonymous] : PERMISSIONS[permission].map(mesRoleNodeId);
  method.setRolePermissions([{ roleId: anonymous, permissions: permission === "read" ? OBSERVE | PermissionType.Call : OBSERVE }, ...callers.filter((role) => role !== anonymous).map((roleId) => ({ roleId, permissions: OBSERVE | PermissionType.Call }))]);
  const execute = method.execute.bind(method) as (...args: unknown[]) => Promise<unknown>;
  // Wrapped only to log a denial: node-opcua refuses the call itself before any handler runs.
  (method as unknown as { execute: unknown }).execute = (object: unknown, inputArguments: unknown, context: ISessionContext, callback?: (error: Error | null, result?: unknown) => void) => {
    if (!context.checkPermission(method, PermissionType.Call)) {
      log.warn(`OPC UA call of ${method.parent?.browseName.name ?? "?"}.${method.browseName.name} denied to "${context.session ? context.getUserName() : "?"}" (needs ${permission}: ${PERMISSIONS[permission].join(", ")})`);
    }
    const result = execute(object, inputArguments, context);
    if (!callback) return result;
    result.then((value) => callback(null, value), (error: Error) => callback(error));
    return undefined;
  };
}
