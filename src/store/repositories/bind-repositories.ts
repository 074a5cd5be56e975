import type { EntityManager } from "typeorm";
import type { Repositories } from "../../services/ports.js";
import { TypeOrmAuditRepository } from "./audit-repository.js";
import { TypeOrmCallbackDeliveryRepository } from "./callback-delivery-repository.js";
import { TypeOrmPersonRepository, TypeOrmRosterRepository } from "./personnel-repositories.js";
import { TypeOrmAccessTokenRepository, TypeOrmUserAccountRepository } from "./user-repository.js";
import { TypeOrmScrapClassificationRepository } from "./scrap-classification-repository.js";
import { TypeOrmShiftCalendarRepository } from "./shift-calendar-repository.js";
import { TypeOrmCounterCheckpointRepository } from "./counter-checkpoint-repository.js";
import { TypeOrmMaterialDefinitionRepository, TypeOrmProductDefinitionRepository } from "./definition-repositories.js";
import { TypeOrmEquipmentHeartbeatRepository } from "./equipment-heartbeat-repository.js";
import { TypeOrmEquipmentRepository } from "./equipment-repository.js";
import { TypeOrmJobOrderRepository, TypeOrmWorkOrderRepository } from "./order-repositories.js";
import { TypeOrmPlcConnectionRepository } from "./plc-connection-repository.js";
import { TypeOrmProductionRecordRepository } from "./production-record-repository.js";
import { TypeOrmStateIntervalRepository } from "./state-interval-repository.js";

/** Every repository on one EntityManager: the data source's own, or a transaction's. */
export function bindRepositories(manager: EntityManager): Repositories {
  return {
    equipment: new TypeOrmEquipmentRepository(manager),
    plcConnections: new TypeOrmPlcConnectionRepository(manager),
    materials: new TypeOrmMaterialDefinitionRepository(manager),
    products: new TypeOrmProductDefinitionRepository(manager),
    workOrders: new TypeOrmWorkOrderRepository(manager),
    jobOrders: new TypeOrmJobOrderRepository(manager),
    productionRecords: new TypeOrmProductionRecordRepository(manager),
    stateIntervals: new TypeOrmStateIntervalRepository(manager),
    counterCheckpoints: new TypeOrmCounterCheckpointRepository(manager),
    heartbeats: new TypeOrmEquipmentHeartbeatRepository(manager),
    audit: new TypeOrmAuditRepository(manager),
    callbacks: new TypeOrmCallbackDeliveryRepository(manager),
    calendars: new TypeOrmShiftCalendarRepository(manager),
    scrap: new TypeOrmScrapClassificationRepository(manager),
    personnel: new TypeOrmPersonRepository(manager),
    rosters: new TypeOrmRosterRepository(manager),
    users: new TypeOrmUserAccountRepository(manager),
    accessTokens: new TypeOrmAccessTokenRepository(manager),
  };
}
