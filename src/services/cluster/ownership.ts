import { coveringLease, equipmentLeaseName, equipmentOfLease } from "../../domain/cluster/lease.js";
import type { EquipmentNode } from "../../domain/equipment.js";
import type { Clock } from "../clock.js";
import type { Log } from "../log.js";
import type { ReadRepositories } from "../ports/store.js";
import type { LeaseKeeper } from "./lease-keeper.js";

/**
 * Which part of the plant this MES instance runs: connects to its PLCs, tracks its states and
 * counts, runs its dispatch drivers and carries out commands for it. Every instance serves the
 * whole plant for reading.
 */
export interface Ownership {
  /** False for a MES alone on its database: it owns everything and takes no leases. */
  readonly clustered: boolean;
  readonly instanceId: string | null;
  /** Whether this instance runs this piece of equipment now (a work unit is owned with any ancestor). */
  ownsLocally(equipmentId: string): boolean;
  /** The instance that runs this piece of equipment now, as the database says; null when none does. */
  ownerOf(equipmentId: string): Promise<string | null>;
  /** The lease a write for this equipment is fenced with (LeaseKeeper.fence); null when not clustered. */
  leaseOf(equipmentId: string): string | null;
  /** Told whenever this instance takes or loses a part of the plant (`equipmentId`: the lease's site, area, center or unit). */
  onChange(listener: (equipmentId: string, owned: boolean) => void): () => void;
}

/** One MES on its database: everything is its own. */
export const soleOwnership: Ownership = {
  clustered: false,
  instanceId: null,
  ownsLocally: () => true,
  ownerOf: async () => null,
  leaseOf: () => null,
  onChange: () => () => undefined,
};

/**
 * Ownership by equipment leases: this instance asks for the leases of what `owns` names, and, with
 * `takeOver`, for every equipment lease of the cluster that lapsed (its owner died or lost the
 * database), found among the leases every round.
 */
export class LeasedOwnership implements Ownership {
  readonly clustered = true;
  private readonly parentOf: ReadonlyMap<string, string | null>;

  constructor(
    private readonly keeper: LeaseKeeper,
    private readonly read: Pick<ReadRepositories, "leases">,
    equipmentNodes: readonly EquipmentNode[],
    owns: readonly string[],
    private readonly takeOver: boolean,
    private readonly clock: Clock,
    private readonly log: Log,
  ) {
    this.parentOf = new Map(equipmentNodes.map((node) => [node.id, node.parentId]));
    for (const id of owns) keeper.want(equipmentLeaseName(id));
    keeper.beforeEachRound(() => this.lookForLapsed());
  }

  get instanceId(): string {
    return this.keeper.instanceId;
  }

  ownsLocally(equipmentId: string): boolean {
    const name = this.leaseOf(equipmentId);
    return name !== null && this.keeper.holding(name) !== undefined;
  }

  /** The nearest lease this instance holds or wants that covers the equipment. */
  leaseOf(equipmentId: string): string | null {
    return coveringLease(this.parentOf, equipmentId, this.keeper.names());
  }

  async ownerOf(equipmentId: string): Promise<string | null> {
    const now = this.clock.now().getTime();
    const live = (await this.read.leases.findAll("equipment:")).filter((lease) => lease.expiresAt.getTime() > now);
    const name = coveringLease(this.parentOf, equipmentId, new Set(live.map((lease) => lease.name)));
    return live.find((lease) => lease.name === name)?.holder ?? null;
  }

  onChange(listener: (equipmentId: string, owned: boolean) => void): () => void {
    return this.keeper.onChange((name, held) => {
      const equipmentId = equipmentOfLease(name);
      if (equipmentId) listener(equipmentId, held);
    });
  }

  /** Asks for every lapsed equipment lease of a part of this plant; the keeper takes them on its next round. */
  async lookForLapsed(): Promise<void> {
    if (!this.takeOver) return;
    const now = this.clock.now().getTime();
    for (const lease of await this.read.leases.findAll("equipment:")) {
      const equipmentId = equipmentOfLease(lease.name);
      if (!equipmentId || !this.parentOf.has(equipmentId) || lease.expiresAt.getTime() > now) continue;
      if (!this.keeper.names().has(lease.name)) this.log.info(`taking over ${equipmentId} from ${lease.holder} (its lease lapsed)`);
      this.keeper.want(lease.name);
    }
  }
}
