import { AuditEntity } from "./audit-entity.js";
import { MaterialDefinitionEntity, ProductDefinitionEntity } from "./definition-entities.js";
import { EquipmentEntity, PlcConnectionEntity, PlcSignalEntity } from "./equipment-entities.js";
import { JobOrderEntity, JobOrderTransitionEntity, WorkOrderEntity } from "./order-entities.js";
import { CounterCheckpointEntity, ProductionRecordEntity, StateIntervalEntity } from "./production-entities.js";

export const ENTITIES = [
  EquipmentEntity,
  PlcConnectionEntity,
  PlcSignalEntity,
  MaterialDefinitionEntity,
  ProductDefinitionEntity,
  WorkOrderEntity,
  JobOrderEntity,
  JobOrderTransitionEntity,
  ProductionRecordEntity,
  StateIntervalEntity,
  CounterCheckpointEntity,
  AuditEntity,
];
