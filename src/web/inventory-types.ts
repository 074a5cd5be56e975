/** The inventory answers of the REST API as the pages use them (GET /lots, /stock, /staging, /movements, /lots/:id/genealogy). */
export interface Lot {
  id: string;
  materialDefinitionId: string;
  parentLotId: string | null;
  quantity: number;
  unit: string;
  status: string;
  locationId: string | null;
  carrierId: string | null;
  jobOrderId: string | null;
  description: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface StockRow {
  locationId: string | null;
  materialDefinitionId: string;
  status: string;
  unit: string;
  quantity: number;
  lots: number;
}

export interface Staging {
  workUnitId: string;
  materialDefinitionId: string;
  lotId: string;
  stagedAt: string;
  stagedBy: string;
}

export interface Movement {
  id: string;
  kind: string;
  fromLotId: string | null;
  toLotId: string | null;
  materialDefinitionId: string;
  quantity: number;
  unit: string;
  jobOrderId: string | null;
  workUnitId: string | null;
  carrierId: string | null;
  problem: string | null;
  comment: string | null;
  at: string;
  actor: string;
}

export interface GenealogyEdge {
  kind: string;
  fromLotId: string;
  toLotId: string;
  quantity: number;
  unit: string;
  firstAt: string;
  lastAt: string;
  movements: number;
  jobOrderId?: string | null;
}

export interface Genealogy {
  rootLotId: string;
  direction: "backward" | "forward";
  lots: (Lot & { depth: number })[];
  edges: GenealogyEdge[];
  jobOrderIds: string[];
  workUnitIds: string[];
  actors: string[];
  carrierIds: string[];
  truncated: boolean;
}

export const quantity = (value: number, unit: string) => `${Number(value.toFixed(3)).toLocaleString("en-US")} ${unit}`;
export const lotHref = (id: string) => `#/lots/${encodeURIComponent(id)}`;
