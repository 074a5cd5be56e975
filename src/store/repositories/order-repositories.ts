import type { EntityManager } from "typeorm";
import type { JobOrderRecord, JobOrderRepository, Page, WorkOrderRecord, WorkOrderRepository } from "../../services/ports.js";
import { JobOrderEntity, WorkOrderEntity, type JobOrderRow, type WorkOrderRow } from "../entities/order-entities.js";

/** DOUBLE and INT come back as numbers on both dialects; only the row shape is copied. */
const workOrder = (row: WorkOrderRow): WorkOrderRecord => ({ ...row, quantity: Number(row.quantity) });
const jobOrder = (row: JobOrderRow): JobOrderRecord => ({ ...row, quantity: Number(row.quantity) });

export class TypeOrmWorkOrderRepository implements WorkOrderRepository {
  constructor(private readonly manager: EntityManager) {}

  async insert(record: WorkOrderRecord): Promise<void> {
    await this.manager.insert(WorkOrderEntity, { ...record });
  }

  async findById(id: string): Promise<WorkOrderRecord | null> {
    const row = await this.manager.findOneBy(WorkOrderEntity, { id });
    return row && workOrder(row);
  }

  async findByErpId(erpId: string): Promise<WorkOrderRecord | null> {
    const row = await this.manager.findOneBy(WorkOrderEntity, { erpId });
    return row && workOrder(row);
  }

  async list(page: Page): Promise<WorkOrderRecord[]> {
    return (await this.manager.find(WorkOrderEntity, { order: { createdAt: "DESC", id: "DESC" }, take: page.limit, skip: page.offset })).map(workOrder);
  }
}

export class TypeOrmJobOrderRepository implements JobOrderRepository {
  constructor(private readonly manager: EntityManager) {}

  async insert(record: JobOrderRecord): Promise<void> {
    await this.manager.insert(JobOrderEntity, { ...record });
  }

  async update(record: JobOrderRecord): Promise<void> {
    const { id, ...fields } = record;
    await this.manager.update(JobOrderEntity, { id }, fields);
  }

  async findById(id: string): Promise<JobOrderRecord | null> {
    const row = await this.manager.findOneBy(JobOrderEntity, { id });
    return row && jobOrder(row);
  }

  async findByEquipment(equipmentId: string): Promise<JobOrderRecord[]> {
    return (await this.manager.find(JobOrderEntity, { where: { equipmentId }, order: { createdAt: "ASC", id: "ASC" } })).map(jobOrder);
  }
}
