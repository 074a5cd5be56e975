import { IsNull, type EntityManager } from "typeorm";
import type { Door, JobOrderRecord, JobOrderRepository, JobOrderTransitionRecord, Page, WorkOrderRecord, WorkOrderRepository } from "../../services/ports.js";
import { JobOrderEntity, JobOrderTransitionEntity, WorkOrderEntity, type JobOrderRow, type WorkOrderRow } from "../entities/order-entities.js";

/** DOUBLE comes back as a number on both dialects; JSON parameters are stored as text. */
const workOrder = (row: WorkOrderRow): WorkOrderRecord => ({ ...row, quantity: Number(row.quantity) });
const jobOrder = (row: JobOrderRow): JobOrderRecord => ({ ...row, quantity: Number(row.quantity), parameters: row.parameters ? JSON.parse(row.parameters) : [] });
const jobOrderRow = (record: JobOrderRecord): JobOrderRow => ({ ...record, parameters: record.parameters.length > 0 ? JSON.stringify(record.parameters) : null });

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
    await this.manager.insert(JobOrderEntity, jobOrderRow(record));
  }

  async update(record: JobOrderRecord, expected: { state: number; subState: number | null }): Promise<boolean> {
    const { id, ...fields } = jobOrderRow(record);
    const result = await this.manager.update(JobOrderEntity, { id, state: expected.state, subState: expected.subState ?? IsNull() }, fields);
    return (result.affected ?? 0) > 0;
  }

  async findById(id: string): Promise<JobOrderRecord | null> {
    const row = await this.manager.findOneBy(JobOrderEntity, { id });
    return row && jobOrder(row);
  }

  async findByEquipment(equipmentId: string): Promise<JobOrderRecord[]> {
    return (await this.manager.find(JobOrderEntity, { where: { equipmentId }, order: { createdAt: "ASC", id: "ASC" } })).map(jobOrder);
  }

  async findListed(equipmentId: string): Promise<JobOrderRecord[]> {
    return (await this.manager.find(JobOrderEntity, { where: { equipmentId, removedAt: IsNull() }, order: { createdAt: "ASC", id: "ASC" } })).map(jobOrder);
  }

  async appendTransition(transition: JobOrderTransitionRecord): Promise<void> {
    await this.manager.insert(JobOrderTransitionEntity, { ...transition });
  }

  async findTransitions(jobOrderId: string): Promise<JobOrderTransitionRecord[]> {
    const rows = await this.manager.find(JobOrderTransitionEntity, { where: { jobOrderId }, order: { at: "ASC", id: "ASC" } });
    return rows.map((row) => ({ ...row, door: row.door as Door }));
  }
}
