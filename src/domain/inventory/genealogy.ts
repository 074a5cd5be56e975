/**
 * Genealogy: which lots went into a lot (backward) and which lots a lot went into (forward), as a
 * graph over the ledger's movement edges (a split's parent → child, a merge's source → target, a
 * consumed lot → the output lot of the job order that used it). ISA-95 Part 3 (inventory
 * operations management: material tracking) and Part 2's material lot and sublot assembly relations.
 *
 * The walk is breadth-first by level, so a store answers each level with one indexed query for the
 * whole frontier rather than one per lot.
 */
export interface GenealogyEdge {
  readonly movementId: string;
  readonly kind: string;
  readonly fromLotId: string;
  readonly toLotId: string;
  readonly quantity: number;
  readonly unit: string;
  readonly at: Date;
  readonly jobOrderId: string | null;
  readonly workUnitId: string | null;
  readonly actor: string | null;
  readonly carrierId: string | null;
}

export type TraceDirection = "backward" | "forward";

export interface GenealogyGraph {
  readonly rootLotId: string;
  readonly direction: TraceDirection;
  /** Lot ids, each with its distance from the root (0 for the root). */
  readonly lots: ReadonlyMap<string, number>;
  readonly edges: readonly GenealogyEdge[];
  /** True when the walk stopped at the depth or size limit with lots left to visit. */
  readonly truncated: boolean;
}

/** A year of splits and merges is shallow; a loop in bad data or a pathologically deep tree must not hold a request. */
export const TRACE_MAX_DEPTH = 64;
/** Lots in one answer; past this a trace is a report, not a screen. */
export const TRACE_MAX_LOTS = 10_000;

export class GenealogyWalk {
  private readonly depth = new Map<string, number>();
  private readonly edges: GenealogyEdge[] = [];
  private readonly seenEdges = new Set<string>();
  private current: string[];
  private level = 0;
  private truncated = false;

  constructor(
    readonly rootLotId: string,
    readonly direction: TraceDirection,
    private readonly limits: { readonly maxDepth: number; readonly maxLots: number } = { maxDepth: TRACE_MAX_DEPTH, maxLots: TRACE_MAX_LOTS },
  ) {
    this.depth.set(rootLotId, 0);
    this.current = [rootLotId];
  }

  /** The lots whose edges the next level needs; empty when the walk is done. */
  frontier(): readonly string[] {
    return this.current;
  }

  /** Takes the edges found for the frontier (to it when backward, from it when forward) and moves one level on. */
  advance(found: readonly GenealogyEdge[]): void {
    const frontier = new Set(this.current);
    const next: string[] = [];
    this.level++;
    for (const edge of found) {
      const [near, far] = this.direction === "backward" ? [edge.toLotId, edge.fromLotId] : [edge.fromLotId, edge.toLotId];
      if (!frontier.has(near) || this.seenEdges.has(edge.movementId + far)) continue;
      if (!this.depth.has(far) && this.depth.size >= this.limits.maxLots) {
        this.truncated = true;
        continue;
      }
      this.seenEdges.add(edge.movementId + far);
      this.edges.push(edge);
      // A lot reached before keeps its first (shortest) distance and is not walked again: loops end.
      if (!this.depth.has(far)) {
        this.depth.set(far, this.level);
        next.push(far);
      }
    }
    if (this.level >= this.limits.maxDepth && next.length > 0) {
      this.truncated = true;
      this.current = [];
    } else {
      this.current = next;
    }
  }

  graph(): GenealogyGraph {
    return { rootLotId: this.rootLotId, direction: this.direction, lots: new Map(this.depth), edges: [...this.edges], truncated: this.truncated };
  }
}

/** The walk over an in-memory edge list: for tests and for small traces already loaded. */
export function traceInMemory(rootLotId: string, direction: TraceDirection, all: readonly GenealogyEdge[], limits?: { maxDepth: number; maxLots: number }): GenealogyGraph {
  const walk = new GenealogyWalk(rootLotId, direction, limits);
  while (walk.frontier().length > 0) {
    const frontier = new Set(walk.frontier());
    walk.advance(all.filter((edge) => frontier.has(direction === "backward" ? edge.toLotId : edge.fromLotId)));
  }
  return walk.graph();
}

/** The edges between two lots through one job order, as one: a job backflushes a lot into its output lot at every count. */
export interface CollapsedEdge {
  readonly kind: string;
  readonly fromLotId: string;
  readonly toLotId: string;
  readonly quantity: number;
  readonly unit: string;
  readonly firstAt: Date;
  readonly lastAt: Date;
  readonly movements: number;
  readonly jobOrderId: string | null;
  readonly workUnitId: string | null;
}

export function collapseEdges(edges: readonly GenealogyEdge[]): CollapsedEdge[] {
  const byKey = new Map<string, { -readonly [K in keyof CollapsedEdge]: CollapsedEdge[K] }>();
  for (const edge of edges) {
    const key = JSON.stringify([edge.kind, edge.fromLotId, edge.toLotId, edge.unit, edge.jobOrderId, edge.workUnitId]);
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, { kind: edge.kind, fromLotId: edge.fromLotId, toLotId: edge.toLotId, quantity: edge.quantity, unit: edge.unit, firstAt: edge.at, lastAt: edge.at, movements: 1, jobOrderId: edge.jobOrderId, workUnitId: edge.workUnitId });
      continue;
    }
    seen.quantity = Math.round((seen.quantity + edge.quantity) * 1e6) / 1e6;
    seen.movements++;
    if (edge.at < seen.firstAt) seen.firstAt = edge.at;
    if (edge.at > seen.lastAt) seen.lastAt = edge.at;
  }
  return [...byKey.values()];
}
