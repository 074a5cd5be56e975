import { DataSource, type EntityManager, type EntitySchema, type ObjectLiteral } from "typeorm";
import { parseDatabaseUrl } from "./database-url.js";
import { dataSourceOptions } from "./dialect.js";
import { RawRows } from "./repositories/raw-rows.js";
import { ENTITIES } from "./entities/index.js";
import { AuditEntity, type AuditRow } from "./entities/audit-entity.js";
import { JobOrderEntity, JobOrderTransitionEntity, WorkOrderEntity, type JobOrderRow, type JobOrderTransitionRow, type WorkOrderRow } from "./entities/order-entities.js";
import { ProductionRecordEntity, StateIntervalEntity, type ProductionRecordRow, type StateIntervalRow } from "./entities/production-entities.js";
import { EndedSubState, JobState } from "../domain/job-order-state-machine.js";

export interface HistoryShape {
  readonly days: number;
  readonly workUnits: readonly string[];
  /** Job orders each work unit ran per day, each with its work order, five transitions and five audit entries. */
  readonly jobsPerUnitPerDay: number;
  /** Production records each work unit wrote per hour (the recorder's flushes). */
  readonly recordsPerUnitPerHour: number;
  /** Machine states each work unit went through per hour (running, idle, faulted, running, ...), each a closed state interval. */
  readonly statesPerUnitPerHour: number;
  /** The product every order and record made (it must exist; "bench-part" when not given). */
  readonly productId?: string;
}

export interface SeededHistory {
  readonly rows: Record<string, number>;
  readonly seconds: number;
}

/** The states a seeded work unit goes through, over and over. */
const STATE_CYCLE = ["running", "idle", "running", "faulted"] as const;
/** Rows per INSERT: under SQLite's cap of 32,766 bound parameters with the widest table (19 columns). */
const ROWS_PER_INSERT = 1000;
const HOUR_MS = 3_600_000;

/**
 * For the benchmarks (tools/bench): a year (or `days`) of finished history ending before now, written straight into the MES's
 * schema with multi-row INSERTs (the MES is stopped meanwhile): work orders, their job orders run,
 * ended and cleared, with their transitions and audit entries, production records and state
 * intervals. The MES makes the OEE summaries of those hours when a report first needs them. The
 * benchmarks run again on top of it; a figure that falls with it is a path whose cost grows with
 * history, not with work.
 */
