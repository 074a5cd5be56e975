import type { EquipmentNode } from "../domain/equipment.js";
import type { JobOrderParameter } from "../domain/job-order.js";
import type { MachineState } from "../domain/machine-state.js";
import type { WorkOrderStatus } from "../domain/work-order.js";

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
  /** What a PLC needs to make it (e.g. TaskCode = 2); copied into each job order of the product. */
  readonly parameters: readonly JobOrderParameter[];
}

/** A work unit that can make a product, and how fast at best (ISO 22400 planned runtime per item). */
export interface ProductWorkUnitRecord {
  readonly productId: string;
  readonly equipmentId: string;
  /** The routing step (1, 2, ...): steps are passed in order; units of one step are alternatives. */
  readonly step: number;
  readonly idealCycleTimeS: number;
}


export interface WorkOrderRecord {
  readonly id: string;
  readonly erpId: string | null;
  readonly productId: string;
  readonly quantity: number;
  readonly dueAt: Date | null;
  readonly priority: number;
  readonly status: WorkOrderStatus;
  /** Where its job orders go when released: a WorkCenter or WorkUnit; null: the product's first work unit. */
  readonly equipmentId: string | null;
  readonly description: string | null;
  readonly customerRef: string | null;
  /** Called with a JSON body on every state change of the order and its job orders. */
  readonly callbackUrl: string | null;
  /** The `Idempotency-Key` of the request that created it: the same key again answers with this order. */
  readonly idempotencyKey: string | null;
  readonly releasedAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface WorkOrderFilter {
  readonly status?: WorkOrderStatus;
  readonly productId?: string;
  readonly erpId?: string;
  readonly dueBefore?: Date;
  readonly dueAfter?: Date;
}

export interface JobOrderFilter {
  readonly equipmentId?: string;
  readonly workOrderId?: string;
  readonly state?: number;
  /** Cancelled and cleared ones too. */
  readonly includeRemoved?: boolean;
}

/** A callback waiting to be delivered (an outbox row), written in the transaction of the change it reports. */
export interface CallbackDeliveryRecord {
  readonly id: string;
  readonly workOrderId: string;
  readonly url: string;
  readonly payload: string;
  readonly attempts: number;
  /** Null once delivered or given up. */
  readonly nextAttemptAt: Date | null;
  readonly deliveredAt: Date | null;
  readonly lastError: string | null;
  readonly createdAt: Date;
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
  /** The integer a tag-driven PLC knows the job by (written to a carrier tag); given on first dispatch. */
  readonly dispatchNumber: number | null;
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

export interface ShiftCalendarRecord {
  readonly id: string;
  /** The calendar as written in config/oee.yaml or sent over REST (JSON). */
  readonly definition: unknown;
  readonly updatedAt: Date;
}

export interface ShiftCalendarRepository {
  findAll(): Promise<ShiftCalendarRecord[]>;
  findById(id: string): Promise<ShiftCalendarRecord | null>;
  upsert(record: ShiftCalendarRecord): Promise<void>;
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
  /** The OPC UA session, REST token or UI session the change came through; null for the MES itself. */
  readonly via?: string | null;
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
  /** The work units that can make the product, in the order they were given. */
  findWorkUnits(productId: string): Promise<ProductWorkUnitRecord[]>;
  findAllWorkUnits(): Promise<ProductWorkUnitRecord[]>;
  replaceWorkUnits(productId: string, workUnits: readonly ProductWorkUnitRecord[]): Promise<void>;
}

export interface WorkOrderRepository {
  insert(record: WorkOrderRecord): Promise<void>;
  /** Writes the record; with `expectedStatus`, only if the stored order still has it (false when another command moved it first). */
  update(record: WorkOrderRecord, expectedStatus?: WorkOrderStatus): Promise<boolean>;
  findById(id: string): Promise<WorkOrderRecord | null>;
  findByErpId(erpId: string): Promise<WorkOrderRecord | null>;
  findByIdempotencyKey(key: string): Promise<WorkOrderRecord | null>;
  findByIds(ids: readonly string[]): Promise<WorkOrderRecord[]>;
  /** Newest first, with the number of all that match. */
  list(filter: WorkOrderFilter, page: Page): Promise<{ items: WorkOrderRecord[]; total: number }>;
}

export interface CallbackDeliveryRepository {
  insert(record: CallbackDeliveryRecord): Promise<void>;
  update(record: CallbackDeliveryRecord): Promise<void>;
  /** Undelivered ones whose next attempt is due at `now`, oldest first. */
  findDue(now: Date, limit: number): Promise<CallbackDeliveryRecord[]>;
  /** The earliest next attempt still pending, if any. */
  nextDueAt(): Promise<Date | null>;
  findByWorkOrder(workOrderId: string): Promise<CallbackDeliveryRecord[]>;
}

export interface JobOrderRepository {
  insert(record: JobOrderRecord): Promise<void>;
  /**
   * Writes the record only if the stored order is still in `expected` (state and substate);
   * false when another command moved it first, so two doors can never both win.
   */
  update(record: JobOrderRecord, expected: { state: number; subState: number | null }): Promise<boolean>;
  findById(id: string): Promise<JobOrderRecord | null>;
  findByIds(ids: readonly string[]): Promise<JobOrderRecord[]>;
  /** Every job order of the equipment, removed ones included, oldest first. */
  findByEquipment(equipmentId: string): Promise<JobOrderRecord[]>;
  /** The job orders still in the equipment's JobOrderList (not cancelled or cleared), oldest first. */
  findListed(equipmentId: string): Promise<JobOrderRecord[]>;
  findByWorkOrder(workOrderId: string): Promise<JobOrderRecord[]>;
  /** Every job order still in some JobOrderList (not cancelled or cleared), oldest first. */
  findAllListed(): Promise<JobOrderRecord[]>;
  /** Job orders whose planned or actual time overlaps [from, to), for a Gantt chart. */
  findInWindow(from: Date, to: Date, equipmentIds?: readonly string[]): Promise<JobOrderRecord[]>;
  /** Sets the planned start and end only (the schedule's part of a job order; no state change). */
  setPlan(jobOrderId: string, plannedStart: Date | null, plannedEnd: Date | null): Promise<void>;
  /** Oldest first, with the number of all that match. */
  list(filter: JobOrderFilter, page: Page): Promise<{ items: JobOrderRecord[]; total: number }>;
  findByDispatchNumber(dispatchNumber: number): Promise<JobOrderRecord | null>;
  /** The highest dispatch number given so far, 0 when none. */
  maxDispatchNumber(): Promise<number>;
  /** Sets the number only if the job order has none yet; false when it had one (or another took the number first). */
  setDispatchNumber(jobOrderId: string, dispatchNumber: number): Promise<boolean>;
  appendTransition(transition: JobOrderTransitionRecord): Promise<void>;
  /** Oldest first. */
  findTransitions(jobOrderId: string): Promise<JobOrderTransitionRecord[]>;
}

export interface ProductionRecordRepository {
  insertMany(records: readonly ProductionRecord[]): Promise<void>;
  /** Records whose period overlaps [from, to), oldest first. */
  findByEquipment(equipmentId: string, from: Date, to: Date): Promise<ProductionRecord[]>;
  /** Records of any of the equipment overlapping [from, to), by equipment, oldest first. */
  findByEquipments(equipmentIds: readonly string[], from: Date, to: Date): Promise<ProductionRecord[]>;
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
  /** History imported in bulk (a migration from another system, benchmarks). */
  insertMany(records: readonly StateIntervalRecord[]): Promise<void>;
  /** Sets endedAt of the open interval of the equipment; no-op when none is open. */
  closeOpen(equipmentId: string, endedAt: Date): Promise<void>;
  /** Intervals overlapping [from, to), oldest first. */
  findByEquipment(equipmentId: string, from: Date, to: Date): Promise<StateIntervalRecord[]>;
  /** Intervals of any of the equipment overlapping [from, to), by equipment, oldest first. */
  findByEquipments(equipmentIds: readonly string[], from: Date, to: Date): Promise<StateIntervalRecord[]>;
  findById(id: string): Promise<StateIntervalRecord | null>;
  /** Sets the fault code (and the reason it maps to, unless one is set) of the open interval. */
  updateOpenFault(equipmentId: string, faultCode: string, reasonCode: string | null): Promise<void>;
  setReason(id: string, reasonCode: string | null): Promise<void>;
  /** Ends the interval at `at` and starts a copy of it there; returns the copy. */
  split(id: string, at: Date, newId: string): Promise<StateIntervalRecord>;
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

export interface ScrapClassificationRepository {
  insert(record: ScrapClassificationRecord): Promise<void>;
  /** Oldest first. */
  findByEquipment(equipmentIds: readonly string[], from: Date, to: Date): Promise<ScrapClassificationRecord[]>;
}

export interface CounterCheckpointRepository {
  findAll(): Promise<CounterCheckpoint[]>;
  upsert(checkpoint: CounterCheckpoint): Promise<void>;
}

/** The last moment the MES knew a work unit's state (it was running and tracking it). */
export interface EquipmentHeartbeat {
  readonly equipmentId: string;
  readonly lastKnownAt: Date;
}

export interface EquipmentHeartbeatRepository {
  findAll(): Promise<EquipmentHeartbeat[]>;
  /** Sets lastKnownAt of every given work unit to `at`. */
  beat(equipmentIds: readonly string[], at: Date): Promise<void>;
}

export interface AuditFilter {
  readonly targetType?: string;
  readonly targetId?: string;
  readonly door?: Door;
  readonly actor?: string;
  /** An exact action, or a prefix ending in "." (`job_order.`). */
  readonly action?: string;
  readonly from?: Date;
  readonly to?: Date;
}

export interface AuditRepository {
  append(entry: AuditEntry): Promise<void>;
  /** Newest first. */
  find(filter: AuditFilter, page: Page): Promise<AuditEntry[]>;
  count(filter: AuditFilter): Promise<number>;
}

/** A person (ISA-95 personnel): classes such as Operator or Maintenance, and the work centers they are qualified for. */
export interface PersonRecord {
  readonly id: string;
  readonly name: string;
  readonly classes: readonly string[];
  readonly qualifications: readonly string[];
  readonly contractedHours: number;
  readonly minHours: number;
  readonly maxHours: number;
  readonly unavailable: readonly { readonly start: Date; readonly end: Date }[];
  readonly updatedAt: Date;
}

export interface RosterAssignmentRecord {
  readonly id: string;
  readonly personId: string;
  readonly workCenterId: string;
  readonly shiftKey: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
}

export interface PersonRepository {
  findAll(): Promise<PersonRecord[]>;
  findById(id: string): Promise<PersonRecord | null>;
  upsert(record: PersonRecord): Promise<void>;
}

export interface RosterRepository {
  /** Replaces the assignments of these work centers overlapping [from, to) with the given ones. */
  replace(from: Date, to: Date, workCenterIds: readonly string[], assignments: readonly RosterAssignmentRecord[]): Promise<void>;
  /** Assignments overlapping [from, to), oldest first. */
  findInWindow(from: Date, to: Date): Promise<RosterAssignmentRecord[]>;
}

/** A person or machine account that signs in; the password only as a salted hash. */
export interface UserAccountRecord {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly passwordHash: string | null;
  readonly disabled: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface UserAccountRepository {
  findAll(): Promise<UserAccountRecord[]>;
  findById(id: string): Promise<UserAccountRecord | null>;
  upsert(record: UserAccountRecord): Promise<void>;
}

/** An API token (machine accounts) or a web session (people): only a hash of the secret is kept. */
export interface AccessTokenRecord {
  readonly id: string;
  readonly kind: "api" | "session";
  readonly userId: string;
  readonly name: string;
  readonly secretHash: string;
  /** Web sessions: the hash of the CSRF token that state-changing requests must echo. */
  readonly csrfHash: string | null;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly revokedAt: Date | null;
  readonly lastUsedAt: Date | null;
}

export interface AccessTokenRepository {
  insert(record: AccessTokenRecord): Promise<void>;
  findById(id: string): Promise<AccessTokenRecord | null>;
  /** Newest first. */
  findByUser(userId: string, kind: AccessTokenRecord["kind"]): Promise<AccessTokenRecord[]>;
  /** Sets revokedAt where it is still null; returns whether it was. */
  revoke(id: string, at: Date): Promise<boolean>;
  /** Revokes every live token of the user (a disabled account or a new password ends its sessions). */
  revokeAllOfUser(userId: string, kind: AccessTokenRecord["kind"], at: Date): Promise<number>;
  touch(id: string, at: Date): Promise<void>;
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
  readonly heartbeats: EquipmentHeartbeatRepository;
  readonly audit: AuditRepository;
  readonly callbacks: CallbackDeliveryRepository;
  readonly calendars: ShiftCalendarRepository;
  readonly scrap: ScrapClassificationRepository;
  readonly personnel: PersonRepository;
  readonly rosters: RosterRepository;
  readonly users: UserAccountRepository;
  readonly accessTokens: AccessTokenRepository;
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
