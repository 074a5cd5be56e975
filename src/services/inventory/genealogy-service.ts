import { DomainError } from "../../domain/domain-error.js";
import { collapseEdges, GenealogyWalk, TRACE_MAX_DEPTH, TRACE_MAX_LOTS, type CollapsedEdge, type TraceDirection } from "../../domain/inventory/genealogy.js";
import type { MaterialLotRecord } from "../ports/inventory.js";
import type { Store } from "../ports/store.js";

export interface Genealogy {
  readonly rootLotId: string;
  readonly direction: TraceDirection;
  readonly lots: (MaterialLotRecord & { readonly depth: number })[];
  /** One edge per pair of lots and job order, with the quantity and number of movements behind it. */
  readonly edges: readonly CollapsedEdge[];
  /** What went into (or came of) the root besides lots: the job orders, work units, people and carriers on its edges. */
  readonly jobOrderIds: string[];
  readonly workUnitIds: string[];
  readonly actors: string[];
  readonly carrierIds: string[];
  readonly truncated: boolean;
}

const distinct = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => v !== null))].sort();

/** Backward and forward traces of a lot over the movement ledger, one indexed query per level of the graph. */
export class GenealogyService {
  constructor(
    private readonly store: Store,
    private readonly limits = { maxDepth: TRACE_MAX_DEPTH, maxLots: TRACE_MAX_LOTS },
  ) {}

  async trace(lotId: string, direction: unknown): Promise<Genealogy> {
    if (direction !== "backward" && direction !== "forward") throw new DomainError("invalid_input", "direction: backward or forward", { field: "direction" });
    const root = await this.store.read.lots.findById(lotId);
    if (!root) throw new DomainError("not_found", `lotId: no lot "${lotId}"`, { field: "lotId" });
    const walk = new GenealogyWalk(lotId, direction, this.limits);
    while (walk.frontier().length > 0) walk.advance(await this.store.read.movements.edges(direction, walk.frontier()));
    const graph = walk.graph();
    const records = new Map((await this.store.read.lots.findByIds([...graph.lots.keys()])).map((lot) => [lot.id, lot]));
    const lots = [...graph.lots].flatMap(([id, depth]) => (records.has(id) ? [{ ...records.get(id)!, depth }] : []));
    return {
      rootLotId: lotId,
      direction,
      lots,
      edges: collapseEdges(graph.edges),
      jobOrderIds: distinct(graph.edges.map((e) => e.jobOrderId)),
      workUnitIds: distinct(graph.edges.map((e) => e.workUnitId)),
      actors: distinct(graph.edges.map((e) => e.actor)),
      carrierIds: distinct([...graph.edges.map((e) => e.carrierId), ...lots.map((l) => l.carrierId)]),
      truncated: graph.truncated,
    };
  }
}