export async function seedHistory(url: string, shape: HistoryShape): Promise<SeededHistory> {
  const started = performance.now();
  const dataSource = new DataSource({ ...dataSourceOptions(parseDatabaseUrl(url)), entities: ENTITIES, synchronize: false, migrationsRun: false, logging: false });
  await dataSource.initialize();
  const rows: Record<string, number> = {};
  const pending = new Map<EntitySchema<ObjectLiteral>, ObjectLiteral[]>();
  // A transaction per work unit: SQLite would otherwise sync the file after every INSERT.
  let manager: EntityManager | null = null;
  const flush = async (entity: EntitySchema<ObjectLiteral>) => {
    const batch = pending.get(entity) ?? [];
    if (batch.length === 0) return;
    pending.set(entity, []);
    await new RawRows(manager ?? dataSource.manager, entity).insert(...batch);
    rows[entity.options.tableName!] = (rows[entity.options.tableName!] ?? 0) + batch.length;
  };
  const add = async <T extends ObjectLiteral>(entity: EntitySchema<T>, row: T) => {
    const key = entity as unknown as EntitySchema<ObjectLiteral>;
    const batch = pending.get(key) ?? [];
    batch.push(row);
    pending.set(key, batch);
    if (batch.length >= ROWS_PER_INSERT) await flush(key);
  };
  try {
    // Whole hours ending two hours ago: today's work of the benchmark stays apart from it.
    const end = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - 2 * HOUR_MS;
    const start = end - shape.days * 24 * HOUR_MS;
    const jobMs = (24 * HOUR_MS) / shape.jobsPerUnitPerDay;
    const recordMs = HOUR_MS / shape.recordsPerUnitPerHour;
    const stateMs = HOUR_MS / shape.statesPerUnitPerHour;
    const productId = shape.productId ?? "bench-part";
    const actor = { actor: "supervisor", role: "Supervisor", door: "opcua" };
    let n = 0;
    for (const unit of shape.workUnits) await dataSource.transaction(async (unitManager) => {
      manager = unitManager;
      for (let at = start; at + jobMs <= end; at += jobMs) {
        const tag = `HIST-${unit}-${++n}`;
        const [stored, begun, ended, cleared] = [at, at + jobMs * 0.05, at + jobMs * 0.95, at + jobMs * 0.99].map((t) => new Date(Math.round(t)));
        const workOrder: WorkOrderRow = { id: `wo-${tag}`, erpId: `ERP-${tag}`, productId, quantity: 10, dueAt: cleared, priority: 0, status: "completed", equipmentId: unit, description: null, customerRef: null, callbackUrl: null, idempotencyKey: null, releasedAt: stored, createdAt: stored, updatedAt: ended };
        await add(WorkOrderEntity, workOrder);
        const job: JobOrderRow = { id: tag, workOrderId: workOrder.id, equipmentId: unit, productId, quantity: 10, state: JobState.Ended, subState: EndedSubState.Completed, priority: 0, plannedStart: null, plannedEnd: null, actualStart: begun, actualEnd: ended, description: null, parameters: null, materialRequirements: null, dispatchNumber: null, removedAt: cleared, createdAt: stored, updatedAt: cleared };
        await add(JobOrderEntity, job);
        const steps: [string, number | null, number | null, Date][] = [
          ["StoreAndStart", null, JobState.AllowedToStart, stored],
          ["Begin", JobState.AllowedToStart, JobState.Running, begun],
          ["Complete", JobState.Running, JobState.Ended, ended],
          ["Clear", JobState.Ended, null, cleared],
        ];
        for (const [i, [command, from, to, when]] of steps.entries()) {
          const transition: JobOrderTransitionRow = { id: `${tag}-t${i}`, jobOrderId: tag, command, fromState: from, fromSubState: null, toState: to, toSubState: to === JobState.Ended ? EndedSubState.Completed : null, at: when, ...actor, comment: null };
          await add(JobOrderTransitionEntity, transition);
          const audit: AuditRow = { id: `${tag}-a${i}`, at: when, ...actor, via: null, action: `job_order.${command.charAt(0).toLowerCase()}${command.slice(1)}`, targetType: "job_order", targetId: tag, before: null, after: JSON.stringify({ ...job, state: to }) };
          await add(AuditEntity, audit);
        }
        const created: AuditRow = { id: `${tag}-w`, at: stored, actor: "erp", role: "ERP", door: "rest", via: null, action: "work_order.created", targetType: "work_order", targetId: workOrder.id, before: null, after: JSON.stringify(workOrder) };
        await add(AuditEntity, created);
      }
      for (let at = start; at < end; at += recordMs) {
        const record: ProductionRecordRow = { id: `pr-${unit}-${at}`, equipmentId: unit, jobOrderId: null, productId, periodStart: new Date(at), periodEnd: new Date(at + recordMs), good: 20, scrap: 1, source: "plc", operatorIds: null };
        await add(ProductionRecordEntity, record);
      }
      let state = 0;
      for (let at = start; at < end; at += stateMs) {
        const name = STATE_CYCLE[state++ % STATE_CYCLE.length];
        const interval: StateIntervalRow = { id: `si-${unit}-${at}`, equipmentId: unit, state: name, startedAt: new Date(at), endedAt: new Date(Math.min(end, at + stateMs)), faultCode: name === "faulted" ? "F-BENCH" : null, jobOrderId: null, reasonCode: null };
        await add(StateIntervalEntity, interval);
      }
      for (const entity of pending.keys()) await flush(entity);
    });
  } finally {
    await dataSource.destroy();
  }
  return { rows, seconds: Math.round((performance.now() - started) / 100) / 10 };
}
