import type { EntityManager } from "typeorm";
import type { ReadRepositories, Repositories } from "../../services/ports/store.js";
import { TypeOrmAlarmEventReader, TypeOrmAlarmEventRepository, TypeOrmAlarmReader, TypeOrmAlarmRepository } from "./alarm-repositories.js";
import { TypeOrmAuditReader, TypeOrmAuditRepository } from "./audit-repository.js";
import { TypeOrmCallbackDeliveryReader, TypeOrmCallbackDeliveryRepository } from "./callback-delivery-repository.js";
import { TypeOrmPersonReader, TypeOrmPersonRepository, TypeOrmRosterReader, TypeOrmRosterRepository } from "./personnel-repositories.js";
import { TypeOrmAccessTokenReader, TypeOrmAccessTokenRepository, TypeOrmUserAccountReader, TypeOrmUserAccountRepository } from "./user-repository.js";
import { TypeOrmScrapClassificationReader, TypeOrmScrapClassificationRepository } from "./scrap-classification-repository.js";
import { TypeOrmShiftCalendarReader, TypeOrmShiftCalendarRepository } from "./shift-calendar-repository.js";
import { TypeOrmCounterCheckpointReader, TypeOrmCounterCheckpointRepository } from "./counter-checkpoint-repository.js";
import { TypeOrmMaterialDefinitionReader, TypeOrmMaterialDefinitionRepository, TypeOrmProductDefinitionReader, TypeOrmProductDefinitionRepository } from "./definition-repositories.js";
import { TypeOrmBomReader, TypeOrmBomRepository, TypeOrmMaterialClassReader, TypeOrmMaterialClassRepository, TypeOrmMaterialLotReader, TypeOrmMaterialLotRepository, TypeOrmMaterialMovementReader, TypeOrmMaterialMovementRepository, TypeOrmStagingReader, TypeOrmStagingRepository } from "./inventory-repositories.js";
import { TypeOrmEquipmentHeartbeatReader, TypeOrmEquipmentHeartbeatRepository } from "./equipment-heartbeat-repository.js";
import { TypeOrmEquipmentReader, TypeOrmEquipmentRepository } from "./equipment-repository.js";
import { TypeOrmJobOrderReader, TypeOrmJobOrderRepository, TypeOrmWorkOrderReader, TypeOrmWorkOrderRepository } from "./order-repositories.js";
import { TypeOrmPlcConnectionReader, TypeOrmPlcConnectionRepository } from "./plc-connection-repository.js";
import { TypeOrmProductionRecordReader, TypeOrmProductionRecordRepository } from "./production-record-repository.js";
import { TypeOrmSignalSampleReader, TypeOrmSignalSampleRepository } from "./signal-sample-repository.js";
import { TypeOrmControlLimitsReader, TypeOrmControlLimitsRepository } from "./control-limits-repository.js";
import { TypeOrmInspectionPlanReader, TypeOrmInspectionPlanRepository, TypeOrmNcrReader, TypeOrmNcrRepository, TypeOrmQualityResultReader, TypeOrmQualityResultRepository } from "./quality-repositories.js";
import { TypeOrmMaintenancePlanReader, TypeOrmMaintenancePlanRepository, TypeOrmMaintenanceWorkOrderReader, TypeOrmMaintenanceWorkOrderRepository } from "./maintenance-repositories.js";
import { TypeOrmHourSummaryReader, TypeOrmHourSummaryRepository } from "./oee-summary-repository.js";
import { TypeOrmLeaseReader, TypeOrmLeaseRepository } from "./lease-repository.js";
import { TypeOrmClusterCommandReader, TypeOrmClusterCommandRepository } from "./cluster-command-repository.js";
import { TypeOrmPlcLinkStateReader, TypeOrmPlcLinkStateRepository } from "./plc-link-state-repository.js";
import { TypeOrmStateIntervalReader, TypeOrmStateIntervalRepository } from "./state-interval-repository.js";

type Bound<T> = new (manager: EntityManager) => T;

