import { DomainError } from "../../domain/domain-error.js";
import type { Interval } from "../../domain/oee/interval.js";
import type { OeePolicy } from "../../domain/oee/time-model.js";
import { OPEN_STATUSES, transition, type MaintenanceStatus } from "../../domain/maintenance/work-order-state-machine.js";
import type { Actor } from "../actor.js";
import { recordAudit } from "../audit-trail.js";
import type { Clock, IdGenerator } from "../clock.js";
import type { EventBus } from "../event-bus.js";
import type { InventoryService } from "../inventory/inventory-service.js";
import type { MaintenancePlanRecord, MaintenancePriority, MaintenanceWorkOrderRecord, PartUsedRecord } from "../ports/maintenance.js";
import type { Repositories, Store } from "../ports/store.js";
import { workOrderView, type MaintenanceWorkOrderView } from "./work-order-view.js";

export interface MaintenanceRequest {
  readonly workUnitId: string;
  readonly title: string;
  readonly description?: string;
  readonly fromDowntimeId?: string;
  readonly fromAlarmId?: string;
  readonly priority?: MaintenancePriority;
}

export interface PlanInput {
  readonly technician: string;
  readonly plannedStart: Date;
  readonly plannedDurationMinutes: number;
}

export interface FinishInput {
  readonly timeSpentMinutes: number;
  readonly partsUsed?: readonly { readonly lotId: string; readonly quantity: number }[];
  readonly closesDowntimeId?: string;
  readonly comment?: string;
}

export type CommandInput = { command: "plan"; body: PlanInput } | { command: "finish"; body: FinishInput } | { command: "start" | "verify" | "cancel"; body: { comment?: string; technician?: string } };

/** A planned maintenance slot: planned down time of its work unit (ISO 22400 PDOT). */
export type MaintenanceSlot = Interval & { readonly reason: string };

const invalid = (field: string, message: string) => new DomainError("invalid_input", `${field}: ${message}`, { field });

/**
 * Maintenance work orders: asked for from a stop, an alarm, a due preventive plan or by hand, then
 * planned, worked, finished (time spent, spare parts consumed from their lots through the
 * inventory, the stop it closed) and verified by production. Every change is one audited unit of
 * work and a "maintenance.work_order" event after its commit. Planned slots are kept in memory
 * for the shift calendars (slotsOf), which ask on every OEE figure.
 */
export class MaintenanceWorkOrderService {
  private slots = new Map<string, MaintenanceSlot[]>();

  constructor(
    private readonly store: Store,
    private readonly inventory: InventoryService,
    private readonly bus: EventBus,
    private readonly policy: () => OeePolicy,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
  ) {}

  /** Reads the planned slots from the database (at start, and after every change). */
  async loadSlots(): Promise<void> {
    const slots = new Map<string, MaintenanceSlot[]>();
    for (const order of await this.store.read.maintenanceWorkOrders.findSlots()) {
      const slot = slotOf(order);
      if (!slot) continue;
      const list = slots.get(order.workUnitId) ?? [];
      list.push({ ...slot, reason: `maintenance: ${order.title}` });
      slots.set(order.workUnitId, list);
    }
    this.slots = slots;
  }

  /** The unit's planned maintenance slots, as planned down time for its calendar. */
  slotsOf(workUnitId: string): readonly MaintenanceSlot[] {
    return this.slots.get(workUnitId) ?? [];
  }

  async list(filter: { workUnitId?: string; statuses?: MaintenanceStatus[] }, page: { limit: number; offset: number }): Promise<{ items: MaintenanceWorkOrderView[]; total: number }> {
    const { items, total } = await this.store.read.maintenanceWorkOrders.find(filter, page);
    return { items: items.map(workOrderView), total };
  }

  async get(id: string): Promise<MaintenanceWorkOrderView> {
    const found = await this.store.read.maintenanceWorkOrders.findById(id);
    if (!found) throw new DomainError("not_found", `no maintenance work order "${id}"`, { id });
    return workOrderView(found);
  }

