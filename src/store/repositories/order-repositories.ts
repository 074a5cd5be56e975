import { And, In, IsNull, LessThan, MoreThan, MoreThanOrEqual, type EntityManager, type FindOptionsWhere } from "typeorm";
import type { Door } from "../../services/actor.js";
import type { JobOrderFilter, JobOrderRecord, JobOrderReader, JobOrderRun, JobOrderRepository, JobOrderTransitionRecord, WorkOrderFilter, WorkOrderRecord, WorkOrderReader, WorkOrderRepository } from "../../services/ports/orders.js";
import type { Page } from "../../services/ports/page.js";
import type { WorkOrderStatus } from "../../domain/work-order.js";
import { JobOrderEntity, JobOrderTransitionEntity, WorkOrderEntity, type JobOrderRow, type WorkOrderRow } from "../entities/order-entities.js";
import { noSummaryToDropFrom } from "../../domain/oee/period-summary.js";
import { TypeOrmHourSummaryRepository } from "./oee-summary-repository.js";
import { RawRows } from "./raw-rows.js";

/** What a job order's run is read as (findRunsIn). */
const RUN_COLUMNS = ["equipmentId", "actualStart", "actualEnd"] as const;

/** DOUBLE comes back as a number on both dialects; JSON parameters are stored as text. */
const workOrder = (row: WorkOrderRow): WorkOrderRecord => ({ ...row, quantity: Number(row.quantity), status: row.status as WorkOrderStatus });
const jobOrder = (row: JobOrderRow): JobOrderRecord => ({
  ...row,
  quantity: Number(row.quantity),
  parameters: row.parameters ? JSON.parse(row.parameters) : [],
  materialRequirements: row.materialRequirements ? JSON.parse(row.materialRequirements) : [],
});
const jobOrderRow = (record: JobOrderRecord): JobOrderRow => ({
  ...record,
  parameters: record.parameters.length > 0 ? JSON.stringify(record.parameters) : null,
  materialRequirements: record.materialRequirements.length > 0 ? JSON.stringify(record.materialRequirements) : null,
});

/**
 * Whether what the OEE summaries take from a job order (its unit, product and actual times)
 * changed where a summary may have been kept. Its end alone does
 * not: no hour an open order reaches into is kept (OeeWindows), and at its start the summaries
 * from then on were dropped or could not exist yet, so none exists from its start to its end
 * (issue 19: four statements fewer per job order).
 */
function executionChanged(before: JobOrderRecord, after: JobOrderRecord): boolean {
  const time = (at: Date | null) => at?.getTime() ?? null;
  const ended = before.actualStart !== null && before.actualEnd === null && after.actualEnd !== null;
  return (
    before.equipmentId !== after.equipmentId ||
    before.productId !== after.productId ||
    time(before.actualStart) !== time(after.actualStart) ||
    (time(before.actualEnd) !== time(after.actualEnd) && !ended)
  );
}

export class TypeOrmWorkOrderReader implements WorkOrderReader {
  constructor(protected readonly manager: EntityManager) {}

  async findById(id: string): Promise<WorkOrderRecord | null> {
    const row = await this.manager.findOneBy(WorkOrderEntity, { id });
    return row && workOrder(row);
  }

  async findByErpId(erpId: string): Promise<WorkOrderRecord | null> {
    const row = await this.manager.findOneBy(WorkOrderEntity, { erpId });
    return row && workOrder(row);
  }

  async findByIds(ids: readonly string[]): Promise<WorkOrderRecord[]> {
    if (ids.length === 0) return [];
    const rows: WorkOrderRow[] = [];
    // IN lists in slices: SQLite caps bound parameters, and a plant may have thousands of open orders.
    for (let start = 0; start < ids.length; start += 500) rows.push(...(await this.manager.find(WorkOrderEntity, { where: { id: In(ids.slice(start, start + 500)) } })));
    return rows.map(workOrder);
  }

  async findByIdempotencyKey(idempotencyKey: string): Promise<WorkOrderRecord | null> {
    const row = await this.manager.findOneBy(WorkOrderEntity, { idempotencyKey });
    return row && workOrder(row);
  }

