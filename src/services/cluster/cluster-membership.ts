import type { EquipmentNode } from "../../domain/equipment.js";
import type { Clock } from "../clock.js";
import type { Log } from "../log.js";
import type { Store } from "../ports/store.js";
import { LeaseKeeper } from "./lease-keeper.js";
import { LeasedOwnership, soleOwnership, type Ownership } from "./ownership.js";

export interface ClusterSettings {
  readonly instanceId?: string | undefined;
  readonly owns: readonly string[];
  readonly takeOver: boolean;
  readonly leaseSeconds: number;
}

export interface ClusterMembership {
  /** Null for a MES alone on its database (no instance id set): it owns the whole plant and takes no leases. */
  readonly leases: LeaseKeeper | null;
  readonly ownership: Ownership;
}

/**
 * What `cluster` in mes.yaml makes of this instance. Leases are renewed every third of their run,
 * so two renewals may fail (a database node restarting) before the lease is lost.
 */
export function joinCluster(settings: ClusterSettings, store: Store, equipmentNodes: readonly EquipmentNode[], clock: Clock, log: Log): ClusterMembership {
  if (!settings.instanceId) return { leases: null, ownership: soleOwnership };
  const durationMs = settings.leaseSeconds * 1000;
  const leases = new LeaseKeeper(store, clock, settings.instanceId, { durationMs, renewEveryMs: Math.floor(durationMs / 3) }, log);
  const ownership = new LeasedOwnership(leases, store.read, equipmentNodes, settings.owns, settings.takeOver, clock, log);
  return { leases, ownership };
}
