import { DomainError } from "../domain/domain-error.js";
import { checkJobOrderInput, type JobOrderInput } from "../domain/job-order.js";
import { parametersWithDefaults } from "../domain/job-order-defaults.js";
import {
  applyJobCommand,
  initialJobStatus,
  JobState,
  jobStateName,
  type JobCommand,
  type JobStatus,
} from "../domain/job-order-state-machine.js";
import type { Actor } from "./actor.js";
import type { Clock, IdGenerator } from "./clock.js";
import type { EventBus, MesEvents } from "./event-bus.js";
import type { JobOrderFilter, JobOrderRecord } from "./ports/orders.js";
import type { Page } from "./ports/page.js";
import type { Repositories, Store } from "./ports/store.js";
import { recordAudit } from "./audit-trail.js";
import { allUnits, type UnitOwnership } from "./cluster/unit-ownership.js";

/** Equipment that can receive job orders (OPC 10031-4 receivers sit on work centers and work units). */
const RECEIVER_LEVELS = new Set(["WorkCenter", "WorkUnit"]);

/**
 * Dispatch of job orders: the one place where they are stored and moved through the OPC 10031-4
 * state machine, whichever door asks. Each call is one transaction holding the change, its
 * transition record and its audit entry; the event goes out only after the commit.
 */
export type TransitionEvent = MesEvents["job.transition"];
export type TransitionObserver = (repos: Repositories, event: TransitionEvent) => Promise<void>;

