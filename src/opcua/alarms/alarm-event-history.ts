import {
  DataType,
  DataTypeIds,
  EventNotifierFlags,
  HistoryReadResult,
  LocalizedText,
  NodeId,
  ReadEventDetails,
  StatusCodes,
  resolveNodeId,
  Variant,
  type AddressSpace,
  type SimpleAttributeOperand,
  type UAObject,
} from "node-opcua";
import { ALARM_KIND_INFO } from "../../domain/alarms/alarm-kinds.js";
import { isClosed } from "../../domain/alarms/alarm.js";
import type { AlarmService } from "../../services/alarms/alarm-service.js";
import type { Log } from "../../services/log.js";
import type { AlarmEventRecord } from "../../services/ports/alarms.js";
import type { PlantNodes } from "../plant-address-space.js";

interface Cursor {
  readonly k: "alarm-events";
  readonly from: number;
  readonly to: number;
  readonly reverse: boolean;
  readonly offset: number;
  readonly left: number | null;
}

const state = (on: boolean, yes: string, no: string) => new Variant({ dataType: DataType.LocalizedText, value: new LocalizedText({ text: on ? yes : no }) });
const bool = (value: boolean) => new Variant({ dataType: DataType.Boolean, value });
const text = (value: string | null) => new Variant({ dataType: DataType.LocalizedText, value: new LocalizedText({ text: value ?? "" }) });

/**
 * OPC 10000-11 §6.5.2 ReadEventDetails on the Server object (EventNotifier HistoryRead): the
 * stored life of every alarm, one event per change (raised, acknowledged, confirmed, commented,
 * shelved, unshelved, cleared), with the condition fields the select clauses name (EventId, Time,
 * Message, Severity, ActiveState/Id, AckedState/Id, ...); the same records as GET /api/v1/alarms.
 * The where clause is not evaluated: every alarm event in the window is returned. More than
 * NumValuesPerNode (or maxReturnEventValues) come with a continuation point.
 */
