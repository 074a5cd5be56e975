import type { EquipmentNode } from "../domain/equipment.js";
import type { JobOrderParameter } from "../domain/job-order.js";
import type { MachineState } from "../domain/machine-state.js";

/**
 * What services need from persistence. Only src/store implements these (with TypeORM);
 * services and doors never import the ORM (STYLE lesson 6).
 */

export type Door = "opcua" | "rest" | "ui" | "plc" | "config" | "system";

export interface PlcConnectionRecord {
  readonly id: string;
  readonly name: string | null;
  readonly endpointUrl: string;
}

/** Which PLC node feeds which signal of a work unit (signal: state, goodCount, rejectCount, currentJob, or tag:<name>). */
export interface PlcSignalRecord {
  readonly equipmentId: string;
  readonly signal: string;
  readonly plcId: string;
  readonly nodeId: string;
}

export interface MaterialDefinitionRecord {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  /** Unit of measure, e.g. "pcs", "kg". */
  readonly unit: string;
}

export interface ProductDefinitionRecord {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  /** The material this product produces. */
  readonly materialDefinitionId: string | null;
}

export interface WorkOrderRecord {
  readonly id: string;
  readonly erpId: string | null;
  readonly productId: string;
  readonly quantity: number;
  readonly dueAt: Date | null;
  readonly priority: number;
  readonly status: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface JobOrderRecord {
  readonly id: string;
  readonly workOrderId: string | null;
  readonly equipmentId: string;
  readonly productId: string | null;
  readonly quantity: number;
  /** OPC 10031-4 state number (1 NotAllowedToStart ... 6 Aborted) and substate number, or null. */
  readonly state: number;
  readonly subState: number | null;
  readonly priority: number;
  readonly plannedStart: Date | null;
  readonly plannedEnd: Date | null;
  readonly actualStart: Date | null;
  readonly actualEnd: Date | null;
  readonly description: string | null;
  readonly parameters: readonly JobOrderParameter[];
  /** When Cancel or Clear took it out of the JobOrderList; the row and its history stay. */
  readonly removedAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** One step of a job order through the OPC 10031-4 state machine; from is null for Store, to is null for Cancel/Clear. */
export interface JobOrderTransitionRecord {
  readonly id: string;
  readonly jobOrderId: string;
  readonly command: string;
  readonly fromState: number | null;
  readonly fromSubState: number | null;
  readonly toState: number | null;
  readonly toSubState: number | null;
  readonly at: Date;
  readonly actor: string;
  readonly role: string | null;
  readonly door: Door;
  readonly comment: string | null;
}

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
}

/** The last raw value of a cumulative PLC counter that has been turned into production records. */
export interface CounterCheckpoint {
  readonly equipmentId: string;
  readonly counter: "good" | "reject";
  readonly value: number;
  readonly updatedAt: Date;
}

export interface AuditEntry {
  readonly id: string;
  readonly at: Date;
  readonly actor: string;
  readonly role: string | null;
  readonly door: Door;
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string | null;
  readonly before: unknown;
  readonly after: unknown;
}

export interface Page {
  readonly limit: number;
  readonly offset: number;
}

export interface EquipmentRepository {
  findAll(): Promise<EquipmentNode[]>;
  findById(id: string): Promise<EquipmentNode | null>;
  /** Inserts or updates each node by id; returns the ids that were inserted and those whose fields changed. */
  upsertMany(nodes: readonly EquipmentNode[]): Promise<{ inserted: string[]; updated: string[] }>;
}

export interface PlcConnectionRepository {
  findAll(): Promise<PlcConnectionRecord[]>;
  upsertMany(plcs: readonly PlcConnectionRecord[]): Promise<{ inserted: string[]; updated: string[] }>;
  /** Replaces the whole signal binding set of one work unit. */
  replaceSignals(equipmentId: string, signals: readonly PlcSignalRecord[]): Promise<void>;
  findSignals(equipmentId: string): Promise<PlcSignalRecord[]>;
}

export interface MaterialDefinitionRepository {
  findAll(): Promise<MaterialDefinitionRecord[]>;
  findById(id: string): Promise<MaterialDefinitionRecord | null>;
  upsert(record: MaterialDefinitionRecord): Promise<void>;
}

export interface ProductDefinitionRepository {
  findAll(): Promise<ProductDefinitionRecord[]>;
  findById(id: string): Promise<ProductDefinitionRecord | null>;
  upsert(record: ProductDefinitionRecord): Promise<void>;
}

export interface WorkOrderRepository {
  insert(record: WorkOrderRecord): Promise<void>;
  findById(id: string): Promise<WorkOrderRecord | null>;
  findByErpId(erpId: string): Promise<WorkOrderRecord | null>;
  list(page: Page): Promise<WorkOrderRecord[]>;
}

export interface JobOrderRepository {
  insert(record: JobOrderRecord): Promise<void>;
  /**
   * Writes the record only if the stored order is still in `expected` (state and substate);
   * false when another command moved it first, so two doors can never both win.
   */
  update(record: JobOrderRecord, expected: { state: number; subState: number | null }): Promise<boolean>;
  findById(id: string): Promise<JobOrderRecord | null>;
  /** Every job order of the equipment, removed ones included, oldest first. */
  findByEquipment(equipmentId: string): Promise<JobOrderRecord[]>;
  /** The job orders still in the equipment's JobOrderList (not cancelled or cleared), oldest first. */
  findListed(equipmentId: string): Promise<JobOrderRecord[]>;
  appendTransition(transition: JobOrderTransitionRecord): Promise<void>;
  /** Oldest first. */
  findTransitions(jobOrderId: string): Promise<JobOrderTransitionRecord[]>;
}

export interface ProductionRecordRepository {
  insertMany(records: readonly ProductionRecord[]): Promise<void>;
  /** Records whose period overlaps [from, to), oldest first. */
  findByEquipment(equipmentId: string, from: Date, to: Date): Promise<ProductionRecord[]>;
  /** Sum of good and scrap of records whose periodStart lies in [from, to). */
  totals(equipmentId: string, from: Date, to: Date): Promise<{ good: number; scrap: number }>;
  /** Sum of good and scrap recorded for one job order, on any equipment. */
  totalsOfJob(jobOrderId: string): Promise<{ good: number; scrap: number }>;
}

export interface StateIntervalRepository {
  /** The interval still open (endedAt null) for the equipment, if any. */
  findOpen(equipmentId: string): Promise<StateIntervalRecord | null>;
  findAllOpen(): Promise<StateIntervalRecord[]>;
  insert(record: StateIntervalRecord): Promise<void>;
  /** Sets endedAt of the open interval of the equipment; no-op when none is open. */
  closeOpen(equipmentId: string, endedAt: Date): Promise<void>;
  /** Intervals overlapping [from, to), oldest first. */
  findByEquipment(equipmentId: string, from: Date, to: Date): Promise<StateIntervalRecord[]>;
}

export interface CounterCheckpointRepository {
  findAll(): Promise<CounterCheckpoint[]>;
  upsert(checkpoint: CounterCheckpoint): Promise<void>;
}

export interface AuditRepository {
  append(entry: AuditEntry): Promise<void>;
  /** Newest first. */
  find(filter: { targetType?: string; targetId?: string; door?: Door; from?: Date; to?: Date }, page: Page): Promise<AuditEntry[]>;
}

export interface Repositories {
  readonly equipment: EquipmentRepository;
  readonly plcConnections: PlcConnectionRepository;
  readonly materials: MaterialDefinitionRepository;
  readonly products: ProductDefinitionRepository;
  readonly workOrders: WorkOrderRepository;
  readonly jobOrders: JobOrderRepository;
  readonly productionRecords: ProductionRecordRepository;
  readonly stateIntervals: StateIntervalRepository;
  readonly counterCheckpoints: CounterCheckpointRepository;
  readonly audit: AuditRepository;
}

/** The database, as services see it: repositories, and a unit of work that runs in one transaction. */
export interface Store {
  readonly dialect: "sqlite" | "mysql";
  readonly repos: Repositories;
  /** Runs `work` in one transaction with repositories bound to it; commits when it resolves, rolls back when it throws. */
  unitOfWork<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
  /** Rejects when the database does not answer a trivial query (health checks). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
