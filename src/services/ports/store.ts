import type { AccessTokenReader, AccessTokenRepository, UserAccountReader, UserAccountRepository } from "./access.js";
import type { AlarmEventReader, AlarmEventRepository, AlarmReader, AlarmRepository } from "./alarms.js";
import type { AuditReader, AuditRepository } from "./audit.js";
import type { ClusterCommandReader, ClusterCommandRepository, LeaseReader, LeaseRepository, PlcLinkStateReader, PlcLinkStateRepository } from "./cluster.js";
import type { MaterialDefinitionReader, MaterialDefinitionRepository, ProductDefinitionReader, ProductDefinitionRepository } from "./definitions.js";
import type { SignalSampleReader, SignalSampleRepository } from "./history.js";
import type { BomReader, BomRepository, MaterialClassReader, MaterialClassRepository, MaterialLotReader, MaterialLotRepository, MaterialMovementReader, MaterialMovementRepository, StagingReader, StagingRepository } from "./inventory.js";
import type { HourSummaryReader, HourSummaryRepository, ShiftCalendarReader, ShiftCalendarRepository } from "./oee.js";
import type { CallbackDeliveryReader, CallbackDeliveryRepository, JobOrderReader, JobOrderRepository, WorkOrderReader, WorkOrderRepository } from "./orders.js";
import type { PersonReader, PersonRepository, RosterReader, RosterRepository } from "./people.js";
import type { EquipmentReader, EquipmentRepository, PlcConnectionReader, PlcConnectionRepository } from "./plant.js";
import type {
  CounterCheckpointReader,
  CounterCheckpointRepository,
  EquipmentHeartbeatReader,
  EquipmentHeartbeatRepository,
  ProductionRecordReader,
  ProductionRecordRepository,
  ScrapClassificationReader,
  ScrapClassificationRepository,
  StateIntervalReader,
  StateIntervalRepository,
} from "./production.js";
import type { MaintenancePlanReader, MaintenancePlanRepository, MaintenanceWorkOrderReader, MaintenanceWorkOrderRepository } from "./maintenance.js";
import type { ControlLimitsReader, ControlLimitsRepository, InspectionPlanReader, InspectionPlanRepository, NcrReader, NcrRepository, QualityResultReader, QualityResultRepository } from "./quality.js";

/**
 * What services need from persistence. Only src/store implements these (with TypeORM);
 * services and doors never import the ORM (STYLE lesson 6).
 */

/** Every repository, readers and writers: only a unit of work hands these out. */
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
  readonly signalSamples: SignalSampleRepository;
  readonly inspectionPlans: InspectionPlanRepository;
  readonly qualityResults: QualityResultRepository;
  readonly ncrs: NcrRepository;
  readonly controlLimits: ControlLimitsRepository;
  readonly materialClasses: MaterialClassRepository;
  readonly lots: MaterialLotRepository;
  readonly movements: MaterialMovementRepository;
  readonly staging: StagingRepository;
  readonly boms: BomRepository;
  readonly maintenanceWorkOrders: MaintenanceWorkOrderRepository;
  readonly maintenancePlans: MaintenancePlanRepository;
  readonly hourSummaries: HourSummaryRepository;
  readonly alarms: AlarmRepository;
  readonly alarmEvents: AlarmEventRepository;
  readonly leases: LeaseRepository;
  readonly clusterCommands: ClusterCommandRepository;
  readonly plcLinks: PlcLinkStateRepository;
}

/** The same repositories with their read methods only: what may be asked outside a unit of work. */
export interface ReadRepositories {
  readonly equipment: EquipmentReader;
  readonly plcConnections: PlcConnectionReader;
  readonly materials: MaterialDefinitionReader;
  readonly products: ProductDefinitionReader;
  readonly workOrders: WorkOrderReader;
  readonly jobOrders: JobOrderReader;
  readonly productionRecords: ProductionRecordReader;
  readonly stateIntervals: StateIntervalReader;
  readonly counterCheckpoints: CounterCheckpointReader;
  readonly heartbeats: EquipmentHeartbeatReader;
  readonly audit: AuditReader;
  readonly callbacks: CallbackDeliveryReader;
  readonly calendars: ShiftCalendarReader;
  readonly scrap: ScrapClassificationReader;
  readonly personnel: PersonReader;
  readonly rosters: RosterReader;
  readonly users: UserAccountReader;
  readonly accessTokens: AccessTokenReader;
  readonly signalSamples: SignalSampleReader;
  readonly inspectionPlans: InspectionPlanReader;
  readonly qualityResults: QualityResultReader;
  readonly ncrs: NcrReader;
  readonly controlLimits: ControlLimitsReader;
  readonly materialClasses: MaterialClassReader;
  readonly lots: MaterialLotReader;
  readonly movements: MaterialMovementReader;
  readonly staging: StagingReader;
  readonly boms: BomReader;
  readonly maintenanceWorkOrders: MaintenanceWorkOrderReader;
  readonly maintenancePlans: MaintenancePlanReader;
  readonly hourSummaries: HourSummaryReader;
  readonly alarms: AlarmReader;
  readonly alarmEvents: AlarmEventReader;
  readonly leases: LeaseReader;
  readonly clusterCommands: ClusterCommandReader;
  readonly plcLinks: PlcLinkStateReader;
}

/**
 * The database, as services see it. Every write goes through a unit of work, so it commits or
 * rolls back with the change it belongs to and never lands in another caller's transaction.
 */
export interface Store {
  readonly dialect: "sqlite" | "mysql";
  /** Reads of committed data; it has no write methods. */
  readonly read: ReadRepositories;
  /** Runs `work` in one transaction with repositories bound to it; commits when it resolves, rolls back when it throws. */
  unitOfWork<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
  /**
   * Calls `listener` after each unit of work that wrote a callback into the outbox has committed
   * (the sender's cue: a change without a callback URL wakes no pass and costs no read). Returns
   * the unsubscribe.
   */
  onCallbacksCommitted(listener: () => void): () => void;
  /** Rejects when the database does not answer a trivial query (health checks). */
  ping(): Promise<void>;
  /** Whether a unit of work failed because a row with the same key was written first (another instance may have raced it). */
  isDuplicateKey(error: unknown): boolean;
  close(): Promise<void>;
}
