import {
  AccessLevelFlag,
  AggregateFunction,
  DataType,
  DataValue,
  HistoryData,
  HistoryReadResult,
  ReadProcessedDetails,
  ReadRawModifiedDetails,
  StatusCode,
  StatusCodes,
  type ISessionContext,
  type NodeId,
  type UAVariable,
} from "node-opcua";
import { aggregate, processingIntervals, type AggregateName, type AggregateValue, type HistorySample } from "../../domain/history/aggregates.js";
import type { Log } from "../../services/log.js";
import { decodeCursor, encodeCursor, type HistoryCursor } from "./history-cursor.js";

/** A value as the history holds it: timestamps in ms, the OPC UA StatusCode (with any historian bits) as a number. */
export interface StoredValue {
  readonly at: number;
  readonly serverAt: number;
  readonly value: number | string | null;
  readonly statusCode: number;
}

/** Where a historized variable's values come from (the database). */
export interface HistorySource {
  /** Values with `from <= at < to`, oldest first (newest first when `reverse`), at most `limit`; equal timestamps in a stable order. */
  read(from: number, to: number, limit: number, reverse: boolean): Promise<StoredValue[]>;
  /** The timestamps of the first and the last value held (null: none). */
  bounds(): Promise<{ readonly start: number | null; readonly end: number | null }>;
}

export interface HistoryLimits {
  /** Values one HistoryRead operation returns at most; more come with a continuation point (HistoryServerCapabilities.MaxReturnDataValues). */
  readonly maxReturnDataValues: number;
  /** Raw values one ReadProcessed call aggregates at most; the intervals beyond them come with a continuation point. */
  readonly maxValuesPerAggregate: number;
}

/** OPC 10000-13 §4.2.2: the AggregateFunction objects of namespace 0 this server computes. */
const AGGREGATES = new Map<number, AggregateName>([
  [AggregateFunction.Average, "Average"],
  [AggregateFunction.Minimum, "Minimum"],
  [AggregateFunction.Maximum, "Maximum"],
  [AggregateFunction.Count, "Count"],
]);
export const SUPPORTED_AGGREGATE_FUNCTIONS = [...AGGREGATES.keys()] as AggregateFunction[];

type HistoryCallback = (error: Error | null, result?: HistoryReadResult) => void;
interface ContinuationData {
  continuationPoint?: Buffer | null;
  releaseContinuationPoints?: boolean;
}

/**
 * Makes a variable a HistoricalDataNode (OPC 10000-11 §5.2) read from `source`: Historizing and
 * the HistoryRead access level set, ReadRaw (§6.5.3) with continuation points for every cut (the
 * client's NumValuesPerNode or the server's MaxReturnDataValues), ReadProcessed (§6.5.4) with the
 * aggregates of OPC 10000-13 that this server lists, Bad_NoData where nothing is held.
 * ReadModified, ReadAtTime and events are not kept: Bad_HistoryOperationUnsupported.
 */
