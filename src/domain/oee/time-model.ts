import type { MachineState } from "../machine-state.js";
import { durationOf, intersect, overlapMs, totalMs, union, type Interval } from "./interval.js";
import type { PlannedTime } from "./shift-calendar.js";

/** Where a state's time goes in the ISO 22400-2 time model. */
export type TimeCategory = "production" | "setup" | "delay" | "downtime" | "communicationLoss" | "unknown";

/**
 * ISO 22400 by default: idle (no order, starved, blocked) and stopped are unplanned delay inside
 * planned busy time, so they lower availability; a fault is down time; a lost PLC is its own loss,
 * never production. Configurable, because plants classify waiting differently.
 */
export const ISO_STATE_CATEGORIES: Readonly<Record<MachineState, TimeCategory>> = {
  running: "production",
  setup: "setup",
  idle: "delay",
  stopped: "delay",
  faulted: "downtime",
  disconnected: "communicationLoss",
  unknown: "unknown",
};

export interface OeePolicy {
  /**
   * Where short stops go. "iso": unplanned delay (ADET), outside production time, lowering
   * availability. "tpm" (Nakajima): inside run time, lowering effectiveness instead.
   */
  readonly microStopConvention: "iso" | "tpm";
  /** A delay or down-time stop shorter than this is a micro-stop. */
  readonly microStopMs: number;
  readonly stateCategories: Readonly<Record<MachineState, TimeCategory>>;
}

/** A work unit's state over [start, end); spans of one unit never overlap. */
export interface StateSpan extends Interval {
  readonly state: MachineState;
}

/** ISO 22400-2 time elements of one work unit over a window, in ms; actual times are counted inside planned busy time. */
export interface TimeElements {
  /** Planned operation time (the shifts). */
  readonly potMs: number;
  /** Planned down time (breaks, planned maintenance). */
  readonly pdotMs: number;
  /** Planned busy time = POT - PDOT. */
  readonly pbtMs: number;
  /** Actual production time. */
  readonly aptMs: number;
  /** Actual unit setup time. */
  readonly austMs: number;
  /** Actual unit delay time (micro-stops included under the ISO convention). */
  readonly adetMs: number;
  /** Actual unit down time (malfunction). */
  readonly adotMs: number;
  /** The PLC was not reachable: its own loss, neither production nor down time. */
  readonly communicationLossMs: number;
  /** Planned busy time with no known state. */
  readonly unknownMs: number;
  /** Micro-stop time, wherever the convention put it. */
  readonly microStopMs: number;
  readonly microStops: number;
  /** Down-time stops (not micro-stops) that reach into planned busy time: the failures of MTBF and MTTR. */
  readonly failures: number;
  /** Production outside planned busy time (during a break, before the shift): shown, not counted. */
  readonly productionOutsidePbtMs: number;
  /**
   * Actual order execution time (ISO 22400-2 AOET): from the actual start to the actual end of
   * the unit's job orders, busy or not, their overlaps counted once, inside planned busy time
   * like the other actual times.
   */
  readonly aoetMs: number;
}

export const ZERO_ELEMENTS: TimeElements = {
  potMs: 0,
  pdotMs: 0,
  pbtMs: 0,
  aptMs: 0,
  austMs: 0,
  adetMs: 0,
  adotMs: 0,
  communicationLossMs: 0,
  unknownMs: 0,
  microStopMs: 0,
  microStops: 0,
  failures: 0,
  productionOutsidePbtMs: 0,
  aoetMs: 0,
};

/**
 * Splits each state span at the planned-time boundaries and files its parts. A span's length
 * decides whether it is a micro-stop (its whole length, not the part inside the window, so a
 * long stop is not turned into a micro-stop by a shift boundary). `orders` are the unit's job
 * orders from their actual start to their actual end (or now), for AOET.
 */
export function timeElements(spans: readonly StateSpan[], planned: PlannedTime, policy: OeePolicy, orders: readonly Interval[] = []): TimeElements {
  const totals = { aptMs: 0, austMs: 0, adetMs: 0, adotMs: 0, communicationLossMs: 0, microStopMs: 0, microStops: 0, failures: 0, productionOutsidePbtMs: 0 };
  const pbtMs = totalMs(planned.busy);
  let knownMs = 0;
  for (const span of spans) {
    const category = policy.stateCategories[span.state];
    const inside = overlapMs(span, planned.busy);
    if (category === "production") {
      const outside = planned.operation.reduce((sum, o) => sum + durationOf(intersect(span, o) ?? { start: 0, end: 0 }), 0) - inside;
      totals.productionOutsidePbtMs += Math.max(0, outside);
    }
    if (inside === 0) continue;
    const isStop = category === "delay" || category === "downtime";
    const micro = isStop && durationOf(span) < policy.microStopMs;
    if (category !== "unknown") knownMs += inside;
    if (micro) {
      totals.microStopMs += inside;
      totals.microStops++;
      if (policy.microStopConvention === "tpm") totals.aptMs += inside;
      else totals.adetMs += inside;
      continue;
    }
    if (category === "production") totals.aptMs += inside;
    else if (category === "setup") totals.austMs += inside;
    else if (category === "delay") totals.adetMs += inside;
    else if (category === "downtime") {
      totals.adotMs += inside;
      totals.failures++;
    } else if (category === "communicationLoss") totals.communicationLossMs += inside;
  }
  return {
    potMs: totalMs(planned.operation),
    pdotMs: totalMs(planned.downtime),
    pbtMs,
    ...totals,
    unknownMs: Math.max(0, pbtMs - knownMs),
    // ISO 22400-2 AOET: two orders running at once on one unit are one execution time, not two.
    aoetMs: union(orders).reduce((sum, order) => sum + overlapMs(order, planned.busy), 0),
  };
}

/**
 * The share of planned busy time whose machine state the MES knows; null with no planned time.
 * The rest (before the MES ran, or while it was down) stays in PBT as a loss, so a figure over a
 * mostly unrecorded window has to say so.
 */
export function recordedShare(elements: TimeElements): number | null {
  return elements.pbtMs > 0 ? (elements.pbtMs - elements.unknownMs) / elements.pbtMs : null;
}

/** Roll-ups add time elements (and quantities); they never average percentages. */
export function addElements(a: TimeElements, b: TimeElements): TimeElements {
  const sum = { ...a };
  for (const key of Object.keys(a) as (keyof TimeElements)[]) (sum as Record<keyof TimeElements, number>)[key] = a[key] + b[key];
  return sum;
}
