import type { TimeElements } from "./time-model.js";

/** Produced quantities of a window, with the ideal time they should have taken. */
export interface Quantities {
  /** Produced quantity (good + scrap). */
  readonly pq: number;
  readonly gq: number;
  readonly sq: number;
  /** Sum of PRI_i x PQ_i (ideal cycle time of each item's product on its unit), ms. */
  readonly idealMs: number;
  /** Parts whose product has no ideal cycle time on their unit: effectiveness cannot be known. */
  readonly pqWithoutIdeal: number;
}

export const ZERO_QUANTITIES: Quantities = { pq: 0, gq: 0, sq: 0, idealMs: 0, pqWithoutIdeal: 0 };

export function addQuantities(a: Quantities, b: Quantities): Quantities {
  return { pq: a.pq + b.pq, gq: a.gq + b.gq, sq: a.sq + b.sq, idealMs: a.idealMs + b.idealMs, pqWithoutIdeal: a.pqWithoutIdeal + b.pqWithoutIdeal };
}

export type OeeFlag = "no_planned_time" | "not_recorded" | "effectiveness_above_1" | "ideal_cycle_time_missing" | "nothing_produced";

/** ISO 22400-2 KPIs; null where the standard's ratio has nothing to divide by ("n/a", never a made-up 100 %). Unrounded. */
export interface Kpis {
  readonly availability: number | null;
  readonly effectiveness: number | null;
  readonly qualityRate: number | null;
  readonly oee: number | null;
  /** Net equipment effectiveness: setup is not counted as a loss. */
  readonly nee: number | null;
  /** Parts per hour of busy time (PQ / AUBT). */
  readonly throughputRatePerHour: number | null;
  readonly setupRatio: number | null;
  readonly scrapRatio: number | null;
  /** How much of the planned busy time the unit was busy (AUBT / PBT). */
  readonly allocationEfficiency: number | null;
  /** Busy time per order execution time (AUBT / AOET); above 1 where the unit was busy outside its job orders. */
  readonly allocationRatio: number | null;
  readonly mtbfMs: number | null;
  readonly mttrMs: number | null;
  readonly flags: OeeFlag[];
}

const ratio = (numerator: number, denominator: number): number | null => (denominator > 0 ? numerator / denominator : null);

/**
 * The KPIs of ISO 22400-2:2014 clause 6.2 that the time elements and quantities give, each cited
 * beside its formula. Decisions: a planned window in which the unit never produced, or ran and
 * made nothing, has OEE 0 (a factor of 0 decides it; the others may be n/a); effectiveness above
 * 1 is reported as it is and flagged; parts without an ideal cycle time make effectiveness (and
 * OEE) n/a rather than a guess. Planned time of which the MES knows no state at all (before it first
 * ran, or a whole period it was down) has no figures: it is "not recorded", not a 0 % OEE; a
 * window recorded in part keeps its unrecorded rest as a loss (see recordedShare).
 */
export function kpis(elements: TimeElements, quantities: Quantities): Kpis {
  if (elements.pbtMs > 0 && elements.unknownMs >= elements.pbtMs) return notRecorded(quantities);
  const flags: OeeFlag[] = [];
  const { pbtMs, aptMs, austMs, adetMs, adotMs, aoetMs } = elements;
  if (pbtMs === 0) flags.push("no_planned_time");
  if (quantities.pq === 0) flags.push("nothing_produced");
  if (quantities.pqWithoutIdeal > 0) flags.push("ideal_cycle_time_missing");
  // ISO 22400-2:2014 6.2.8 Availability: A = APT / PBT
  const availability = ratio(aptMs, pbtMs);
  // ISO 22400-2:2014 6.2.9 Effectiveness: E = PRI x PQ / APT, summed over the products made
  const effectiveness = quantities.pqWithoutIdeal > 0 ? null : ratio(quantities.idealMs, aptMs);
  if (effectiveness !== null && effectiveness > 1) flags.push("effectiveness_above_1");
  // ISO 22400-2:2014 6.2.10 Quality ratio: QR = GQ / PQ
  const qualityRate = ratio(quantities.gq, quantities.pq);
  // A factor of 0 decides the product even when another is n/a (it ran and made nothing: OEE 0).
  const product = (first: number | null) => (first === 0 || effectiveness === 0 ? 0 : first !== null && effectiveness !== null && qualityRate !== null ? first * effectiveness * qualityRate : null);
  // ISO 22400-2 AUBT = APT + AUST + ADET
  const aubtMs = aptMs + austMs + adetMs;
  return {
    availability,
    effectiveness,
    qualityRate,
    // ISO 22400-2:2014 6.2.6 OEE index = A x E x QR
    oee: product(availability),
    // ISO 22400-2:2014 6.2.7 NEE index = APT / (PBT - AUST) x E x QR
    nee: product(ratio(aptMs, pbtMs - austMs)),
    // ISO 22400-2:2014 6.2.3 Throughput rate: TR = PQ / AUBT (here per hour)
    throughputRatePerHour: ratio(quantities.pq, aubtMs / 3_600_000),
    // ISO 22400-2:2014 6.2.11 Setup rate: SeR = AUST / AUBT
    setupRatio: ratio(austMs, aubtMs),
    // ISO 22400-2:2014 6.2.16 Scrap ratio: SR = SQ / PQ
    scrapRatio: ratio(quantities.sq, quantities.pq),
    // ISO 22400-2:2014 6.2.4 Allocation efficiency: AE = AUBT / PBT
    allocationEfficiency: ratio(aubtMs, pbtMs),
    // ISO 22400-2:2014 6.2.2 Allocation ratio: AR = AUBT / AOET
    allocationRatio: ratio(aubtMs, aoetMs),
    // ISO 22400-2:2014 6.2.31 Mean operating time between failures: MTBF = APT / FE (failure events)
    mtbfMs: ratio(aptMs, elements.failures),
    // ISO 22400-2:2014 6.2.33 Mean time to restoration: MTTR = ADOT / FE
    mttrMs: ratio(adotMs, elements.failures),
    flags,
  };
}

function notRecorded(quantities: Quantities): Kpis {
  const flags: OeeFlag[] = ["not_recorded"];
  if (quantities.pq === 0) flags.push("nothing_produced");
  return {
    availability: null,
    effectiveness: null,
    qualityRate: null,
    oee: null,
    nee: null,
    throughputRatePerHour: null,
    setupRatio: null,
    scrapRatio: null,
    allocationEfficiency: null,
    allocationRatio: null,
    mtbfMs: null,
    mttrMs: null,
    flags,
  };
}
