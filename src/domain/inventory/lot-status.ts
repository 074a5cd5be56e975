/**
 * The status of a material lot or sublot and which movements it allows. ISA-95 Part 2 gives a
 * material lot a Status attribute and leaves its values to the site; OPC 10030 carries it on
 * MaterialLotType. The values are ours: available, quarantined, consumed, scrapped, shipped.
 */
export const LOT_STATUSES = ["available", "quarantined", "consumed", "scrapped", "shipped"] as const;
export type LotStatus = (typeof LOT_STATUSES)[number];

/** Every kind of material movement the ledger records (ISA-95 Part 3, inventory operations management: receipt, transfer, consumption, production). */
export const MOVEMENT_KINDS = ["receipt", "move", "split", "merge", "stage", "consume", "produce", "adjust", "status"] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

export const isLotStatus = (value: unknown): value is LotStatus => typeof value === "string" && (LOT_STATUSES as readonly string[]).includes(value);

/**
 * What a lot in each status may undergo. Only an available lot is moved, split, merged, staged or
 * consumed; a quarantined lot waits for a decision (release, scrap), the others are final except
 * that a person may correct them with an audited adjustment.
 */
const ALLOWED: Readonly<Record<LotStatus, readonly MovementKind[]>> = {
  available: ["move", "split", "merge", "stage", "consume", "produce", "adjust", "status"],
  quarantined: ["move", "adjust", "status"],
  consumed: ["adjust", "status"],
  scrapped: ["adjust"],
  shipped: ["adjust"],
};

/** Status changes a person may make by hand (the rest follow from movements: a lot used up is consumed). */
const STATUS_CHANGES: Readonly<Record<LotStatus, readonly LotStatus[]>> = {
  available: ["quarantined", "scrapped", "shipped"],
  quarantined: ["available", "scrapped"],
  consumed: ["available"],
  scrapped: [],
  shipped: [],
};

export function movementAllowed(status: LotStatus, kind: MovementKind): boolean {
  return ALLOWED[status].includes(kind);
}

export function statusChangeAllowed(from: LotStatus, to: LotStatus): boolean {
  return STATUS_CHANGES[from].includes(to);
}

/** Why a movement is refused from a status, in words a warehouse person acts on; null when it is allowed. */
export function movementRefusal(lotId: string, status: LotStatus, kind: MovementKind): string | null {
  if (movementAllowed(status, kind)) return null;
  const hint = status === "quarantined" ? "; release it (status available) first" : "";
  return `lot ${lotId} is ${status}: a ${kind} is not allowed${hint}`;
}

/** The status a lot takes when a movement leaves it with `remaining`: used up → consumed, unless it left otherwise. */
export function statusAfter(status: LotStatus, remaining: number, kind: MovementKind): LotStatus {
  if (status === "available" && remaining === 0 && (kind === "consume" || kind === "split" || kind === "merge")) return "consumed";
  if (status === "consumed" && remaining > 0 && kind === "adjust") return "available";
  return status;
}
