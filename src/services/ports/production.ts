import type { MachineState } from "../../domain/machine-state.js";

/** What the work units did: parts counted, states held, counters seen, scrap classified. */

/** Good and scrap counted on one work unit over [periodStart, periodEnd). */
export interface ProductionRecord {
  readonly id: string;
  readonly equipmentId: string;
  readonly jobOrderId: string | null;
  readonly productId: string | null;
  readonly periodStart: Date;
  readonly periodEnd: Date;
  readonly good: number;
  readonly scrap: number;
  readonly source: "plc" | "manual";
  /** The operators rostered on the unit's work center when the parts were made (empty when unknown). */
  readonly operatorIds?: readonly string[];
}

/** A work unit's state over [startedAt, endedAt); endedAt is null while it lasts. Never overlapping per equipment. */
export interface StateIntervalRecord {
  readonly id: string;
  readonly equipmentId: string;
  readonly state: MachineState;
  readonly startedAt: Date;
  readonly endedAt: Date | null;
  readonly faultCode: string | null;
  readonly jobOrderId: string | null;
  /** The downtime reason of a stop, set by an operator or from the PLC's fault code. */
  readonly reasonCode: string | null;
}

/** The last raw value of a cumulative PLC counter that has been turned into production records. */
export interface CounterCheckpoint {
  readonly equipmentId: string;
  readonly counter: "good" | "reject";
  readonly value: number;
  readonly updatedAt: Date;
}

export interface ScrapClassificationRecord {
  readonly id: string;
  readonly equipmentId: string;
  readonly jobOrderId: string | null;
  readonly at: Date;
  readonly quantity: number;
  readonly reasonCode: string;
  readonly comment: string | null;
}

export interface ProductionRecordReader {
  /** Records whose period overlaps [from, to), oldest first. */
  findByEquipment(equipmentId: string, from: Date, to: Date): Promise<ProductionRecord[]>;
  /** Records of any of the equipment overlapping [from, to), by equipment, oldest first. */
  findByEquipments(equipmentIds: readonly string[], from: Date, to: Date): Promise<ProductionRecord[]>;
  /** Records of any of the equipment that began in [from, to) (where OEE counts them), by equipment, oldest first. */
  findStartingIn(equipmentIds: readonly string[], from: Date, to: Date): Promise<ProductionRecord[]>;
  /** Sum of good and scrap of records whose periodStart lies in [from, to). */
  totals(equipmentId: string, from: Date, to: Date): Promise<{ good: number; scrap: number }>;
  /** Sum of good and scrap recorded for one job order, on any equipment. */
  totalsOfJob(jobOrderId: string): Promise<{ good: number; scrap: number }>;
  /**
   * Rows whose id sorts after `afterId`, by id, at most `limit`: with time-ordered ids (UUIDv7),
   * what was made since then. Another MES instance of the cluster follows them (peer-follower).
   */
  findMadeAfter(afterId: string, limit: number): Promise<ProductionRecord[]>;
}

export interface ProductionRecordRepository extends ProductionRecordReader {
  insertMany(records: readonly ProductionRecord[]): Promise<void>;
}

export interface StateIntervalReader {
  /** The interval still open (endedAt null) for the equipment, if any. */
  findOpen(equipmentId: string): Promise<StateIntervalRecord | null>;
  findAllOpen(): Promise<StateIntervalRecord[]>;
  /** Intervals overlapping [from, to), oldest first. */
  findByEquipment(equipmentId: string, from: Date, to: Date): Promise<StateIntervalRecord[]>;
  /** Intervals of any of the equipment overlapping [from, to), by equipment, oldest first. */
  findByEquipments(equipmentIds: readonly string[], from: Date, to: Date): Promise<StateIntervalRecord[]>;
  findById(id: string): Promise<StateIntervalRecord | null>;
  /** When the first interval of any of the equipment began: before it the MES recorded nothing there (null: nothing yet). */
  firstStartedAt(equipmentIds: readonly string[]): Promise<Date | null>;
  /**
   * Rows whose id sorts after `afterId`, by id, at most `limit`: with time-ordered ids (UUIDv7),
   * what was made since then. Another MES instance of the cluster follows them (peer-follower).
   */
  findMadeAfter(afterId: string, limit: number): Promise<StateIntervalRecord[]>;
}

export interface StateIntervalRepository extends StateIntervalReader {
  insert(record: StateIntervalRecord): Promise<void>;
  /** History imported in bulk (a migration from another system, benchmarks). */
  insertMany(records: readonly StateIntervalRecord[]): Promise<void>;
  /** Sets endedAt of the open interval of the equipment; no-op when none is open. */
  closeOpen(equipmentId: string, endedAt: Date): Promise<void>;
  /** Sets the fault code (and the reason it maps to, unless one is set) of the open interval. */
  updateOpenFault(equipmentId: string, faultCode: string, reasonCode: string | null): Promise<void>;
  setReason(id: string, reasonCode: string | null): Promise<void>;
  /** Ends the interval at `at` and starts a copy of it there; returns the copy. */
  split(id: string, at: Date, newId: string): Promise<StateIntervalRecord>;
}

export interface ScrapClassificationReader {
  /** Oldest first. */
  findByEquipment(equipmentIds: readonly string[], from: Date, to: Date): Promise<ScrapClassificationRecord[]>;
}

export interface ScrapClassificationRepository extends ScrapClassificationReader {
  insert(record: ScrapClassificationRecord): Promise<void>;
}

export interface CounterCheckpointReader {
  findAll(): Promise<CounterCheckpoint[]>;
}

export interface CounterCheckpointRepository extends CounterCheckpointReader {
  upsert(checkpoint: CounterCheckpoint): Promise<void>;
}

/** The last moment the MES knew a work unit's state (it was running and tracking it). */
export interface EquipmentHeartbeat {
  readonly equipmentId: string;
  readonly lastKnownAt: Date;
}

export interface EquipmentHeartbeatReader {
  findAll(): Promise<EquipmentHeartbeat[]>;
}

export interface EquipmentHeartbeatRepository extends EquipmentHeartbeatReader {
  /** Sets lastKnownAt of every given work unit to `at`. */
  beat(equipmentIds: readonly string[], at: Date): Promise<void>;
}