export function installAlarmEventHistory(addressSpace: AddressSpace, plantNodes: PlantNodes, alarms: AlarmService, maxReturnEventValues: number, log: Log): void {
  const server = addressSpace.rootFolder.objects.server as UAObject & { historyRead?: unknown };
  // node-opcua does not export these structures' classes: the address space builds them from their DataTypes.
  const historyEvent = (events: unknown[]) => addressSpace.constructExtensionObject(resolveNodeId(DataTypeIds.HistoryEvent), { events });
  const fieldList = (eventFields: Variant[]) => addressSpace.constructExtensionObject(resolveNodeId(DataTypeIds.HistoryEventFieldList), { eventFields });
  server.setEventNotifier(EventNotifierFlags.SubscribeToEvents | EventNotifierFlags.HistoryRead);
  server.historyRead = async (_context: unknown, details: unknown, _indexRange: unknown, _encoding: unknown, continuation: { continuationPoint?: Buffer | null; releaseContinuationPoints?: boolean } = {}) => {
    try {
      return await read(details, continuation);
    } catch (error) {
      log.error("HistoryReadEvents on the Server object failed", error);
      return new HistoryReadResult({ statusCode: StatusCodes.BadInternalError });
    }
  };

  async function read(details: unknown, continuation: { continuationPoint?: Buffer | null; releaseContinuationPoints?: boolean }): Promise<HistoryReadResult> {
    if (!(details instanceof ReadEventDetails)) return new HistoryReadResult({ statusCode: StatusCodes.BadHistoryOperationUnsupported });
    let cursor: Cursor | null = null;
    if (continuation.continuationPoint && continuation.continuationPoint.length > 0) {
      cursor = decode(continuation.continuationPoint);
      if (!cursor) return new HistoryReadResult({ statusCode: StatusCodes.BadContinuationPointInvalid });
      if (continuation.releaseContinuationPoints) return new HistoryReadResult({ statusCode: StatusCodes.Good, historyData: historyEvent([]) });
    } else {
      const start = specified(details.startTime);
      const end = specified(details.endTime);
      if (start === null && end === null) return new HistoryReadResult({ statusCode: StatusCodes.BadInvalidTimestampArgument });
      const reverse = start !== null && end !== null && end < start;
      const from = reverse ? end! : (start ?? 0);
      const to = reverse ? start! + 1 : end === null ? Date.now() + 1 : end === start ? end + 1 : end;
      cursor = { k: "alarm-events", from, to, reverse, offset: 0, left: details.numValuesPerNode > 0 ? details.numValuesPerNode : null };
    }
    const batch = Math.min(cursor.left ?? maxReturnEventValues, maxReturnEventValues);
    const records = await alarms.history({ from: new Date(cursor.from), to: new Date(cursor.to), reverse: cursor.reverse }, { limit: batch + 1, offset: cursor.offset });
    const shown = records.slice(0, batch);
    const left = cursor.left === null ? null : cursor.left - shown.length;
    const more = records.length > batch && (left === null || left > 0);
    const select = details.filter?.selectClauses ?? [];
    const events = shown.map((record) => fieldList(select.map((clause) => field(record, clause))));
    const continuationPoint = more ? Buffer.from(JSON.stringify({ ...cursor, offset: cursor.offset + shown.length, left } satisfies Cursor)) : undefined;
    return new HistoryReadResult({ statusCode: StatusCodes.Good, continuationPoint, historyData: historyEvent(events) });
  }

  function field(record: AlarmEventRecord, clause: SimpleAttributeOperand): Variant {
    const alarm = record.alarm;
    const info = ALARM_KIND_INFO[alarm.kind];
    const path = (clause.browsePath ?? []).map((name) => name.name).join("/");
    const conditionId = () => new NodeId(NodeId.NodeIdType.STRING, `${alarm.workUnitId}.Alarm.${alarm.id}`, plantNodes.namespace.index);
    // An empty path with the NodeId attribute is the ConditionId (OPC 10000-9 §5.5.2).
    if (path === "") return new Variant({ dataType: DataType.NodeId, value: conditionId() });
    const lastComment = record.comment ?? alarm.comments.at(-1)?.text ?? "";
    switch (path) {
      case "EventId":
        return new Variant({ dataType: DataType.ByteString, value: Buffer.from(record.id) });
      case "EventType":
        return new Variant({ dataType: DataType.NodeId, value: addressSpace.findEventType(info.conditionType)?.nodeId ?? NodeId.nullNodeId });
      case "SourceNode": {
        const nodeId = plantNodes.nodeIdOf(alarm.workUnitId);
        return new Variant({ dataType: DataType.NodeId, value: nodeId ? NodeId.resolveNodeId(nodeId) : NodeId.nullNodeId });
      }
      case "SourceName":
        return new Variant({ dataType: DataType.String, value: alarm.sourceName });
      case "Time":
      case "ReceiveTime":
        return new Variant({ dataType: DataType.DateTime, value: record.at });
      case "Message":
        return text(alarm.message);
      case "Severity":
      case "LastSeverity":
        return new Variant({ dataType: DataType.UInt16, value: alarm.severity });
      case "ConditionName":
        return new Variant({ dataType: DataType.String, value: info.conditionName });
      case "ConditionClassId":
        return new Variant({ dataType: DataType.NodeId, value: addressSpace.findObjectType(info.conditionClass)?.nodeId ?? NodeId.nullNodeId });
      case "ConditionClassName":
        return text(info.conditionClass.replace(/Type$/, ""));
      case "BranchId":
        return new Variant({ dataType: DataType.NodeId, value: NodeId.nullNodeId });
      case "Retain":
        return bool(!isClosed(alarm));
      case "ActiveState":
        return state(alarm.active, "Active", "Inactive");
      case "ActiveState/Id":
        return bool(alarm.active);
      case "AckedState":
        return state(alarm.acknowledged, "Acknowledged", "Unacknowledged");
      case "AckedState/Id":
        return bool(alarm.acknowledged);
      case "ConfirmedState":
        return state(alarm.confirmed, "Confirmed", "Unconfirmed");
      case "ConfirmedState/Id":
        return bool(alarm.confirmed);
      case "EnabledState":
        return state(true, "Enabled", "Disabled");
      case "EnabledState/Id":
        return bool(true);
      case "ShelvingState/CurrentState":
        return text(alarm.shelved === "timed" ? "TimedShelved" : alarm.shelved === "one-shot" ? "OneShotShelved" : "Unshelved");
      case "Comment":
        return text(lastComment);
      case "ClientUserId":
        return new Variant({ dataType: DataType.String, value: record.actor });
      case "Quality":
        return new Variant({ dataType: DataType.StatusCode, value: StatusCodes.Good });
      default:
        return new Variant({ dataType: DataType.Null });
    }
  }
}

/** DateTime.MinValue (and node-opcua's null) mean "not specified" (OPC 10000-11 §6.5.2). */
function specified(time: Date | null | undefined): number | null {
  if (!time) return null;
  const ms = time.getTime();
  return Number.isFinite(ms) && ms > 0 ? ms : null;
}

function decode(point: Buffer): Cursor | null {
  try {
    const cursor = JSON.parse(point.toString("utf8")) as Cursor;
    return cursor.k === "alarm-events" && Number.isFinite(cursor.from) && Number.isFinite(cursor.to) && Number.isInteger(cursor.offset) ? cursor : null;
  } catch {
    return null;
  }
}
