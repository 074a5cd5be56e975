import { AlarmEntity, AlarmEventEntity } from "./alarm-entities.js";
import { SignalSampleEntity } from "./history-entities.js";
import { AuditEntity } from "./audit-entity.js";
import { ClusterCommandEntity, ClusterLeaseEntity, PlcLinkStateEntity } from "./cluster-entities.js";
import { MaterialDefinitionEntity, ProductDefinitionEntity, ProductWorkUnitEntity } from "./definition-entities.js";
import { BomLineEntity, MaterialClassEntity, MaterialClassMemberEntity, MaterialLotEntity, MaterialMovementEntity, MaterialPropertyEntity, StagingEntity } from "./inventory-entities.js";
import { EquipmentEntity, PlcConnectionEntity, PlcSignalEntity } from "./equipment-entities.js";
import { CallbackDeliveryEntity, JobOrderEntity, JobOrderTransitionEntity, WorkOrderEntity } from "./order-entities.js";
import { PersonEntity, RosterAssignmentEntity } from "./personnel-entities.js";
import { CharacteristicEntity, ControlLimitsEntity, InspectionPlanEntity, NcrEntity, QualityResultEntity } from "./quality-entities.js";
import { MaintenancePlanEntity, MaintenanceWorkOrderEntity } from "./maintenance-entities.js";
import { AccessTokenEntity, UserAccountEntity } from "./user-entities.js";
import { DayProductEntity, DaySummaryEntity, HourProductEntity, HourSummaryEntity } from "./oee-summary-entities.js";
import { CounterCheckpointEntity, EquipmentHeartbeatEntity, ProductionRecordEntity, ScrapClassificationEntity, ShiftCalendarEntity, StateIntervalEntity } from "./production-entities.js";

export const ENTITIES = [
  ClusterLeaseEntity,
  ClusterCommandEntity,
  PlcLinkStateEntity,
  EquipmentEntity,
  PlcConnectionEntity,
  PlcSignalEntity,
  MaterialDefinitionEntity,
  ProductDefinitionEntity,
  ProductWorkUnitEntity,
  WorkOrderEntity,
  JobOrderEntity,
  JobOrderTransitionEntity,
  ProductionRecordEntity,
  StateIntervalEntity,
  CounterCheckpointEntity,
  EquipmentHeartbeatEntity,
  AuditEntity,
  CallbackDeliveryEntity,
  ShiftCalendarEntity,
  HourSummaryEntity,
  HourProductEntity,
  DaySummaryEntity,
  DayProductEntity,
  ScrapClassificationEntity,
  PersonEntity,
  RosterAssignmentEntity,
  UserAccountEntity,
  AccessTokenEntity,
  SignalSampleEntity,
  InspectionPlanEntity,
  CharacteristicEntity,
  QualityResultEntity,
  NcrEntity,
  ControlLimitsEntity,
  MaterialClassEntity,
  MaterialClassMemberEntity,
  MaterialPropertyEntity,
  MaterialLotEntity,
  MaterialMovementEntity,
  StagingEntity,
  BomLineEntity,
  MaintenanceWorkOrderEntity,
  MaintenancePlanEntity,
  AlarmEntity,
  AlarmEventEntity,
];