/** Each repository's reader class (read methods only) and its full class, by the name services know it by. */
const CLASSES = {
  equipment: [TypeOrmEquipmentReader, TypeOrmEquipmentRepository],
  plcConnections: [TypeOrmPlcConnectionReader, TypeOrmPlcConnectionRepository],
  materials: [TypeOrmMaterialDefinitionReader, TypeOrmMaterialDefinitionRepository],
  products: [TypeOrmProductDefinitionReader, TypeOrmProductDefinitionRepository],
  workOrders: [TypeOrmWorkOrderReader, TypeOrmWorkOrderRepository],
  jobOrders: [TypeOrmJobOrderReader, TypeOrmJobOrderRepository],
  productionRecords: [TypeOrmProductionRecordReader, TypeOrmProductionRecordRepository],
  stateIntervals: [TypeOrmStateIntervalReader, TypeOrmStateIntervalRepository],
  counterCheckpoints: [TypeOrmCounterCheckpointReader, TypeOrmCounterCheckpointRepository],
  heartbeats: [TypeOrmEquipmentHeartbeatReader, TypeOrmEquipmentHeartbeatRepository],
  audit: [TypeOrmAuditReader, TypeOrmAuditRepository],
  callbacks: [TypeOrmCallbackDeliveryReader, TypeOrmCallbackDeliveryRepository],
  calendars: [TypeOrmShiftCalendarReader, TypeOrmShiftCalendarRepository],
  scrap: [TypeOrmScrapClassificationReader, TypeOrmScrapClassificationRepository],
  personnel: [TypeOrmPersonReader, TypeOrmPersonRepository],
  rosters: [TypeOrmRosterReader, TypeOrmRosterRepository],
  users: [TypeOrmUserAccountReader, TypeOrmUserAccountRepository],
  accessTokens: [TypeOrmAccessTokenReader, TypeOrmAccessTokenRepository],
  signalSamples: [TypeOrmSignalSampleReader, TypeOrmSignalSampleRepository],
  inspectionPlans: [TypeOrmInspectionPlanReader, TypeOrmInspectionPlanRepository],
  qualityResults: [TypeOrmQualityResultReader, TypeOrmQualityResultRepository],
  ncrs: [TypeOrmNcrReader, TypeOrmNcrRepository],
  controlLimits: [TypeOrmControlLimitsReader, TypeOrmControlLimitsRepository],
  materialClasses: [TypeOrmMaterialClassReader, TypeOrmMaterialClassRepository],
  lots: [TypeOrmMaterialLotReader, TypeOrmMaterialLotRepository],
  movements: [TypeOrmMaterialMovementReader, TypeOrmMaterialMovementRepository],
  staging: [TypeOrmStagingReader, TypeOrmStagingRepository],
  boms: [TypeOrmBomReader, TypeOrmBomRepository],
  maintenanceWorkOrders: [TypeOrmMaintenanceWorkOrderReader, TypeOrmMaintenanceWorkOrderRepository],
  maintenancePlans: [TypeOrmMaintenancePlanReader, TypeOrmMaintenancePlanRepository],
  hourSummaries: [TypeOrmHourSummaryReader, TypeOrmHourSummaryRepository],
  alarms: [TypeOrmAlarmReader, TypeOrmAlarmRepository],
  alarmEvents: [TypeOrmAlarmEventReader, TypeOrmAlarmEventRepository],
  leases: [TypeOrmLeaseReader, TypeOrmLeaseRepository],
  clusterCommands: [TypeOrmClusterCommandReader, TypeOrmClusterCommandRepository],
  plcLinks: [TypeOrmPlcLinkStateReader, TypeOrmPlcLinkStateRepository],
} as const satisfies { readonly [K in keyof Repositories]: readonly [Bound<ReadRepositories[K]>, Bound<Repositories[K]>] };

/**
 * A unit of work's repositories, each made on first use: a command touches three or four of the
 * 37, and making them all was 1.5 % of a REST write (issue 19).
 */
class BoundRepositories {
  private readonly made = new Map<string, unknown>();

  constructor(
    readonly manager: EntityManager,
    readonly wroteCallback: () => void,
  ) {}

  repository(name: string, make: () => unknown): unknown {
    let repository = this.made.get(name);
    if (repository === undefined) this.made.set(name, (repository = make()));
    return repository;
  }
}
for (const [name, [, Full]] of Object.entries(CLASSES)) {
  Object.defineProperty(BoundRepositories.prototype, name, {
    get(this: BoundRepositories) {
      return this.repository(name, () => (name === "callbacks" ? new TypeOrmCallbackDeliveryRepository(this.manager, this.wroteCallback) : new Full(this.manager)));
    },
  });
}

/**
 * Every repository on one EntityManager: a transaction's, so each write commits or rolls back with
 * its unit of work. `wroteCallback` is told when the outbox takes a callback (Store.onCallbacksCommitted).
 */
export function bindRepositories(manager: EntityManager, wroteCallback: () => void = () => undefined): Repositories {
  return new BoundRepositories(manager, wroteCallback) as unknown as Repositories;
}

/** Every repository's read methods, and nothing that writes: the store's view outside a unit of work. */
export function bindReaders(manager: EntityManager): ReadRepositories {
  return Object.fromEntries(Object.entries(CLASSES).map(([name, [Reader]]) => [name, new Reader(manager)])) as unknown as ReadRepositories;
}