  async list(filter: WorkOrderFilter, page: Page): Promise<{ items: WorkOrderRecord[]; total: number }> {
    const where: FindOptionsWhere<WorkOrderRow> = {};
    if (filter.status) where.status = filter.status;
    if (filter.productId) where.productId = filter.productId;
    if (filter.erpId) where.erpId = filter.erpId;
    if (filter.dueAfter && filter.dueBefore) where.dueAt = And(MoreThanOrEqual(filter.dueAfter), LessThan(filter.dueBefore));
    else if (filter.dueAfter) where.dueAt = MoreThanOrEqual(filter.dueAfter);
    else if (filter.dueBefore) where.dueAt = LessThan(filter.dueBefore);
    const [rows, total] = await this.manager.findAndCount(WorkOrderEntity, { where, order: { createdAt: "DESC", id: "DESC" }, take: page.limit, skip: page.offset });
    return { items: rows.map(workOrder), total };
  }
}

export class TypeOrmWorkOrderRepository extends TypeOrmWorkOrderReader implements WorkOrderRepository {
  async insert(record: WorkOrderRecord): Promise<void> {
    await new RawRows(this.manager, WorkOrderEntity).insert(record);
  }

  async update(record: WorkOrderRecord, expectedStatus?: WorkOrderStatus): Promise<boolean> {
    const { id, ...fields } = record;
    const result = await this.manager.update(WorkOrderEntity, expectedStatus ? { id, status: expectedStatus } : { id }, fields);
    return (result.affected ?? 0) > 0;
  }
}

export class TypeOrmJobOrderReader implements JobOrderReader {
  constructor(protected readonly manager: EntityManager) {}

  async findById(id: string): Promise<JobOrderRecord | null> {
    const [row] = await new RawRows(this.manager, JobOrderEntity).find({ id }, [], 1);
    return row ? jobOrder(row) : null;
  }

  async findByIds(ids: readonly string[]): Promise<JobOrderRecord[]> {
    if (ids.length === 0) return [];
    return (await this.manager.find(JobOrderEntity, { where: { id: In([...ids]) } })).map(jobOrder);
  }

  async findByEquipment(equipmentId: string): Promise<JobOrderRecord[]> {
    return (await this.manager.find(JobOrderEntity, { where: { equipmentId }, order: { createdAt: "ASC", id: "ASC" } })).map(jobOrder);
  }

  async findListed(equipmentId: string): Promise<JobOrderRecord[]> {
    return (await new RawRows(this.manager, JobOrderEntity).find({ equipmentId, removedAt: null }, ["createdAt", "id"])).map(jobOrder);
  }

  async findByWorkOrder(workOrderId: string): Promise<JobOrderRecord[]> {
    return (await this.manager.find(JobOrderEntity, { where: { workOrderId }, order: { createdAt: "ASC", id: "ASC" } })).map(jobOrder);
  }

  async findAllListed(): Promise<JobOrderRecord[]> {
    return (await this.manager.find(JobOrderEntity, { where: { removedAt: IsNull() }, order: { createdAt: "ASC", id: "ASC" } })).map(jobOrder);
  }

  async findInWindow(from: Date, to: Date, equipmentIds?: readonly string[]): Promise<JobOrderRecord[]> {
    const query = this.manager
      .createQueryBuilder(JobOrderEntity, "job")
      .where("((job.plannedStart < :to AND job.plannedEnd > :from) OR (job.actualStart < :to AND (job.actualEnd IS NULL OR job.actualEnd > :from)))", { from, to })
      .orderBy("job.equipmentId", "ASC")
      .addOrderBy("job.plannedStart", "ASC")
      .addOrderBy("job.id", "ASC");
    if (equipmentIds) query.andWhere("job.equipmentId IN (:...equipmentIds)", { equipmentIds: equipmentIds.length > 0 ? [...equipmentIds] : [""] });
    return (await query.getMany()).map(jobOrder);
  }

  async findRunsIn(equipmentIds: readonly string[], from: Date, to: Date): Promise<JobOrderRun[]> {
    if (equipmentIds.length === 0) return [];
    const raw = new RawRows(this.manager, JobOrderEntity);
    const [start, end] = [raw.param("actualEnd", from), raw.param("actualStart", to)];
    const runs: JobOrderRun[] = [];
    // Two seeks on (equipment_id, actual_end), the ended runs after `from` and the open ones: never the unit's older orders.
    for (let i = 0; i < equipmentIds.length; i += 400) {
      const ids = equipmentIds.slice(i, i + 400);
      const list = ids.map(() => "?").join(", ");
      for (const [ended, params] of [[`actual_end > ?`, [start]], [`actual_end IS NULL`, []]] as const) {
        const rows = await raw.query(`SELECT equipment_id, actual_start, actual_end FROM job_order WHERE equipment_id IN (${list}) AND ${ended} AND actual_start < ?`, [...ids, ...params, end], RUN_COLUMNS);
        for (const row of rows) runs.push({ equipmentId: row.equipmentId, actualStart: row.actualStart!, actualEnd: row.actualEnd });
      }
    }
    return runs.sort((a, b) => (a.equipmentId < b.equipmentId ? -1 : a.equipmentId > b.equipmentId ? 1 : a.actualStart.getTime() - b.actualStart.getTime()));
  }