export class JobOrderService {
  private readonly observers: TransitionObserver[] = [];

  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
    /** OPC 10031-4 MaxDownloadableJobOrders: how many orders one receiver's JobOrderList holds. */
    readonly maxListed: number,
  ) {}

  private plcWrites: UnitOwnership = allUnits;

  /**
   * On a cluster, a transition a PLC makes (a dispatch driver, a station's Dispatch method) is
   * fenced by its unit's lease: a driver left running on an instance that lost the unit writes nothing.
   */
  fencePlcWritesWith(units: UnitOwnership): void {
    this.plcWrites = units;
  }

  /** Store (andStart false) or StoreAndStart (true). */
  async storeJobOrder(input: JobOrderInput, actor: Actor, options: { andStart: boolean; comment?: string | null }): Promise<JobOrderRecord> {
    const event = await this.store.unitOfWork((repos) => this.storeWithin(repos, input, actor, options));
    this.bus.emit("job.transition", event);
    return event.jobOrder;
  }

  /**
   * Store inside the caller's transaction (a work order releasing several job orders at once);
   * the caller emits the returned event after its commit.
   */
  async storeWithin(repos: Repositories, input: JobOrderInput, actor: Actor, options: { andStart: boolean; comment?: string | null }): Promise<TransitionEvent> {
    const problems = checkJobOrderInput(input);
    if (problems.length > 0) throw invalid(problems[0].field, problems[0].message, problems);
    const command = options.andStart ? "StoreAndStart" : "Store";
    const status = initialJobStatus(options.andStart);
    const product = await this.checkReferences(repos, input);
    if (await repos.jobOrders.findById(input.id)) {
      throw new DomainError("conflict", `a job order "${input.id}" exists already`, { reason: "duplicate", field: "id", id: input.id });
    }
    if ((await repos.jobOrders.findListed(input.equipmentId)).length >= this.maxListed) {
      throw new DomainError("conflict", `${input.equipmentId} holds ${this.maxListed} job orders already; clear or cancel some first`, { reason: "limit", limit: this.maxListed });
    }
    const now = this.clock.now();
    const record: JobOrderRecord = {
      id: input.id,
      workOrderId: input.workOrderId ?? null,
      equipmentId: input.equipmentId,
      productId: input.productId ?? null,
      quantity: input.quantity,
      state: status.state,
      subState: status.subState,
      priority: input.priority ?? 0,
      plannedStart: input.plannedStart ?? null,
      plannedEnd: input.plannedEnd ?? null,
      actualStart: null,
      actualEnd: null,
      description: input.description ?? null,
      parameters: parametersWithDefaults(product?.parameters ?? [], input.parameters ?? []),
      materialRequirements: input.materialRequirements ?? [],
      dispatchNumber: null,
      removedAt: null,
      createdAt: now,
      updatedAt: now,
    };
    await repos.jobOrders.insert(record);
    return this.record(repos, { jobOrder: record, command, from: null, to: status, actor, comment: options.comment ?? null, at: now }, null);
  }

  /** Update: new data for an order that has not started (OPC 10031-4 allows it in NotAllowedToStart and AllowedToStart). */
  async updateJobOrder(input: JobOrderInput, actor: Actor, comment: string | null = null): Promise<JobOrderRecord> {
    const problems = checkJobOrderInput(input);
    if (problems.length > 0) throw invalid(problems[0].field, problems[0].message, problems);
    return this.transition(input.id, "Update", actor, comment, async (repos, current) => {
      if (input.equipmentId !== current.equipmentId) {
        throw invalid("equipmentId", "an update cannot move a job order to other equipment; cancel it and store a new one");
      }
      const product = await this.checkReferences(repos, input);
      return {
        ...current,
        workOrderId: input.workOrderId ?? current.workOrderId,
        productId: input.productId ?? null,
        quantity: input.quantity,
        priority: input.priority ?? 0,
        plannedStart: input.plannedStart ?? null,
        plannedEnd: input.plannedEnd ?? null,
        description: input.description ?? null,
        parameters: parametersWithDefaults(product?.parameters ?? [], input.parameters ?? []),
        materialRequirements: input.materialRequirements ?? [],
      };
    });
  }

  /**
   * Any other command: Start, RevokeStart, Pause, Resume, Stop, Abort, Cancel, Clear, and the
   * executor's Begin, Hold, Complete, Close. With `receiverId`, only a job order of that equipment
   * is known (OPC 10031-4: a receiver answers for its own job orders).
   */
  async command(jobOrderId: string, command: Exclude<JobCommand, "Update">, actor: Actor, comment: string | null = null, receiverId?: string): Promise<JobOrderRecord> {
    return this.transition(jobOrderId, command, actor, comment, async (_repos, current) => current, receiverId);
  }

  /** The orders in an equipment's JobOrderList, which survives restarts because it is read from the database. */
  async listed(equipmentId: string): Promise<JobOrderRecord[]> {
    return this.store.read.jobOrders.findListed(equipmentId);
  }

  /** Any job order, removed ones too when asked, for the REST list. */
  async list(filter: JobOrderFilter, page: Page): Promise<{ items: JobOrderRecord[]; total: number }> {
    return this.store.read.jobOrders.list(filter, page);
  }

  async get(jobOrderId: string): Promise<JobOrderRecord> {
    const record = await this.store.read.jobOrders.findById(jobOrderId);
    if (!record) throw new DomainError("not_found", `no job order "${jobOrderId}"`, { id: jobOrderId });
    return record;
  }

  /** What a job order produced so far, for its job response (OPC 10031-4 ISA95JobResponseDataType). */
  async produced(jobOrderId: string): Promise<{ good: number; scrap: number }> {
    return this.store.read.productionRecords.totalsOfJob(jobOrderId);
  }

  /**
   * The job orders in an equipment's JobOrderList that have started: they have a job response
   * (OPC 40001-3 JobOrderResponseList). A cleared one's response is still answered by
   * RequestJobResponseByJobOrderID, but is not rebuilt with the list: every order ever run would
   * make the list's cost grow with history, not with the work at hand (issue 19).
   */
  async started(equipmentId: string): Promise<JobOrderRecord[]> {
    return (await this.store.read.jobOrders.findListed(equipmentId)).filter((job) => job.actualStart !== null);
  }

  /**
   * The integer a tag-driven PLC knows this job order by, given on first use and kept: PLC words
   * cannot hold our string ids. Numbers are unique across the plant, so a carrier that wanders to
   * another station is not mistaken for that station's job.
   */
  async dispatchNumber(jobOrderId: string): Promise<number> {
    for (let attempt = 0; ; attempt++) {
      const job = await this.get(jobOrderId);
      if (job.dispatchNumber !== null) return job.dispatchNumber;
      try {
        const given = await this.store.unitOfWork(async (repos) => {
          const next = (await repos.jobOrders.maxDispatchNumber()) + 1;
          return (await repos.jobOrders.setDispatchNumber(jobOrderId, next)) ? next : null;
        });
        if (given !== null) return given;
      } catch (error) {
        // Two stations numbering at once on MySQL: the unique index refuses the second; take the next number.
        if (attempt >= 5) throw error;
      }
    }
  }

  /** The job order a PLC names by its dispatch number, or null when no job order has it. */
  async findByDispatchNumber(dispatchNumber: number): Promise<JobOrderRecord | null> {
    return this.store.read.jobOrders.findByDispatchNumber(dispatchNumber);
  }

  async history(jobOrderId: string) {
    await this.get(jobOrderId);
    return this.store.read.jobOrders.findTransitions(jobOrderId);
  }

  private async transition(
    jobOrderId: string,
    command: JobCommand,
    actor: Actor,
    comment: string | null,
    change: (repos: Repositories, current: JobOrderRecord) => Promise<JobOrderRecord>,
    receiverId?: string,
  ): Promise<JobOrderRecord> {
    const event = await this.store.unitOfWork((repos) => this.transitionWithin(repos, jobOrderId, command, actor, comment, change, receiverId));
    this.bus.emit("job.transition", event);
    return event.jobOrder;
  }

  /** A command inside the caller's transaction (a work order cancelling its job orders); the caller emits the event after its commit. */
  async commandWithin(repos: Repositories, jobOrderId: string, command: Exclude<JobCommand, "Update">, actor: Actor, comment: string | null = null, receiverId?: string): Promise<TransitionEvent> {
    return this.transitionWithin(repos, jobOrderId, command, actor, comment, async (_repos, current) => current, receiverId);
  }

  /** Sends events of a committed transaction, in order. */
  emit(events: readonly TransitionEvent[]): void {
    for (const event of events) this.bus.emit("job.transition", event);
  }

  /** Runs in the transaction of every transition, after its records are written (callbacks to the ERP go into their outbox there). */
  observe(observer: TransitionObserver): void {
    this.observers.push(observer);
  }

  private async transitionWithin(
    repos: Repositories,
    jobOrderId: string,
    command: JobCommand,
    actor: Actor,
    comment: string | null,
    change: (repos: Repositories, current: JobOrderRecord) => Promise<JobOrderRecord>,
    receiverId?: string,
  ): Promise<TransitionEvent> {
    const current = await listedJobOrder(repos, jobOrderId, receiverId);
    if (actor.door === "plc") await this.plcWrites.fence(repos, current.equipmentId);
    const from: JobStatus = { state: current.state as JobStatus["state"], subState: current.subState };
    const result = applyJobCommand(from, command);
    if (!result.ok) throw refused(current, command, result.allowed);
    const now = this.clock.now();
    const changed = await change(repos, current);
    const next: JobOrderRecord = {
      ...changed,
      state: result.to?.state ?? current.state,
      subState: result.removed ? current.subState : result.to.subState,
      actualStart: current.actualStart ?? (result.to?.state === JobState.Running ? now : null),
      actualEnd: current.actualEnd ?? (result.to && (result.to.state === JobState.Ended || result.to.state === JobState.Aborted) ? now : null),
      removedAt: result.removed ? now : null,
      updatedAt: now,
    };
    if (!(await repos.jobOrders.update(next, from, current))) {
      throw new DomainError("conflict", `job order "${jobOrderId}" was changed by another command at the same time; read it again`, { reason: "concurrent_change", id: jobOrderId });
    }
    return this.record(repos, { jobOrder: next, command, from, to: result.to, actor, comment, at: now }, current);
  }

  /** The transition record and the audit entry, in the transaction of the change itself (STYLE lesson 8). */
  private async record(repos: Repositories, event: TransitionEvent, before: JobOrderRecord | null): Promise<TransitionEvent> {
    const { jobOrder, command, from, to, actor, comment, at } = event;
    await repos.jobOrders.appendTransition({
      id: this.newId(),
      jobOrderId: jobOrder.id,
      command,
      fromState: from?.state ?? null,
      fromSubState: from?.subState ?? null,
      toState: to?.state ?? null,
      toSubState: to?.subState ?? null,
      at,
      actor: actor.id,
      role: actor.role,
      door: actor.door,
      comment,
    });
    await recordAudit(repos, {
      id: this.newId(),
      at,
      actor,
      action: `job_order.${command.charAt(0).toLowerCase()}${command.slice(1)}`,
      targetType: "job_order",
      targetId: jobOrder.id,
      before,
      after: jobOrder,
    });
    for (const observer of this.observers) await observer(repos, event);
    return event;
  }

  /** The references must exist; returns the product, whose parameters are the job order's defaults (parametersWithDefaults). */
  private async checkReferences(repos: Repositories, input: JobOrderInput) {
    const equipment = await repos.equipment.findById(input.equipmentId);
    if (!equipment) throw invalid("equipmentId", `no equipment "${input.equipmentId}"`);
    if (!RECEIVER_LEVELS.has(equipment.level)) throw invalid("equipmentId", `"${input.equipmentId}" is ${equipment.level === "Area" ? "an" : "a"} ${equipment.level}; job orders go to a WorkCenter or WorkUnit`);
    if (!input.productId) return null;
    const product = await repos.products.findById(input.productId);
    if (!product) throw invalid("productId", `no product "${input.productId}"`);
    return product;
  }
}