  /** A corrective request: from a stop (fromDowntimeId), an alarm (fromAlarmId) or by hand. */
  async request(input: MaintenanceRequest, actor: Actor): Promise<MaintenanceWorkOrderView> {
    if (input.fromDowntimeId && input.fromAlarmId) throw invalid("fromAlarmId", "a request comes from a stop or from an alarm, not both");
    return this.change(actor, "maintenance.requested", async (repos, now) => {
      await this.requireWorkUnit(repos, input.workUnitId);
      if (input.fromDowntimeId) await this.requireStop(repos, input.fromDowntimeId, input.workUnitId, "fromDowntimeId");
      const source = input.fromDowntimeId ? { sourceKind: "downtime" as const, sourceId: input.fromDowntimeId } : input.fromAlarmId ? { sourceKind: "alarm" as const, sourceId: input.fromAlarmId } : { sourceKind: "manual" as const, sourceId: null };
      return { before: null, after: this.fresh({ workUnitId: input.workUnitId, title: input.title, description: input.description ?? "", priority: input.priority ?? "normal", ...source, planId: null, requestedBy: actor.id }, now) };
    });
  }

  /** The work order a due preventive plan produces, unless one of the plan's is still open (then that one). */
  async fromPlan(plan: MaintenancePlanRecord, priority: MaintenancePriority, actor: Actor): Promise<MaintenanceWorkOrderView> {
    const open = await this.store.read.maintenanceWorkOrders.find({ planId: plan.id, statuses: OPEN_STATUSES }, { limit: 1, offset: 0 });
    if (open.items[0]) return workOrderView(open.items[0]);
    return this.change(actor, "maintenance.requested", async (_repos, now) => ({
      before: null,
      after: this.fresh({ workUnitId: plan.workUnitId, title: plan.title, description: plan.description, priority, sourceKind: "plan", sourceId: plan.id, planId: plan.id, requestedBy: actor.id, plannedDurationMinutes: plan.durationMinutes }, now),
    }));
  }

  async command(id: string, input: CommandInput, actor: Actor): Promise<MaintenanceWorkOrderView> {
    const announcements: (() => void)[] = [];
    const view = await this.change(actor, `maintenance.${input.command}`, async (repos, now) => {
      const before = await repos.maintenanceWorkOrders.findById(id);
      if (!before) throw new DomainError("not_found", `no maintenance work order "${id}"`, { id });
      const next = transition(before.status, input.command);
      if ("refused" in next) throw new DomainError("conflict", next.refused, { status: before.status, command: input.command });
      const after = await this.apply(repos, before, next.to, input, actor, now, announcements);
      return { before, after };
    });
    announcements.forEach((announce) => announce());
    return view;
  }

  private async apply(repos: Repositories, before: MaintenanceWorkOrderRecord, status: MaintenanceStatus, input: CommandInput, actor: Actor, now: Date, announcements: (() => void)[]): Promise<MaintenanceWorkOrderRecord> {
    const base = { ...before, status, updatedAt: now };
    switch (input.command) {
      case "plan":
        return { ...base, technician: input.body.technician, plannedStart: input.body.plannedStart, plannedDurationMinutes: input.body.plannedDurationMinutes };
      case "start":
        return { ...base, startedAt: now, technician: input.body.technician ?? before.technician ?? actor.id, comment: input.body.comment ?? before.comment };
      case "cancel":
        return { ...base, comment: input.body.comment ?? before.comment };
      case "verify":
        // Four eyes: whoever finished the work does not also accept it back.
        if (before.finishedBy === actor.id) throw new DomainError("forbidden", `${actor.id} finished this work order; someone else verifies it`, { reason: "four_eyes" });
        return { ...base, verifiedBy: actor.id, verifiedAt: now, comment: input.body.comment ?? before.comment };
      case "finish": {
        const { body } = input;
        if (body.closesDowntimeId) await this.requireStop(repos, body.closesDowntimeId, before.workUnitId, "closesDowntimeId");
        const partsUsed: PartUsedRecord[] = [];
        for (const [i, part] of (body.partsUsed ?? []).entries()) {
          const field = `partsUsed[${i}]`;
          const { movement, announce } = await this.inventory.consumeIn(repos, { lotId: part.lotId, quantity: part.quantity, workUnitId: before.workUnitId, comment: `maintenance work order ${before.id}` }, actor).catch((error: unknown) => {
            throw error instanceof DomainError ? new DomainError(error.code, `${field}.${error.message}`, { ...error.details, field: `${field}.${error.details.field ?? "lotId"}` }) : error;
          });
          partsUsed.push({ lotId: part.lotId, materialDefinitionId: movement.materialDefinitionId, quantity: movement.quantity, unit: movement.unit });
          announcements.push(announce);
        }
        if (before.planId) await this.markPlanDone(repos, before.planId, now, actor);
        return { ...base, finishedAt: now, finishedBy: actor.id, technician: before.technician ?? actor.id, startedAt: before.startedAt ?? now, timeSpentMinutes: body.timeSpentMinutes, partsUsed, closedDowntimeId: body.closesDowntimeId ?? null, comment: body.comment ?? before.comment };
      }
    }
  }

