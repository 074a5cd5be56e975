import { equipmentLeaseName } from "../../domain/cluster/lease.js";
import type { Repositories } from "../ports/store.js";
import { LeaseLostError, type LeaseKeeper } from "./lease-keeper.js";
import type { Ownership } from "./ownership.js";

/**
 * Ownership as the work units' writers see it: which units this instance runs now, the fence a
 * write for one of them takes in its transaction, and a word per unit whenever one is gained or
 * lost (a lease covers a site, an area, a center or a unit; its writers think in units).
 */
export interface UnitOwnership {
  readonly clustered: boolean;
  owns(workUnitId: string): boolean;
  /** In the unit of work of a write for this unit: refuses (LeaseLostError) unless this instance still holds its lease. */
  fence(repos: Repositories, workUnitId: string): Promise<void>;
  /** The same for a write of several units: each lease among theirs is fenced once. */
  fenceAll(repos: Repositories, workUnitIds: Iterable<string>): Promise<void>;
  /** Told for each unit this instance gains or loses, after the lease changed. Returns the unsubscribe. */
  onChange(listener: (workUnitId: string, owned: boolean) => void): () => void;
}

/** A MES alone on its database: every unit is its own, nothing is fenced. */
export const allUnits: UnitOwnership = {
  clustered: false,
  owns: () => true,
  fence: async () => undefined,
  fenceAll: async () => undefined,
  onChange: () => () => undefined,
};

/** The units of `workUnitIds` this instance owns by its leases (allUnits when not clustered). */
export function unitOwnership(cluster: { readonly ownership: Ownership; readonly leases: LeaseKeeper | null }, workUnitIds: readonly string[]): UnitOwnership {
  const { ownership, leases } = cluster;
  if (!ownership.clustered || !leases) return allUnits;
  return new LeasedUnits(ownership, leases, workUnitIds);
}

class LeasedUnits implements UnitOwnership {
  readonly clustered = true;
  private readonly owned = new Set<string>();
  private readonly listeners = new Set<(workUnitId: string, owned: boolean) => void>();
  private diffing = false;
  private again = false;

  constructor(
    private readonly ownership: Ownership,
    private readonly leases: LeaseKeeper,
    private readonly workUnitIds: readonly string[],
  ) {
    ownership.onChange(() => this.diff());
  }

  owns(workUnitId: string): boolean {
    return this.ownership.ownsLocally(workUnitId);
  }

  async fence(repos: Repositories, workUnitId: string): Promise<void> {
    const lease = this.ownership.leaseOf(workUnitId);
    if (!lease) throw new LeaseLostError(equipmentLeaseName(workUnitId));
    await this.leases.fence(repos, lease);
  }

  async fenceAll(repos: Repositories, workUnitIds: Iterable<string>): Promise<void> {
    const leases = new Set<string>();
    for (const id of workUnitIds) {
      const lease = this.ownership.leaseOf(id);
      if (!lease) throw new LeaseLostError(equipmentLeaseName(id));
      leases.add(lease);
    }
    for (const lease of leases) await this.leases.fence(repos, lease);
  }

  onChange(listener: (workUnitId: string, owned: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Asking ownsLocally may itself lose a lapsed lease (and call back here): the diff runs again then, not inside itself. */
  private diff(): void {
    if (this.diffing) {
      this.again = true;
      return;
    }
    this.diffing = true;
    try {
      do {
        this.again = false;
        for (const id of this.workUnitIds) {
          const owned = this.ownership.ownsLocally(id);
          if (owned === this.owned.has(id)) continue;
          if (owned) this.owned.add(id);
          else this.owned.delete(id);
          for (const listener of this.listeners) listener(id, owned);
        }
      } while (this.again);
    } finally {
      this.diffing = false;
    }
  }
}
