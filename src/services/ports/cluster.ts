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

/** Where a command handed to another instance stands: waiting, being carried out, answered, or given up by its sender. */
export type ClusterCommandState = "pending" | "running" | "answered" | "expired";

/** A command for equipment another instance owns, as the database carries it (cluster_command). */
export interface ClusterCommandRecord {
  readonly id: string;
  readonly kind: string;
  readonly equipmentId: string;
  /** The instance that is to carry it out: the equipment's owner when it was sent. */
  readonly target: string;
  readonly sender: string;
  /** The caller's actor, encoded (command-codec.ts). */
  readonly actor: string;
  /** The service method's other arguments, encoded. */
  readonly arguments: string;
  readonly state: ClusterCommandState;
  /** The service method's result or refusal, encoded; null until answered. */
  readonly answer: string | null;
  readonly createdAt: Date;
  /** The owner starts it only before this (the sender's clock); afterwards the sender has given up on it. */
  readonly deadline: Date;
  readonly claimedAt: Date | null;
  readonly answeredAt: Date | null;
}

export interface ClusterCommandReader {
  find(id: string): Promise<ClusterCommandRecord | null>;
  /** Commands for `target` still waiting and not past their deadline at `now`, oldest first. */
  pendingFor(target: string, now: Date, limit: number): Promise<ClusterCommandRecord[]>;
}

export interface ClusterCommandRepository extends ClusterCommandReader {
  insert(command: ClusterCommandRecord): Promise<void>;
  /**
   * Takes a waiting command for `target` to carry it out, if it is still pending and its deadline
   * has not passed: one conditional UPDATE, so of two claimants (or a claim and its sender giving
   * up) exactly one wins, on SQLite and on every Galera node alike.
   */
  claim(id: string, target: string, now: Date): Promise<boolean>;
  /** Stores the answer of a command this instance claimed. */
  answer(id: string, answer: string, now: Date): Promise<boolean>;
  /** The sender gives up on a command nobody claimed yet; false when the owner claimed it first. */
  expire(id: string): Promise<boolean>;
  /** Deletes commands whose deadline is before `before`, whatever became of them; returns how many. */
  prune(before: Date): Promise<number>;
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