  /** A plan's task finished: its interval starts again from now. */
  private async markPlanDone(repos: Repositories, planId: string, now: Date, actor: Actor): Promise<void> {
    const plan = await repos.maintenancePlans.findById(planId);
    if (!plan) return;
    const after = { ...plan, lastDoneAt: now, updatedAt: now };
    await repos.maintenancePlans.save(after);
    await recordAudit(repos, { id: this.newId(), at: now, actor, action: "maintenance.plan.done", targetType: "maintenance_plan", targetId: planId, before: plan, after });
  }

  private fresh(fields: Pick<MaintenanceWorkOrderRecord, "workUnitId" | "title" | "description" | "priority" | "sourceKind" | "sourceId" | "planId" | "requestedBy"> & { plannedDurationMinutes?: number }, now: Date): MaintenanceWorkOrderRecord {
    return {
      id: this.newId(),
      status: "requested",
      technician: null,
      requestedAt: now,
      plannedStart: null,
      startedAt: null,
      finishedAt: null,
      finishedBy: null,
      verifiedBy: null,
      verifiedAt: null,
      timeSpentMinutes: null,
      closedDowntimeId: null,
      comment: null,
      partsUsed: [],
      updatedAt: now,
      ...fields,
      plannedDurationMinutes: fields.plannedDurationMinutes ?? null,
    };
  }

  private async change(actor: Actor, action: string, work: (repos: Repositories, now: Date) => Promise<{ before: MaintenanceWorkOrderRecord | null; after: MaintenanceWorkOrderRecord }>): Promise<MaintenanceWorkOrderView> {
    const after = await this.store.unitOfWork(async (repos) => {
      const now = this.clock.now();
      const { before, after } = await work(repos, now);
      if (before) await repos.maintenanceWorkOrders.update(after);
      else await repos.maintenanceWorkOrders.insert(after);
      // A slot is planned down time: the OEE hour summaries it moves into or out of are stale.
      const slots = [before && slotOf(before), slotOf(after)];
      if (slots[0]?.start !== slots[1]?.start || slots[0]?.end !== slots[1]?.end) {
        for (const slot of slots) if (slot) await repos.hourSummaries.invalidate(after.workUnitId, new Date(slot.start), new Date(slot.end));
      }
      await recordAudit(repos, { id: this.newId(), at: now, actor, action, targetType: "maintenance_work_order", targetId: after.id, before, after });
      return after;
    });
    if (after.plannedStart) await this.loadSlots();
    const view = workOrderView(after);
    this.bus.emit("maintenance.work_order", { workOrder: view });
    return view;
  }

  private async requireWorkUnit(repos: Repositories, id: string): Promise<void> {
    const unit = await repos.equipment.findById(id);
    if (!unit || unit.level !== "WorkUnit") throw new DomainError("not_found", `workUnitId: no work unit "${id}"`, { field: "workUnitId" });
  }

  /** A stop (delay or down time) of the work unit: what a request comes from and a finished repair closes. */
  private async requireStop(repos: Repositories, id: string, workUnitId: string, field: string): Promise<void> {
    const interval = await repos.stateIntervals.findById(id);
    const category = interval ? this.policy().stateCategories[interval.state] : null;
    if (!interval || (category !== "delay" && category !== "downtime")) throw new DomainError("not_found", `${field}: no downtime event "${id}"`, { field });
    if (interval.equipmentId !== workUnitId) throw invalid(field, `downtime event "${id}" is on ${interval.equipmentId}, not ${workUnitId}`);
  }
}

/** The planned down time a work order holds in its unit's calendar, if any. */
function slotOf(order: MaintenanceWorkOrderRecord): { start: number; end: number } | null {
  if (!order.plannedStart || !order.plannedDurationMinutes || order.status === "cancelled") return null;
  const start = order.plannedStart.getTime();
  return { start, end: start + order.plannedDurationMinutes * 60_000 };
}