export function historize(variable: UAVariable, source: HistorySource, limits: HistoryLimits, log: Log): void {
  variable.historizing = true;
  variable.accessLevel = variable.accessLevel | AccessLevelFlag.HistoryRead;
  variable.userAccessLevel = (variable.userAccessLevel ?? variable.accessLevel) | AccessLevelFlag.HistoryRead;
  const node = variable.nodeId.toString();
  // node-opcua calls this with six arguments, the last a callback; it checks the arity.
  (variable as UAVariable & { _historyRead: unknown })._historyRead = function (_context: ISessionContext, details: unknown, _indexRange: unknown, _encoding: unknown, continuation: ContinuationData, callback: HistoryCallback) {
    read(details, continuation ?? {})
      .then((result) => callback(null, result))
      .catch((error) => {
        log.error(`HistoryRead of ${node} failed`, error);
        callback(null, new HistoryReadResult({ statusCode: StatusCodes.BadInternalError }));
      });
  };

  async function read(details: unknown, continuation: ContinuationData): Promise<HistoryReadResult> {
    let cursor: HistoryCursor | null = null;
    if (continuation.continuationPoint && continuation.continuationPoint.length > 0) {
      cursor = decodeCursor(continuation.continuationPoint, node);
      if (!cursor) return result(StatusCodes.BadContinuationPointInvalid);
      // OPC 10000-11 §6.3: a released continuation point returns no data. Ours hold no state to free.
      if (continuation.releaseContinuationPoints) return result(StatusCodes.Good, []);
    } else if (continuation.releaseContinuationPoints) {
      return result(StatusCodes.BadContinuationPointInvalid);
    }
    if (cursor?.kind === "raw") return readRaw(cursor);
    if (cursor?.kind === "processed") return readProcessed(cursor);
    if (details instanceof ReadRawModifiedDetails && !details.isReadModified) {
      const request = rawRequest(details);
      return typeof request === "object" && "kind" in request ? readRaw(request) : result(request);
    }
    if (details instanceof ReadProcessedDetails) {
      const request = processedRequest(details);
      return "kind" in request ? readProcessed(request) : result(request);
    }
    return result(StatusCodes.BadHistoryOperationUnsupported);
  }

  /** OPC 10000-11 §6.5.3.2: two of startTime, endTime and numValuesPerNode give the domain; a later end than start reads forward. */
  function rawRequest(details: ReadRawModifiedDetails): (HistoryCursor & { kind: "raw" }) | StatusCode {
    const start = specified(details.startTime);
    const end = specified(details.endTime);
    const count = details.numValuesPerNode;
    const base = { kind: "raw" as const, node, numValuesPerNode: count, seenAt: 0 };
    if (start !== null && end !== null) {
      // Equal times ask for the values at that instant.
      if (start === end) return { ...base, start, end: end + 1, reverse: false, at: start };
      return end > start ? { ...base, start, end, reverse: false, at: start } : { ...base, start: end, end: start, reverse: true, at: start };
    }
    if (count === 0) return StatusCodes.BadHistoryOperationInvalid;
    // Only one time and a count: the domain extends as far as that many values (no continuation point for the count).
    if (start !== null) return { ...base, start, end: Number.MAX_SAFE_INTEGER, reverse: false, at: start };
    if (end !== null) return { ...base, start: 0, end, reverse: true, at: end };
    return StatusCodes.BadHistoryOperationInvalid;
  }

  async function readRaw(request: HistoryCursor & { kind: "raw" }): Promise<HistoryReadResult> {
    const openEnded = request.end === Number.MAX_SAFE_INTEGER || request.start === 0;
    const wanted = Math.min(request.numValuesPerNode > 0 ? request.numValuesPerNode : Number.POSITIVE_INFINITY, limits.maxReturnDataValues);
    const from = request.reverse ? request.start : request.at;
    const to = request.reverse ? (request.seenAt > 0 ? request.at + 1 : request.end) : request.end;
    const fetched = (await source.read(from, to, wanted + request.seenAt + 1, request.reverse)).slice(request.seenAt);
    const first = request.seenAt === 0;
    if (fetched.length === 0) return result(first ? StatusCodes.BadNoData : StatusCodes.Good, []);
    const page = fetched.slice(0, wanted);
    // A count the client set on a one-sided domain is the domain's size, not a cut (§6.5.3.2).
    const cutByCount = openEnded && request.numValuesPerNode > 0 && page.length === request.numValuesPerNode;
    if (fetched.length <= wanted || cutByCount) return result(StatusCodes.Good, page.map(toDataValue));
    const last = page[page.length - 1].at;
    const seenAt = page.filter((value) => value.at === last).length + (last === request.at ? request.seenAt : 0);
    return result(StatusCodes.Good, page.map(toDataValue), encodeCursor({ ...request, at: last, seenAt }));
  }

  function processedRequest(details: ReadProcessedDetails): (HistoryCursor & { kind: "processed" }) | StatusCode {
    const start = specified(details.startTime);
    const end = specified(details.endTime);
    // node-opcua hands each operation its own aggregate.
    const type: NodeId | undefined = details.aggregateType?.[0];
    const name = type && type.namespace === 0 ? AGGREGATES.get(Number(type.value)) : undefined;
    if (!name) return StatusCodes.BadAggregateNotSupported;
    if (start === null || end === null || start === end || details.processingInterval < 0) return StatusCodes.BadInvalidArgument;
    // Intervals running backward from a later startTime (§6.5.4.1) are not offered.
    if (end < start) return StatusCodes.BadHistoryOperationUnsupported;
    return { kind: "processed", node, start, end, processingInterval: details.processingInterval, aggregate: name, next: start };
  }

  async function readProcessed(request: HistoryCursor & { kind: "processed" }): Promise<HistoryReadResult> {
    let intervals = processingIntervals(request.start, request.end, request.processingInterval, request.next, limits.maxReturnDataValues + 1);
    if (intervals.length === 0) return result(StatusCodes.Good, []);
    let more = intervals.length > limits.maxReturnDataValues;
    if (more) intervals = intervals.slice(0, limits.maxReturnDataValues);
    let values = await source.read(intervals[0].start, intervals[intervals.length - 1].end, limits.maxValuesPerAggregate + 1, false);
    if (values.length > limits.maxValuesPerAggregate) {
      // Aggregate the intervals the values read cover completely; the rest come after a continuation point.
      const covered = values[limits.maxValuesPerAggregate].at;
      const whole = intervals.filter((interval) => interval.end <= covered);
      if (whole.length > 0) {
        intervals = whole;
        values = values.filter((value) => value.at < whole[whole.length - 1].end);
      } else {
        intervals = intervals.slice(0, 1);
        values = await source.read(intervals[0].start, intervals[0].end, Number.MAX_SAFE_INTEGER, false);
      }
      more = true;
    }
    const samples: HistorySample[] = values.map((value) => ({ at: value.at, value: value.value, quality: quality(value.statusCode) }));
    const computed = aggregate(request.aggregate, samples, intervals, request.processingInterval, await source.bounds());
    const dataValues = computed.map((value) => aggregateDataValue(request.aggregate, value));
    const next = intervals[intervals.length - 1].end;
    return result(StatusCodes.Good, dataValues, more && next < request.end ? encodeCursor({ ...request, next }) : undefined);
  }

  /** DateTime.MinValue (and node-opcua's null) mean "not specified" (§6.5.3.1). */
  function specified(time: Date | null | undefined): number | null {
    if (!time) return null;
    const ms = time.getTime();
    return Number.isFinite(ms) && ms > 0 ? ms : null;
  }
}

