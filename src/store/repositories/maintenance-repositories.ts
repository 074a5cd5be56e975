import { In, IsNull, Not, type EntityManager, type FindOptionsWhere } from "typeorm";
import type { MaintenanceStatus } from "../../domain/maintenance/work-order-state-machine.js";
import type { PlanKind } from "../../domain/maintenance/plan-due.js";
import type {
  MaintenancePlanReader,
  MaintenancePlanRecord,
  MaintenancePlanRepository,
  MaintenancePriority,
  MaintenanceWorkOrderFilter,
  MaintenanceWorkOrderReader,
  MaintenanceWorkOrderRecord,
  MaintenanceWorkOrderRepository,
  WorkOrderSourceKind,
} from "../../services/ports/maintenance.js";
import { MaintenancePlanEntity, MaintenanceWorkOrderEntity, type MaintenancePlanRow, type MaintenanceWorkOrderRow } from "../entities/maintenance-entities.js";

const workOrder = (row: MaintenanceWorkOrderRow): MaintenanceWorkOrderRecord => ({
  ...row,
  priority: row.priority as MaintenancePriority,
  status: row.status as MaintenanceStatus,
  sourceKind: row.sourceKind as WorkOrderSourceKind,
  plannedDurationMinutes: row.plannedDurationMinutes === null ? null : Number(row.plannedDurationMinutes),
  timeSpentMinutes: row.timeSpentMinutes === null ? null : Number(row.timeSpentMinutes),
  partsUsed: JSON.parse(row.partsUsed),
});

const workOrderRow = (record: MaintenanceWorkOrderRecord): MaintenanceWorkOrderRow => ({ ...record, partsUsed: JSON.stringify(record.partsUsed) });

export class TypeOrmMaintenanceWorkOrderReader implements MaintenanceWorkOrderReader {
  constructor(protected readonly manager: EntityManager) {}

  async find(filter: MaintenanceWorkOrderFilter, page: { limit: number; offset: number }): Promise<{ items: MaintenanceWorkOrderRecord[]; total: number }> {
    const where: FindOptionsWhere<MaintenanceWorkOrderRow> = {};
    if (filter.workUnitId) where.workUnitId = filter.workUnitId;
    if (filter.statuses) where.status = In([...filter.statuses]);
    if (filter.planId) where.planId = filter.planId;
    const [rows, total] = await this.manager.findAndCount(MaintenanceWorkOrderEntity, { where, order: { requestedAt: "DESC", id: "DESC" }, take: page.limit, skip: page.offset });
    return { items: rows.map(workOrder), total };
  }

  async findById(id: string): Promise<MaintenanceWorkOrderRecord | null> {
    const row = await this.manager.findOneBy(MaintenanceWorkOrderEntity, { id });
    return row && workOrder(row);
  }

  async findSlots(): Promise<MaintenanceWorkOrderRecord[]> {
    const rows = await this.manager.find(MaintenanceWorkOrderEntity, { where: { plannedStart: Not(IsNull()), status: Not("cancelled") }, order: { plannedStart: "ASC" } });
    return rows.map(workOrder);
  }
}

export class TypeOrmMaintenanceWorkOrderRepository extends TypeOrmMaintenanceWorkOrderReader implements MaintenanceWorkOrderRepository {
  async insert(record: MaintenanceWorkOrderRecord): Promise<void> {
    await this.manager.insert(MaintenanceWorkOrderEntity, workOrderRow(record));
  }

  async update(record: MaintenanceWorkOrderRecord): Promise<void> {
    const { id, ...rest } = workOrderRow(record);
    await this.manager.update(MaintenanceWorkOrderEntity, { id }, rest);
  }
}

const plan = (row: MaintenancePlanRow): MaintenancePlanRecord => ({
  ...row,
  kind: row.kind as PlanKind,
  every: Number(row.every),
  dueSoon: row.dueSoon === null ? null : Number(row.dueSoon),
  durationMinutes: Number(row.durationMinutes),
  active: Boolean(row.active),
});

export class TypeOrmMaintenancePlanReader implements MaintenancePlanReader {
  constructor(protected readonly manager: EntityManager) {}

  async findAll(workUnitId?: string): Promise<MaintenancePlanRecord[]> {
    return (await this.manager.find(MaintenancePlanEntity, { where: workUnitId ? { workUnitId } : {}, order: { workUnitId: "ASC", id: "ASC" } })).map(plan);
  }

  async findById(id: string): Promise<MaintenancePlanRecord | null> {
    const row = await this.manager.findOneBy(MaintenancePlanEntity, { id });
    return row && plan(row);
  }
}

export class TypeOrmMaintenancePlanRepository extends TypeOrmMaintenancePlanReader implements MaintenancePlanRepository {
  async save(record: MaintenancePlanRecord): Promise<void> {
    await this.manager.save(MaintenancePlanEntity, { ...record });
  }
}