  async list(filter: JobOrderFilter, page: Page): Promise<{ items: JobOrderRecord[]; total: number }> {
    const where: FindOptionsWhere<JobOrderRow> = {};
    if (filter.equipmentId) where.equipmentId = filter.equipmentId;
    if (filter.workOrderId) where.workOrderId = filter.workOrderId;
    if (filter.state !== undefined) where.state = filter.state;
    if (!filter.includeRemoved) where.removedAt = IsNull();
    const [rows, total] = await this.manager.findAndCount(JobOrderEntity, { where, order: { createdAt: "ASC", id: "ASC" }, take: page.limit, skip: page.offset });
    return { items: rows.map(jobOrder), total };
  }

  async findByDispatchNumber(dispatchNumber: number): Promise<JobOrderRecord | null> {
    const row = await this.manager.findOneBy(JobOrderEntity, { dispatchNumber });
    return row && jobOrder(row);
  }

  async maxDispatchNumber(): Promise<number> {
    const result = await this.manager.createQueryBuilder(JobOrderEntity, "job").select("MAX(job.dispatchNumber)", "max").getRawOne<{ max: number | string | null }>();
    return Number(result?.max ?? 0);
  }

  async findTransitions(jobOrderId: string): Promise<JobOrderTransitionRecord[]> {
    const rows = await this.manager.find(JobOrderTransitionEntity, { where: { jobOrderId }, order: { at: "ASC", id: "ASC" } });
    return rows.map((row) => ({ ...row, door: row.door as Door }));
  }

  async findTransitionsMadeAfter(afterId: string, limit: number): Promise<JobOrderTransitionRecord[]> {
    // The primary key's range: no other index needed.
    const rows = await this.manager.find(JobOrderTransitionEntity, { where: { id: MoreThan(afterId) }, order: { id: "ASC" }, take: limit });
    return rows.map((row) => ({ ...row, door: row.door as Door }));
  }
}

export class TypeOrmJobOrderRepository extends TypeOrmJobOrderReader implements JobOrderRepository {
  async insert(record: JobOrderRecord): Promise<void> {
    await new RawRows(this.manager, JobOrderEntity).insert(jobOrderRow(record));
    await this.invalidateExecution(record);
  }

  /**
   * The order's execution time (ISO 22400-2 AOET) is in the hour summaries of its unit. An order
   * that begins with this change, in the hour running at it, has none to drop (issue 19: four
   * statements fewer a job order).
   */
  private async invalidateExecution(record: JobOrderRecord, before?: JobOrderRecord): Promise<void> {
    if (!record.actualStart || !record.equipmentId) return;
    const begins = before !== undefined && before.actualStart === null && before.equipmentId === record.equipmentId;
    if (begins && noSummaryToDropFrom(record.actualStart.getTime(), record.updatedAt.getTime())) return;
    await new TypeOrmHourSummaryRepository(this.manager).invalidate(record.equipmentId, record.actualStart, record.actualEnd);
  }

  async update(record: JobOrderRecord, expected: { state: number; subState: number | null }, before?: JobOrderRecord): Promise<boolean> {
    const { id, ...fields } = jobOrderRow(record);
    const result = await this.manager.update(JobOrderEntity, { id, state: expected.state, subState: expected.subState ?? IsNull() }, fields);
    if (!before || executionChanged(before, record)) await this.invalidateExecution(record, before);
    return (result.affected ?? 0) > 0;
  }

  async setPlan(jobOrderId: string, plannedStart: Date | null, plannedEnd: Date | null): Promise<void> {
    await this.manager.update(JobOrderEntity, { id: jobOrderId }, { plannedStart, plannedEnd });
  }

  async setDispatchNumber(jobOrderId: string, dispatchNumber: number): Promise<boolean> {
    const result = await this.manager.update(JobOrderEntity, { id: jobOrderId, dispatchNumber: IsNull() }, { dispatchNumber });
    return (result.affected ?? 0) > 0;
  }

  async appendTransition(transition: JobOrderTransitionRecord): Promise<void> {
    await new RawRows(this.manager, JobOrderTransitionEntity).insert(transition);
  }
}
