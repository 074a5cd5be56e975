import type { AggregateName } from "../../domain/history/aggregates.js";

/**
 * Where a cut HistoryRead goes on: the whole request and the point reached, carried in the
 * continuation point itself (OPC 10000-11 §6.3 allows a timestamp-based one), so the server holds
 * nothing per session between calls and a client that never comes back costs nothing.
 */
export type HistoryCursor =
  | {
      readonly kind: "raw";
      readonly node: string;
      readonly start: number;
      readonly end: number;
      readonly reverse: boolean;
      readonly numValuesPerNode: number;
      /** The timestamp of the last value returned, and how many values at it were returned. */
      readonly at: number;
      readonly seenAt: number;
    }
  | {
      readonly kind: "processed";
      readonly node: string;
      readonly start: number;
      readonly end: number;
      readonly processingInterval: number;
      readonly aggregate: AggregateName;
      /** The start of the next interval to return. */
      readonly next: number;
    };

const PREFIX = "mes-history:1:";

export function encodeCursor(cursor: HistoryCursor): Buffer {
  return Buffer.from(PREFIX + JSON.stringify(cursor), "utf8");
}

/** The cursor in a continuation point, or null when it is not one of ours for this node (Bad_ContinuationPointInvalid). */
export function decodeCursor(point: Buffer, node: string): HistoryCursor | null {
  const text = point.toString("utf8");
  if (!text.startsWith(PREFIX)) return null;
  try {
    const cursor = JSON.parse(text.slice(PREFIX.length)) as HistoryCursor;
    if (cursor.node !== node || !Number.isFinite(cursor.start) || !Number.isFinite(cursor.end)) return null;
    if (cursor.kind === "raw" && Number.isFinite(cursor.at) && Number.isInteger(cursor.seenAt) && cursor.seenAt >= 0) return cursor;
    if (cursor.kind === "processed" && Number.isFinite(cursor.next) && cursor.processingInterval >= 0) return cursor;
    return null;
  } catch {
    return null;
  }
}
