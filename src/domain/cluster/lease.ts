/**
 * A lease in the database: who holds a part of the plant (or a plant-wide job) until when. The
 * token counts every change of holder, so a write fenced with an old token is refused even when
 * the old holder's clock says its lease still runs (a paused process, a lost database link).
 */
export interface Lease {
  readonly name: string;
  readonly holder: string;
  readonly token: number;
  readonly expiresAt: Date;
}

export type LeaseDecision =
  | { readonly kind: "take"; readonly token: number; readonly expiresAt: Date }
  | { readonly kind: "renew"; readonly token: number; readonly expiresAt: Date }
  | { readonly kind: "held"; readonly holder: string; readonly expiresAt: Date };

/**
 * What `instanceId` may do with the lease as it stands: renew its own, take a free or lapsed one
 * (with the next token), or leave one another instance holds. A lease that lapsed is taken with a
 * new token even by its former holder: what it wrote under the old token may have been fenced off.
 */
export function decideLease(current: Lease | null, instanceId: string, now: Date, durationMs: number): LeaseDecision {
  const expiresAt = new Date(now.getTime() + durationMs);
  if (!current) return { kind: "take", token: 1, expiresAt };
  if (current.expiresAt.getTime() > now.getTime()) {
    if (current.holder === instanceId) return { kind: "renew", token: current.token, expiresAt };
    return { kind: "held", holder: current.holder, expiresAt: current.expiresAt };
  }
  return { kind: "take", token: current.token + 1, expiresAt };
}

/** The lease name of a part of the plant an instance owns (a site, an area, a work center or a unit). */
export const equipmentLeaseName = (equipmentId: string): string => `equipment:${equipmentId}`;

/** The lease name of a job that runs once across the cluster (the callback sender, the rescheduler). */
export const singletonLeaseName = (job: string): string => `singleton:${job}`;

/** The equipment id an equipment lease names, or null for any other lease. */
export function equipmentOfLease(name: string): string | null {
  return name.startsWith("equipment:") ? name.slice("equipment:".length) : null;
}

/**
 * The lease among `leaseNames` that covers a piece of equipment: its own equipment lease or its
 * nearest ancestor's (a work unit is owned with its work center, area or site), or null.
 */
export function coveringLease(parentOf: ReadonlyMap<string, string | null>, equipmentId: string, leaseNames: ReadonlySet<string>): string | null {
  for (let id: string | null | undefined = equipmentId, depth = 0; id && depth < 64; id = parentOf.get(id), depth++) {
    const name = equipmentLeaseName(id);
    if (leaseNames.has(name)) return name;
  }
  return null;
}