function result(statusCode: StatusCode, dataValues?: DataValue[], continuationPoint?: Buffer): HistoryReadResult {
  return new HistoryReadResult({ statusCode, continuationPoint, historyData: dataValues ? new HistoryData({ dataValues }) : undefined });
}

function quality(statusCode: number): HistorySample["quality"] {
  const severity = statusCode >>> 30;
  return severity === 0 ? "good" : severity === 1 ? "uncertain" : "bad";
}

function toDataValue(value: StoredValue): DataValue {
  const variant =
    value.value === null ? { dataType: DataType.Null } : typeof value.value === "number" ? { dataType: DataType.Double, value: value.value } : { dataType: DataType.String, value: value.value };
  return new DataValue({ value: variant, statusCode: statusCodeOf(value.statusCode), sourceTimestamp: new Date(value.at), serverTimestamp: new Date(value.serverAt) });
}

/** A StatusCode value with its info bits, as node-opcua wants it. */
export function statusCodeOf(code: number): StatusCode {
  // `>>> 0`: JavaScript's bitwise operators give signed 32-bit numbers, and every Bad code has the top bit set.
  const base = (code & 0xffff0000) >>> 0;
  const bits = code & 0x0000ffff;
  const known = Object.values(StatusCodes).find((s) => s.value === base) ?? StatusCodes.Bad;
  return bits ? StatusCode.makeStatusCode(known, bits) : known;
}

function aggregateDataValue(name: AggregateName, value: AggregateValue): DataValue {
  const status: Record<AggregateValue["status"], StatusCode> = {
    Good: StatusCodes.Good,
    UncertainDataSubNormal: StatusCodes.UncertainDataSubNormal,
    Bad: StatusCodes.Bad,
    BadNoData: StatusCodes.BadNoData,
  };
  // OPC 10000-11 §6.3.3: Calculated 01 in the data value info bits (Raw is 00), then Partial and MultiValue.
  const bits = (value.calculated ? 0x1 : 0) | (value.partial ? 0x4 : 0) | (value.multiValue ? 0x10 : 0);
  const statusCode = bits ? StatusCode.makeStatusCode(status[value.status], bits) : status[value.status];
  const variant = value.value === null ? { dataType: DataType.Null } : name === "Count" ? { dataType: DataType.Int32, value: value.value } : { dataType: DataType.Double, value: value.value };
  const at = new Date(value.at);
  return new DataValue({ value: variant, statusCode, sourceTimestamp: at, serverTimestamp: at });
}
