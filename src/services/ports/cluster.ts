import type { Lease } from "../../domain/cluster/lease.js";
import type { PlcConnectionState } from "../../domain/plc-connection.js";

export interface LeaseReader {
  find(name: string): Promise<Lease | null>;
  /** Every lease whose name starts with `prefix` (all of them without one). */
  findAll(prefix?: string): Promise<Lease[]>;
}

export interface LeaseRepository extends LeaseReader {
  /** Writes a lease no row holds yet; false when another instance wrote it first. */
  insert(lease: Lease): Promise<boolean>;
  /**
   * Replaces the lease if it is still as `expected` says (holder and token): the one write that
   * takes, renews or releases a lease. False when another instance changed it first.
   */
  replace(expected: Pick<Lease, "name" | "holder" | "token">, next: Lease): Promise<boolean>;
  /**
   * Writes to the lease row if `holder` still holds it with `token`; false if not. Called inside the
   * unit of work a fenced write belongs to: the row write makes that transaction conflict with a
   * takeover on any Galera node (certification sees both), so one of the two loses.
   */
  touchIfHeld(name: string, holder: string, token: number): Promise<boolean>;
}

/** A PLC's connection as the instance that runs it last saw it: what the other instances show. */
export interface PlcLinkState {
  readonly plcId: string;
  readonly state: PlcConnectionState;
  readonly since: Date;
  readonly lastError: string | null;
  readonly instanceId: string;
}

export interface PlcLinkStateReader {
  findAll(): Promise<PlcLinkState[]>;
}

export interface PlcLinkStateRepository extends PlcLinkStateReader {
  save(state: PlcLinkState): Promise<void>;
}