/** The job order as a receiver knows it: cancelled or cleared ones, and other equipment's, are unknown (OPC 10031-4). */
export async function listedJobOrder(repos: Repositories, jobOrderId: string, receiverId?: string): Promise<JobOrderRecord> {
  const current = await repos.jobOrders.findById(jobOrderId);
  if (!current || current.removedAt || (receiverId !== undefined && current.equipmentId !== receiverId)) {
    throw new DomainError("not_found", `no job order "${jobOrderId}" in the JobOrderList${receiverId ? ` of ${receiverId}` : "s"}`, { id: jobOrderId });
  }
  return current;
}

function invalid(field: string, message: string, problems?: readonly { field: string; message: string }[]): DomainError {
  return new DomainError("invalid_input", `${field}: ${message}`, { field, ...(problems && problems.length > 1 ? { problems } : {}) });
}

function refused(current: JobOrderRecord, command: JobCommand, allowed: JobCommand[]): DomainError {
  const state = jobStateName(current.state);
  return new DomainError("conflict", `job order "${current.id}" is ${state}: ${command} is not allowed (allowed: ${allowed.join(", ") || "none"})`, {
    reason: "invalid_state",
    id: current.id,
    command,
    state,
    stateNumber: current.state,
    subState: current.subState,
    allowed,
  });
}
