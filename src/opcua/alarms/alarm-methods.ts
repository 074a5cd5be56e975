import { DataType, LocalizedText, StatusCodes, type AddressSpace, type CallMethodRequest, type CallMethodResultOptions, type ISessionContext, type StatusCode, type Variant } from "node-opcua";
import type { AlarmRefusal } from "../../domain/alarms/alarm.js";
import { DomainError } from "../../domain/domain-error.js";
import { may, PERMISSIONS } from "../../domain/roles.js";
import type { AlarmService } from "../../services/alarms/alarm-service.js";
import type { Log } from "../../services/log.js";
import type { MethodCaller } from "../access-control.js";
import { opcuaActor } from "../opcua-actor.js";
import { mesRolesOf } from "../opcua-roles.js";
import type { AlarmConditions } from "./alarm-conditions.js";

/** OPC 10000-9's answer to each refusal of the alarm service. */
const REFUSAL_STATUS: Record<AlarmRefusal, StatusCode> = {
  "already-acknowledged": StatusCodes.BadConditionBranchAlreadyAcked,
  "already-confirmed": StatusCodes.BadConditionBranchAlreadyConfirmed,
  "not-acknowledged": StatusCodes.BadInvalidState,
  "already-shelved": StatusCodes.BadConditionAlreadyShelved,
  "not-shelved": StatusCodes.BadConditionNotShelved,
  closed: StatusCodes.BadInvalidState,
  "comment-too-long": StatusCodes.BadInvalidArgument,
  "comment-empty": StatusCodes.BadInvalidArgument,
  "shelving-time-out-of-range": StatusCodes.BadShelvingTimeOutOfRange,
};

const CONDITION_METHODS = new Set(["Acknowledge", "Confirm", "AddComment"]);
const SHELVING_METHODS = new Set(["TimedShelve", "OneShotShelve", "Unshelve"]);

/**
 * Acknowledge, Confirm, AddComment and the shelving methods of the MES's conditions, called on the
 * condition's own methods or its type's (OPC 10000-9 lets a client name either), go to the alarm
 * service like the REST routes: the store and the audit trail say who, through the OPC UA door.
 * They need acknowledgeAlarms (Operator, Maintenance, Supervisor, Admin), checked before the
 * arguments (BadUserAccessDenied); Enable and Disable are not offered (BadNotSupported).
 * Calls on any other object go on to node-opcua.
 */
export function routeAlarmMethods(caller: MethodCaller, addressSpace: AddressSpace, conditions: AlarmConditions, alarms: AlarmService, log: Log): void {
  const next = caller.callMethod.bind(caller);
  caller.callMethod = async (context, request) => {
    const target = request.objectId ? conditions.targetOf(request.objectId) : undefined;
    if (!target) return next(context, request);
    const name = addressSpace.findNode(request.methodId)?.browseName.name ?? "";
    if (!(target.shelving ? SHELVING_METHODS : CONDITION_METHODS).has(name)) return { statusCode: StatusCodes.BadNotSupported };
    const roles = mesRolesOf(context.getCurrentUserRoles());
    if (!may(roles, "acknowledgeAlarms")) {
      const user = context.session ? context.getUserName() : "?";
      log.warn(`OPC UA call of ${name} on alarm ${target.alarmId} denied to "${user}" (needs acknowledgeAlarms: ${PERMISSIONS.acknowledgeAlarms.join(", ")})`, { event: "command.refused", door: "opcua", command: name, actor: user, permission: "acknowledgeAlarms", status: "BadUserAccessDenied" });
      return { statusCode: StatusCodes.BadUserAccessDenied };
    }
    return call(context, request, target.alarmId, name);
  };

  async function call(context: ISessionContext, request: CallMethodRequest, alarmId: string, name: string): Promise<CallMethodResultOptions> {
    const args = request.inputArguments ?? [];
    const actor = opcuaActor(context);
    try {
      if (CONDITION_METHODS.has(name)) {
        const problem = expect(args, [DataType.ByteString, DataType.LocalizedText]);
        if (problem) return problem;
        if (!conditions.knowsEventId(alarmId, args[0].value as Buffer | null)) return { statusCode: StatusCodes.BadEventIdUnknown };
        const comment = (args[1].value as LocalizedText | null)?.text ?? "";
        if (name === "Acknowledge") await alarms.acknowledge(alarmId, actor, comment || undefined);
        else if (name === "Confirm") await alarms.confirm(alarmId, actor, comment || undefined);
        else await alarms.comment(alarmId, actor, comment);
        return { statusCode: StatusCodes.Good };
      }
      if (name === "TimedShelve") {
        const problem = expect(args, [DataType.Double]);
        if (problem) return problem;
        await alarms.shelve(alarmId, actor, "timed", Number(args[0].value));
      } else {
        const problem = expect(args, []);
        if (problem) return problem;
        if (name === "OneShotShelve") await alarms.shelve(alarmId, actor, "one-shot");
        else await alarms.unshelve(alarmId, actor);
      }
      return { statusCode: StatusCodes.Good };
    } catch (error) {
      if (error instanceof DomainError) {
        const reason = error.details.reason as AlarmRefusal | undefined;
        if (reason && REFUSAL_STATUS[reason]) return { statusCode: REFUSAL_STATUS[reason] };
        if (error.code === "not_found") return { statusCode: StatusCodes.BadEventIdUnknown };
      }
      log.error(`OPC UA ${name} of alarm ${alarmId} failed`, error);
      return { statusCode: StatusCodes.BadInternalError };
    }
  }
}

/** OPC 10000-4 §5.11.2: too few arguments, too many, or one of the wrong type. */
function expect(args: readonly Variant[], types: readonly DataType[]): CallMethodResultOptions | null {
  if (args.length < types.length) return { statusCode: StatusCodes.BadArgumentsMissing };
  if (args.length > types.length) return { statusCode: StatusCodes.BadTooManyArguments };
  const results = args.map((arg, i) => (arg.dataType === types[i] || (types[i] === DataType.ByteString && arg.dataType === DataType.Null) ? StatusCodes.Good : StatusCodes.BadTypeMismatch));
  return results.some((s) => s !== StatusCodes.Good) ? { statusCode: StatusCodes.BadInvalidArgument, inputArgumentResults: results } : null;
}
