import { durationOf, overlapMs, totalMs, type Interval } from "./interval.js";
import { plannedTime, type PlannedTime, type ShiftCalendar } from "./shift-calendar.js";
import { timeElements, type OeePolicy, type StateSpan, type TimeElements } from "./time-model.js";
import { addDays, instantOf, localDateOf } from "./zoned-time.js";

/**
 * OEE of a long window as the sum of its pieces (stored hourly summaries, raw edges): every time
 * element is additive in ms, but the two counts are not, because a stop that crosses a piece's
 * edge is one stop, not one per piece. So a piece counts a stop only where the stop first reached
 * planned busy time (its "first" count), and a window adds back the one stop per work unit that
 * crosses its start after reaching planned busy time before it (see crossingStopFix). The sum then
 * equals the raw computation of the window exactly.
 */

/** Of a stop, what the counts need: failure (down time, not a micro-stop) or micro-stop. */
export type StopKind = "failure" | "micro";

/** The stop crossing a piece's start, with whether it reached planned busy time before that start. */
export interface CrossingStop {
  readonly kind: StopKind;
  readonly start: number;
  readonly end: number;
  readonly countedBefore: boolean;
}

export interface Piece {
  /** failures and microStops are the first counts (see above). */
  readonly elements: TimeElements;
  readonly head: CrossingStop | null;
}

export function stopKind(span: StateSpan, policy: OeePolicy): StopKind | null {
  const category = policy.stateCategories[span.state];
  if (category !== "delay" && category !== "downtime") return null;
  if (durationOf(span) < policy.microStopMs) return "micro";
  return category === "downtime" ? "failure" : null;
}

const busyMs = (calendar: ShiftCalendar | null, window: Interval): number => (calendar && window.end > window.start ? totalMs(plannedTime(calendar, window).busy) : 0);

/**
 * One work unit's piece of a window: `spans` are its spans reaching into the piece (whole, not
 * clipped: a micro-stop is one by its whole length), `planned` the planned time of the piece.
 */
export function pieceOf(spans: readonly StateSpan[], calendar: ShiftCalendar | null, planned: PlannedTime, piece: Interval, policy: OeePolicy, orders: readonly Interval[]): Piece {
  const elements = timeElements(spans, planned, policy, orders);
  const crossing = spans.find((span) => span.start < piece.start && span.end > piece.start);
  const kind = crossing ? stopKind(crossing, policy) : null;
  if (!crossing || !kind) return { elements, head: null };
  const head = { kind, start: crossing.start, end: crossing.end, countedBefore: busyMs(calendar, { start: crossing.start, end: piece.start }) > 0 };
  if (!head.countedBefore || overlapMs(crossing, planned.busy) === 0) return { elements, head };
  // Counted already where it first reached planned busy time, before this piece.
  return { elements: kind === "failure" ? { ...elements, failures: elements.failures - 1 } : { ...elements, microStops: elements.microStops - 1 }, head };
}

/**
 * What a window adds to the first counts of its pieces for one unit: the stop crossing the
 * window's start (the head of its first piece) counts in the window when it reaches planned busy
 * time inside it, though its first counted piece lies before the window.
 */
export function crossingStopFix(head: CrossingStop | null, calendar: ShiftCalendar | null, window: Interval): { failures: number; microStops: number } {
  if (!head || !head.countedBefore) return { failures: 0, microStops: 0 };
  if (busyMs(calendar, { start: window.start, end: Math.min(head.end, window.end) }) === 0) return { failures: 0, microStops: 0 };
  return head.kind === "failure" ? { failures: 1, microStops: 0 } : { failures: 0, microStops: 1 };
}

export const HOUR_MS = 3_600_000;

/**
 * How long before its hour ends a change may still count on no summary of that hour existing. A
 * summary is kept only of an hour that had ended when it was computed, and one computed after the
 * change sees it. The margin is for a summary computed meanwhile by an instance whose clock runs
 * ahead, or while the change's transaction is still open.
 */
export const HOUR_NOT_ENDED_MARGIN_MS = 5 * 60_000;

/**
 * Whether no hour summary from `from` on can exist at `at`: `from` lies in the hour running at
 * `at` or later, and that hour ends more than HOUR_NOT_ENDED_MARGIN_MS after `at`.
 */
export function noSummaryToDropFrom(from: number, at: number): boolean {
  const hourOfChange = Math.floor(at / HOUR_MS) * HOUR_MS;
  return from >= hourOfChange && hourOfChange + HOUR_MS - at > HOUR_NOT_ENDED_MARGIN_MS;
}

/** The UTC hours lying whole inside the window and ended by `now`: the pieces a summary may hold. */
export function wholeHours(window: Interval, now: number): Interval | null {
  const start = Math.ceil(window.start / HOUR_MS) * HOUR_MS;
  const end = Math.floor(Math.min(window.end, now) / HOUR_MS) * HOUR_MS;
  return end > start ? { start, end } : null;
}

/**
 * The local days of the zone (midnight to midnight) lying whole inside `hours`, those that are
 * made of whole UTC hours (not in a zone of a half-hour offset): the pieces a day summary may hold.
 */
export function wholeDays(hours: Interval, timeZone: string): Interval[] {
  const days: Interval[] = [];
  let date = localDateOf(timeZone, hours.start);
  for (let start = instantOf(timeZone, date, 0); start < hours.end; ) {
    date = addDays(date, 1);
    const end = instantOf(timeZone, date, 0);
    if (start >= hours.start && end <= hours.end && start % HOUR_MS === 0 && end % HOUR_MS === 0) days.push({ start, end });
    start = end;
  }
  return days;
}

/** The parts of `whole` outside the intervals (sorted, inside it, not overlapping). */
export function outside(whole: Interval, holes: readonly Interval[]): Interval[] {
  const parts: Interval[] = [];
  let at = whole.start;
  for (const hole of holes) {
    if (hole.start > at) parts.push({ start: at, end: hole.start });
    at = Math.max(at, hole.end);
  }
  if (whole.end > at) parts.push({ start: at, end: whole.end });
  return parts;
}
