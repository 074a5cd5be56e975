import {
  NodeClass,
  ObjectIds,
  ObjectTypeIds,
  PermissionType,
  resolveNodeId,
  StatusCodes,
  WellKnownRoles,
  type AddressSpace,
  type BaseNode,
  type CallMethodRequest,
  type CallMethodResultOptions,
  type ISessionContext,
  type Namespace,
  type UAMethod,
} from "node-opcua";
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
  RecordResult: "recordQuality",
};

/** What everyone may do, anonymous included (an Observer): browse, read, read history, receive events. Nobody writes. */
const OBSERVE = PermissionType.Browse | PermissionType.ReadRolePermissions | PermissionType.Read | PermissionType.ReadHistory | PermissionType.ReceiveEvents;
const anonymous = resolveNodeId(WellKnownRoles.Anonymous);

/**
 * Role permissions on the MES's own namespace and the plant's (OPC 10000-3 §5.2.9): everyone observes, nobody
 * writes, and each method may be called by the roles of its permission. A denied call answers
 * BadUserAccessDenied before its arguments are looked at (see checkCallPermissionFirst).
 */
export function installAccessControl(addressSpace: AddressSpace, plantNamespace?: Namespace): void {
  for (const namespace of observeOnly(addressSpace, plantNamespace)) {
    for (const node of (namespace as unknown as { nodeIterator(): Iterable<BaseNode> }).nodeIterator()) {
      if (node.nodeClass !== NodeClass.Method) continue;
      const name = node.browseName.name ?? "";
      const permission = METHOD_PERMISSIONS[name];
      if (!permission) throw new Error(`OPC UA method ${node.nodeId.toString()} (${name}) has no permission in METHOD_PERMISSIONS`);
      guard(node as UAMethod, permission);
    }
  }
}

/**
 * Set before the server listens, so a method bound later is never callable before its own
 * permissions are in place. The MES roles become Role objects in the server's RoleSet (OPC
 * 10000-18 §4.2), so a client can browse the roles the permissions name.
 */
export function observeOnly(addressSpace: AddressSpace, plantNamespace?: Namespace): Namespace[] {
  const own = addressSpace.getOwnNamespace();
  const namespaces = plantNamespace ? [own, plantNamespace] : [own];
  for (const namespace of namespaces) namespace.setDefaultRolePermissions([{ roleId: anonymous, permissions: OBSERVE }]);
  const roleSet = addressSpace.findNode(resolveNodeId(ObjectIds.Server_ServerCapabilities_RoleSet));
  const roleType = addressSpace.findObjectType(resolveNodeId(ObjectTypeIds.RoleType));
  for (const role of ROLES) {
    if (!roleSet || !roleType || addressSpace.findNode(mesRoleNodeId(role))) continue;
    own.addObject({ browseName: role, nodeId: mesRoleNodeId(role), componentOf: roleSet, typeDefinition: roleType, description: `opcua-mes role ${role}: ${permissionsOf(role).join(", ")}` });
  }
  return namespaces;
}

function permissionsOf(role: (typeof ROLES)[number]): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((permission) => (PERMISSIONS[permission] as readonly string[]).includes(role));
}

function guard(method: UAMethod, permission: Permission): void {
  const callers = permission === "read" ? [anonymous] : PERMISSIONS[permission].map(mesRoleNodeId);
  method.setRolePermissions([{ roleId: anonymous, permissions: permission === "read" ? OBSERVE | PermissionType.Call : OBSERVE }, ...callers.filter((role) => role !== anonymous).map((roleId) => ({ roleId, permissions: OBSERVE | PermissionType.Call }))]);
}

/** The part of node-opcua's address-space accessor that runs a Call request's methods. */
export interface MethodCaller {
  callMethod(context: ISessionContext, request: CallMethodRequest): Promise<CallMethodResultOptions>;
}

/**
 * node-opcua checks a call's input arguments before the caller's Call permission, so a caller
 * without it would learn a method's signature from BadArgumentsMissing / BadTypeMismatch. The
 * permission is checked first here (OPC 10000-4 §5.11.2: BadUserAccessDenied), and a denial is logged.
 */
export function checkCallPermissionFirst(caller: MethodCaller, addressSpace: AddressSpace, log: Log): void {
  if (typeof caller?.callMethod !== "function") throw new Error("node-opcua's address-space accessor has no callMethod: the Call permission cannot be checked first");
  const callMethod = caller.callMethod.bind(caller);
  caller.callMethod = async (context, request) => {
    const method = addressSpace.findNode(request.methodId);
    if (method?.nodeClass === NodeClass.Method && !context.checkPermission(method, PermissionType.Call)) {
      const name = method.browseName.name ?? "?";
      const permission = METHOD_PERMISSIONS[name];
      const needs = permission ? ` (needs ${permission}: ${PERMISSIONS[permission].join(", ")})` : "";
      const object = addressSpace.findNode(request.objectId);
      const user = context.session ? context.getUserName() : "?";
      log.warn(`OPC UA call of ${object?.browseName.name ?? "?"}.${name} denied to "${user}"${needs}`, { event: "command.refused", door: "opcua", command: name, object: object?.browseName.name ?? null, actor: user, permission: permission ?? null, status: "BadUserAccessDenied" });
      return { statusCode: StatusCodes.BadUserAccessDenied };
    }
    return callMethod(context, request);
  };
}
