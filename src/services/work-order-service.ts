import { DomainError } from "../domain/domain-error.js";
import { spelledCommand } from "../domain/job-control/command-spelling.js";
import { JobState, jobStateName } from "../domain/job-order-state-machine.js";
import { checkReleaseSplits, performanceFigures, workOrderStatus, wasCancelled, type PerformanceFigures, type ReleaseSplit } from "../domain/work-order.js";
import type { Actor } from "./actor.js";
import type { CallbackOutbox } from "./callback-outbox.js";
import type { Clock, IdGenerator } from "./clock.js";
import type { EventBus } from "./event-bus.js";
import type { JobOrderService, TransitionEvent } from "./job-order-service.js";
import type { CallbackDeliveryRecord, JobOrderRecord, WorkOrderFilter, WorkOrderRecord } from "./ports/orders.js";
import type { MaterialMovementRecord } from "./ports/inventory.js";
import type { Page } from "./ports/page.js";
import type { ReadRepositories, Repositories, Store } from "./ports/store.js";
import { recordAudit } from "./audit-trail.js";

export interface WorkOrderInput {
  readonly erpId?: string | null;
  readonly productId: string;
  readonly quantity: number;
  readonly dueAt?: Date | null;
  readonly priority?: number;
  readonly equipmentId?: string | null;
  readonly description?: string | null;
  readonly customerRef?: string | null;
  readonly callbackUrl?: string | null;
}

/** A job order of a work order with what it has produced; each door shows the job order its own way. */
export interface JobOrderWithProduction {
  readonly jobOrder: JobOrderRecord;
  readonly good: number;
  readonly scrap: number;
}

export interface WorkOrderView extends WorkOrderRecord {
  readonly jobOrders: JobOrderWithProduction[];
  readonly progress: { good: number; scrap: number; completion: number | null };
}

export interface PerformanceView extends PerformanceFigures {
  readonly workOrderId: string;
  readonly erpId: string | null;
  readonly productId: string;
  readonly status: string;
  readonly dueAt: Date | null;
  readonly late: boolean | null;
  readonly jobOrders: (JobOrderWithProduction & { idealCycleTimeS: number | null; elapsedS: number | null })[];
}

/** Fields that make two requests "the same order" for idempotency: a replay must not change them silently. */
const IDENTITY_FIELDS = ["erpId", "productId", "quantity"] as const;

/**
 * Production orders from the ERP: created once per ERP id or Idempotency-Key, released into job
 * orders (StoreAndStart, so stations may take them), cancelled, and followed through the state of
 * their job orders. Each command is one transaction with its job orders, its audit entry and its
 * callback.
 */
