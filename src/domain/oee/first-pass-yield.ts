/**
 * Rework and first-pass yield from the dispositions of nonconformance reports. The PLC counts a
 * part good when it leaves the machine; a part an NCR later sends to rework or scrap did not pass
 * the first time. Decision: GQ and the quality ratio stay the PLC's (they are what the machine
 * made); the NCR quantities lower the first-pass yield only.
 */
export interface Dispositioned {
  /** ISO 22400-2 RQ rework quantity: parts an NCR dispositioned to rework. */
  readonly rq: number;
  /** Parts an NCR dispositioned to scrap (after they were counted). */
  readonly ncrScrap: number;
}

export const NO_DISPOSITIONS: Dispositioned = { rq: 0, ncrScrap: 0 };

export function addDispositioned(a: Dispositioned, b: Dispositioned): Dispositioned {
  return { rq: a.rq + b.rq, ncrScrap: a.ncrScrap + b.ncrScrap };
}

export interface FirstPass extends Dispositioned {
  /** ISO 22400-2:2014 6.2.17 Rework ratio: RWR = RQ / PQ; null with nothing produced. */
  readonly reworkRatio: number | null;
  /**
   * ISO 22400-2:2014 6.2.15 First pass yield: FPY = GP / IP, the parts good the first time over the
   * parts inspected. Every produced part passes the PLC's count, so IP = PQ and GP = GQ − RQ −
   * NCR scrap (never below 0); null with nothing produced.
   */
  readonly firstPassYield: number | null;
}

export function firstPass(quantities: { readonly pq: number; readonly gq: number }, dispositioned: Dispositioned): FirstPass {
  const { pq, gq } = quantities;
  if (pq <= 0) return { ...dispositioned, reworkRatio: null, firstPassYield: null };
  return { ...dispositioned, reworkRatio: dispositioned.rq / pq, firstPassYield: Math.max(0, gq - dispositioned.rq - dispositioned.ncrScrap) / pq };
}

/** One product's quantities and dispositions on one piece of equipment. */
export interface ProductCounts extends Dispositioned {
  readonly productId: string;
  readonly pq: number;
  readonly gq: number;
}

/** Per product over several work units (a roll-up): quantities and dispositions summed, the ratios of the sums; sorted by product. */
export function productFirstPass(rows: readonly ProductCounts[]): (ProductCounts & FirstPass)[] {
  const sums = new Map<string, { pq: number; gq: number; dispositioned: Dispositioned }>();
  for (const row of rows) {
    const sum = sums.get(row.productId) ?? { pq: 0, gq: 0, dispositioned: NO_DISPOSITIONS };
    sums.set(row.productId, { pq: sum.pq + row.pq, gq: sum.gq + row.gq, dispositioned: addDispositioned(sum.dispositioned, row) });
  }
  return [...sums].sort(([a], [b]) => a.localeCompare(b)).map(([productId, { pq, gq, dispositioned }]) => ({ productId, pq, gq, ...firstPass({ pq, gq }, dispositioned) }));
}
