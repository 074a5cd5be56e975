import type { Genealogy } from "../inventory-types.js";
import { quantity } from "../inventory-types.js";

const COLUMN = 220;
const NODE_W = 180;
const NODE_H = 44;
const ROW = 60;
const PAD = 10;

/**
 * A lot's genealogy as a graph: one column per step away from the lot, the lot itself bold.
 * Backward, what went into it stands to its left; forward, what it went into stands to its right.
 * Each arrow runs the way the material went, with the quantity moved along it.
 */
export function GenealogyGraph({ genealogy }: { genealogy: Genealogy }) {
  const maxDepth = Math.max(0, ...genealogy.lots.map((lot) => lot.depth));
  const column = (depth: number) => (genealogy.direction === "backward" ? maxDepth - depth : depth);
  const rows = new Map<number, number>();
  const at = new Map<string, { x: number; y: number }>();
  for (const lot of [...genealogy.lots].sort((a, b) => a.depth - b.depth || a.id.localeCompare(b.id))) {
    const row = rows.get(lot.depth) ?? 0;
    rows.set(lot.depth, row + 1);
    at.set(lot.id, { x: PAD + column(lot.depth) * COLUMN, y: PAD + row * ROW });
  }
  const width = PAD * 2 + maxDepth * COLUMN + NODE_W;
  const height = PAD * 2 + Math.max(1, ...rows.values()) * ROW - (ROW - NODE_H);
  const label = `${genealogy.direction === "backward" ? "Backward" : "Forward"} genealogy of lot ${genealogy.rootLotId}: ${genealogy.lots.length} lots, ${genealogy.edges.length} links`;
  return (
    <figure class="genealogy" data-direction={genealogy.direction}>
      <svg viewBox={`0 0 ${width} ${height}`} width={width} role="img" aria-label={label}>
        <defs>
          <marker id={`arrow-${genealogy.direction}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" class="genealogy-arrow" />
          </marker>
        </defs>
        {genealogy.edges.map((edge) => {
          const from = at.get(edge.fromLotId);
          const to = at.get(edge.toLotId);
          if (!from || !to) return null;
          const [x1, y1, x2, y2] = [from.x + NODE_W, from.y + NODE_H / 2, to.x, to.y + NODE_H / 2];
          return (
            <g key={`${edge.fromLotId}>${edge.toLotId}>${edge.jobOrderId ?? ""}`} data-edge={`${edge.fromLotId}>${edge.toLotId}`}>
              <line x1={x1} y1={y1} x2={x2} y2={y2} class="genealogy-edge" marker-end={`url(#arrow-${genealogy.direction})`} />
              <text x={(x1 + x2) / 2} y={(y1 + y2) / 2 - 4} class="genealogy-edge-label" text-anchor="middle">{quantity(edge.quantity, edge.unit)}</text>
            </g>
          );
        })}
        {genealogy.lots.map((lot) => {
          const p = at.get(lot.id)!;
          return (
            <g key={lot.id} transform={`translate(${p.x} ${p.y})`} data-lot={lot.id}>
              <rect width={NODE_W} height={NODE_H} rx={5} class={lot.id === genealogy.rootLotId ? "genealogy-node genealogy-root" : "genealogy-node"} />
              <text x={8} y={18} class="genealogy-lot">{lot.id}</text>
              <text x={8} y={35} class="genealogy-material">{`${lot.materialDefinitionId} · ${lot.status}`}</text>
              <title>{`${lot.id}: ${quantity(lot.quantity, lot.unit)} of ${lot.materialDefinitionId}, ${lot.status}${lot.locationId ? ` at ${lot.locationId}` : ""}`}</title>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