export class WorkOrderService {
  /**
   * Products found so far: a product is never deleted, so one found once exists for every later
   * order (on any instance), and an ERP's stream of orders for it reads it once (issue 19).
   */
  private readonly knownProducts = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly jobs: JobOrderService,
    private readonly bus: EventBus,
    private readonly outbox: CallbackOutbox,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
  ) {
    // A job order's move may move its work order; both are written in the job order's transaction.
    jobs.observe((repos, event) => this.followJobOrder(repos, event));
  }

  async create(input: WorkOrderInput, actor: Actor, idempotencyKey: string | null): Promise<{ workOrder: WorkOrderView; created: boolean }> {
    if (input.callbackUrl) this.outbox.checkTarget(input.callbackUrl);
    // A replay is found when the insert fails on the unique ERP id or key (below), not looked up
    // before every insert: a new order, the common case, is then one round trip shorter (issue 19).
    let record: WorkOrderRecord;
    try {
      record = await this.store.unitOfWork(async (repos) => {
        await this.checkReferences(repos, input);
        const now = this.clock.now();
        const created: WorkOrderRecord = {
          id: this.newId(),
          erpId: input.erpId ?? null,
          productId: input.productId,
          quantity: input.quantity,
          dueAt: input.dueAt ?? null,
          priority: input.priority ?? 0,
          status: "created",
          equipmentId: input.equipmentId ?? null,
          description: input.description ?? null,
          customerRef: input.customerRef ?? null,
          callbackUrl: input.callbackUrl ?? null,
          idempotencyKey,
          releasedAt: null,
          createdAt: now,
          updatedAt: now,
        };
        await repos.workOrders.insert(created);
        await recordAudit(repos, { id: this.newId(), at: this.clock.now(), actor, action: "work_order.created", targetType: "work_order", targetId: created.id, after: created });
        await this.outbox.enqueue(repos, created, { event: "work_order.created", at: now.toISOString() });
        return created;
      });
    } catch (error) {
      // A replay, or two identical requests at once: the unique index let one in; the other answers with it.
      const replay = await this.findReplay(input, idempotencyKey).catch((lookup: unknown) => {
        if (lookup instanceof DomainError) throw lookup;
        return null;
      });
      if (replay) return { workOrder: await this.get(replay.id), created: false };
      throw error;
    }
    this.bus.emit("work_order.changed", { workOrderId: record.id, status: record.status });
    // The order as this transaction wrote it, with no job orders yet: not read back (issue 19).
    return { workOrder: { ...record, jobOrders: [], progress: { good: 0, scrap: 0, completion: record.quantity > 0 ? 0 : null } }, created: true };
  }

  async list(filter: WorkOrderFilter, page: Page): Promise<{ items: WorkOrderRecord[]; total: number }> {
    return this.store.read.workOrders.list(filter, page);
  }

  async get(id: string): Promise<WorkOrderView> {
    const order = await this.find(this.store.read, id);
    const jobs = await this.store.read.jobOrders.findByWorkOrder(id);
    const summaries = await Promise.all(jobs.map((job) => this.withProduction(job)));
    const good = summaries.reduce((sum, job) => sum + job.good, 0);
    const scrap = summaries.reduce((sum, job) => sum + job.scrap, 0);
    return { ...order, jobOrders: summaries, progress: { good, scrap, completion: order.quantity > 0 ? good / order.quantity : null } };
  }

  /**
   * Splits the order into job orders (by default one, on the order's equipment or the product's
   * first work unit) and StoreAndStarts them, so stations may take them. All or nothing.
   */
  async release(id: string, actor: Actor, splits?: readonly ReleaseSplit[]): Promise<WorkOrderView> {
    const events = await this.store.unitOfWork(async (repos) => {
      const order = await this.find(repos, id);
      if (order.status !== "created") {
        throw new DomainError("conflict", `work order "${id}" is ${order.status}; only a created work order can be released`, { reason: "invalid_state", id, state: order.status, allowed: allowedWorkOrderCommands(order.status) });
      }
      const parts = splits ?? (await this.routingParts(repos, order));
      // A split shares the quantity out; a routing's steps each make all of it.
      const problem = splits ? checkReleaseSplits(order.quantity, parts) : null;
      if (problem) throw new DomainError("invalid_input", `${problem.field}: ${problem.message}`, { field: problem.field });
      const now = this.clock.now();
      const released: WorkOrderRecord = { ...order, status: "released", releasedAt: now, updatedAt: now };
      if (!(await repos.workOrders.update(released, order.status))) throw changedMeanwhile(id);
      const events: TransitionEvent[] = [];
      for (const [i, part] of parts.entries()) {
        events.push(
          await this.jobs.storeWithin(
            repos,
            {
              id: `${order.id}-${i + 1}`,
              equipmentId: part.equipmentId,
              workOrderId: order.id,
              productId: order.productId,
              quantity: part.quantity,
              priority: Math.max(-32768, Math.min(32767, order.priority)),
              // Its parameters are the product's: the job order service gives every job order its product's defaults.
              description: order.description ?? (order.erpId ? `ERP order ${order.erpId}` : null),
            },
            actor,
            { andStart: true, comment: "released with its work order" },
          ),
        );
      }
      await recordAudit(repos, { id: this.newId(), at: this.clock.now(), actor, action: "work_order.released", targetType: "work_order", targetId: id, before: order, after: released });
      await this.outbox.enqueue(repos, (await repos.workOrders.findById(id))!, { event: "work_order.released", at: now.toISOString() });
      return events;
    });
    this.jobs.emit(events);
    this.bus.emit("work_order.changed", { workOrderId: id, status: "released" });
    return this.get(id);
  }

  /** Cancels the order and its waiting job orders; refused while one runs (stop or abort it first), so no work in progress is lost. */
  async cancel(id: string, actor: Actor, comment: string | null): Promise<WorkOrderView> {
    const events = await this.store.unitOfWork(async (repos) => {
      const order = await this.find(repos, id);
      if (order.status === "cancelled" || order.status === "completed" || order.status === "aborted") {
        throw new DomainError("conflict", `work order "${id}" is ${order.status}; it cannot be cancelled`, { reason: "invalid_state", id, state: order.status, allowed: allowedWorkOrderCommands(order.status) });
      }
      const jobs = await repos.jobOrders.findByWorkOrder(id);
      const running = jobs.filter((job) => !job.removedAt && (job.state === JobState.Running || job.state === JobState.Interrupted));
      if (running.length > 0) {
        throw new DomainError("conflict", `work order "${id}" has running job orders (${running.map((job) => job.id).join(", ")}); stop or abort them first`, { reason: "invalid_state", id, state: order.status, running: running.map((job) => job.id) });
      }
      const events: TransitionEvent[] = [];
      for (const job of jobs) {
        if (!job.removedAt && (job.state === JobState.NotAllowedToStart || job.state === JobState.AllowedToStart)) {
          events.push(await this.jobs.commandWithin(repos, job.id, "Cancel", actor, comment ?? "cancelled with its work order"));
        }
      }
      const now = this.clock.now();
      const current = await this.find(repos, id);
      const cancelled: WorkOrderRecord = { ...current, status: "cancelled", updatedAt: now };
      if (!(await repos.workOrders.update(cancelled, current.status))) throw changedMeanwhile(id);
      await recordAudit(repos, { id: this.newId(), at: this.clock.now(), actor, action: "work_order.cancelled", targetType: "work_order", targetId: id, before: order, after: cancelled });
      // Cancelling its last job order has cancelled it already, and told the ERP so: once is enough.
      if (current.status !== "cancelled") await this.outbox.enqueue(repos, cancelled, { event: "work_order.cancelled", at: now.toISOString() });
      return events;
    });
    this.jobs.emit(events);
    this.bus.emit("work_order.changed", { workOrderId: id, status: "cancelled" });
    return this.get(id);
  }

  /** The callback deliveries of an order, oldest first, with the event each reports. */
  async callbacks(id: string): Promise<(Omit<CallbackDeliveryRecord, "payload"> & { event: string })[]> {
    await this.find(this.store.read, id);
    const deliveries = await this.store.read.callbacks.findByWorkOrder(id);
    return deliveries.map(({ payload, ...delivery }) => ({ ...delivery, event: (JSON.parse(payload) as { event: string }).event }));
  }

  /** Planned against actual: quantities, good and scrap, times, per job order and in total. */
  async performance(id: string): Promise<PerformanceView> {
    const view = await this.get(id);
    const cycleTimes = await this.store.read.products.findWorkUnits(view.productId);
    const idealOf = (equipmentId: string) => cycleTimes.find((unit) => unit.equipmentId === equipmentId)?.idealCycleTimeS ?? null;
    const now = this.clock.now();
    // A job order cancelled before it ran made nothing and has no times: it is not part of the performance.
    const counted = view.jobOrders.filter(({ jobOrder }) => !wasCancelled({ state: jobOrder.state, removed: jobOrder.removedAt !== null }));
    const figures = performanceFigures(
      view.quantity,
      counted.map(({ jobOrder, good, scrap }) => ({ quantity: jobOrder.quantity, good, scrap, actualStart: jobOrder.actualStart, actualEnd: jobOrder.actualEnd, idealCycleTimeS: idealOf(jobOrder.equipmentId) })),
      now,
    );
    return {
      workOrderId: view.id,
      erpId: view.erpId,
      productId: view.productId,
      status: view.status,
      dueAt: view.dueAt,
      late: view.dueAt ? (figures.actualEnd ?? now) > view.dueAt : null,
      ...figures,
      jobOrders: view.jobOrders.map((job) => ({
        ...job,
        idealCycleTimeS: idealOf(job.jobOrder.equipmentId),
        elapsedS: job.jobOrder.actualStart ? ((job.jobOrder.actualEnd ?? now).getTime() - job.jobOrder.actualStart.getTime()) / 1000 : null,
      })),
    };
  }

  /**
   * Tells the ERP what its job orders consumed and produced, in the transaction that booked it: one
   * `material.consumed` and one `material.produced` per job order of a work order with a callback,
   * gathered over `inventory.callbackBatchMs` (CallbackOutbox.enqueueMaterial).
   */
  async reportMaterial(repos: Repositories, movements: readonly MaterialMovementRecord[]): Promise<void> {
    const byJob = new Map<string, MaterialMovementRecord[]>();
    for (const row of movements) {
      if (!row.jobOrderId || (row.kind !== "consume" && row.kind !== "produce")) continue;
      byJob.set(row.jobOrderId, [...(byJob.get(row.jobOrderId) ?? []), row]);
    }
    for (const [jobOrderId, rows] of byJob) {
      const job = await repos.jobOrders.findById(jobOrderId);
      const order = job?.workOrderId ? await repos.workOrders.findById(job.workOrderId) : null;
      if (!order?.callbackUrl) continue;
      for (const [kind, materialUse] of [["consume", "Consumed"], ["produce", "Produced"]] as const) {
        const ofKind = rows.filter((row) => row.kind === kind);
        if (ofKind.length === 0) continue;
        await this.outbox.enqueueMaterial(repos, order, {
          event: kind === "consume" ? "material.consumed" : "material.produced",
          at: ofKind[0]!.at.toISOString(),
          material: {
            jobOrderId,
            workUnitId: ofKind[0]!.workUnitId,
            materialUse,
            outputLotId: ofKind.find((row) => row.toLotId)?.toLotId ?? null,
            items: ofKind.map((row) => ({ movementId: row.id, lotId: kind === "consume" ? row.fromLotId : row.toLotId, materialDefinitionId: row.materialDefinitionId, quantity: row.quantity, unit: row.unit, problem: row.problem })),
          },
        });
      }
    }
  }

  private async followJobOrder(repos: Repositories, event: TransitionEvent): Promise<void> {
    const workOrderId = event.jobOrder.workOrderId;
    if (!workOrderId) return;
    const order = await repos.workOrders.findById(workOrderId);
    if (!order) return;
    const jobs = await repos.jobOrders.findByWorkOrder(workOrderId);
    const status = workOrderStatus(order.status, jobs.map((job) => ({ state: job.state, removed: job.removedAt !== null })));
    let current = order;
    if (status !== order.status) {
      current = { ...order, status, updatedAt: event.at };
      await repos.workOrders.update(current);
      await recordAudit(repos, { id: this.newId(), at: this.clock.now(), actor: event.actor, action: "work_order.status_changed", targetType: "work_order", targetId: order.id, before: order, after: current });
    }
    const { jobOrder } = event;
    const command = spelledCommand(event.command);
    await this.outbox.enqueue(repos, current, {
      event: `job_order.${command}`,
      at: event.at.toISOString(),
      jobOrder: {
        id: jobOrder.id,
        equipmentId: jobOrder.equipmentId,
        state: event.to ? jobStateName(event.to.state) : "removed",
        stateNumber: event.to?.state ?? jobOrder.state,
        subState: event.to?.subState ?? null,
        command,
        actor: event.actor.id,
        door: event.actor.door,
        comment: event.comment,
      },
    });
    // The job order's move came first and made this one: the ERP hears them in that order.
    if (status !== order.status) await this.outbox.enqueue(repos, current, { event: `work_order.${status}`, at: event.at.toISOString() });
  }

  private async withProduction(jobOrder: JobOrderRecord): Promise<JobOrderWithProduction> {
    const produced = await this.store.read.productionRecords.totalsOfJob(jobOrder.id);
    return { jobOrder, good: produced.good, scrap: produced.scrap };
  }

  private async findReplay(input: WorkOrderInput, idempotencyKey: string | null): Promise<WorkOrderRecord | null> {
    const byKey = idempotencyKey ? await this.store.read.workOrders.findByIdempotencyKey(idempotencyKey) : null;
    const existing = byKey ?? (input.erpId ? await this.store.read.workOrders.findByErpId(input.erpId) : null);
    if (!existing) return null;
    const differing = IDENTITY_FIELDS.filter((field) => (input[field] ?? null) !== existing[field]);
    if (differing.length > 0) {
      const by = byKey ? `Idempotency-Key "${idempotencyKey}"` : `ERP id "${input.erpId}"`;
      throw new DomainError("conflict", `a work order with ${by} exists already with other ${differing.join(", ")}`, { reason: "duplicate", field: differing[0], id: existing.id });
    }
    return existing;
  }

  private async checkReferences(repos: Repositories, input: WorkOrderInput): Promise<void> {
    if (!this.knownProducts.has(input.productId)) {
      if (!(await repos.products.findById(input.productId))) throw new DomainError("invalid_input", `productId: no product "${input.productId}"`, { field: "productId" });
      this.knownProducts.add(input.productId);
    }
    if (input.equipmentId) {
      const equipment = await repos.equipment.findById(input.equipmentId);
      if (!equipment || (equipment.level !== "WorkUnit" && equipment.level !== "WorkCenter")) {
        throw new DomainError("invalid_input", `equipmentId: ${equipment ? `"${input.equipmentId}" is ${equipment.level === "Area" ? "an" : "a"} ${equipment.level}; orders run on a WorkCenter or WorkUnit` : `no equipment "${input.equipmentId}"`}`, { field: "equipmentId" });
      }
    }
  }

  /**
   * Without a split: one job order on the order's own equipment, or one per routing step of the
   * product, each on the first work unit of its step (the planner sequences them; the steps run in order).
   */
  private async routingParts(repos: Repositories, order: WorkOrderRecord): Promise<ReleaseSplit[]> {
    if (order.equipmentId) return [{ equipmentId: order.equipmentId, quantity: order.quantity }];
    const routing = await repos.products.findWorkUnits(order.productId);
    if (routing.length === 0) {
      throw new DomainError("invalid_input", `jobOrders: product "${order.productId}" has no work unit in master data and the order names no equipmentId; say where it runs`, { field: "jobOrders" });
    }
    const steps = [...new Set(routing.map((unit) => unit.step))];
    return steps.map((step) => ({ equipmentId: routing.find((unit) => unit.step === step)!.equipmentId, quantity: order.quantity }));
  }

  private async find(repos: Pick<ReadRepositories, "workOrders">, id: string): Promise<WorkOrderRecord> {
    const order = await repos.workOrders.findById(id);
    if (!order) throw new DomainError("not_found", `no work order "${id}"`, { id });
    return order;
  }
}

function changedMeanwhile(id: string): DomainError {
  return new DomainError("conflict", `work order "${id}" was changed by another command at the same time; read it again`, { reason: "concurrent_change", id });
}

/** What a work order in this status can still be asked to do. */
export function allowedWorkOrderCommands(status: string): string[] {
  if (status === "created") return ["release", "cancel"];
  if (status === "released" || status === "in_progress") return ["cancel"];
  return [];
}
