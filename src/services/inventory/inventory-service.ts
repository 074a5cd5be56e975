import { DomainError } from "../../domain/domain-error.js";
import { bomLineProblem, linesOfStep, type BomLine } from "../../domain/inventory/bill-of-materials.js";
import { deposit, isProblem } from "../../domain/inventory/quantity.js";
import { isLotStatus, statusAfter, statusChangeAllowed } from "../../domain/inventory/lot-status.js";
import { convertQuantity } from "../../domain/inventory/units-of-measure.js";
import { MovementObservers } from "./movement-observers.js";
import { movementRecord } from "./movement-record.js";
import { bomRequirements, materialActuals, type JobMaterial } from "../../domain/inventory/material-actuals.js";
import type { Actor } from "../actor.js";
import { recordAudit } from "../audit-trail.js";
import type { Clock, IdGenerator } from "../clock.js";
import type { EventBus } from "../event-bus.js";
import type { MaterialDefinitionRecord } from "../ports/definitions.js";
import type { MaterialLotRecord, MaterialMovementRecord } from "../ports/inventory.js";
import type { JobOrderRecord } from "../ports/orders.js";
import type { Repositories, Store } from "../ports/store.js";
import { remainingAfter, requireAllowed, requireLot, requireLotId, requireMaterial, requireQuantity, requireUnit } from "./movement-input.js";

export interface ReceiptInput {
  readonly lotId: string;
  readonly materialDefinitionId: string;
  readonly quantity: number;
  readonly unit?: string;
  readonly locationId: string;
  /** A lot may arrive in quarantine, waiting for incoming inspection. */
  readonly status?: "available" | "quarantined";
  readonly carrierId?: string | null;
  readonly description?: string | null;
  readonly comment?: string | null;
}

export interface SplitInput {
  readonly quantity: number;
  readonly unit?: string;
  /** The sublot's number; default: the lot's number and a running suffix (L-7.1, L-7.2, ...). */
  readonly sublotId?: string;
  readonly toLocationId?: string;
  readonly carrierId?: string | null;
}

export interface ConsumeInput {
  /** The lot used; without one the consumption is recorded as unassigned, a problem for a person to resolve. */
  readonly lotId?: string | null;
  readonly materialDefinitionId?: string;
  readonly quantity: number;
  readonly unit?: string;
  readonly jobOrderId?: string | null;
  readonly workUnitId?: string | null;
  /** A person accepts that the lot goes below zero (it was used before it was received). */
  readonly override?: boolean;
  readonly comment?: string | null;
}

type Draft = Omit<MaterialMovementRecord, "id" | "at" | "actor" | "door" | "problem" | "override" | "comment" | "fromLocationId" | "toLocationId" | "jobOrderId" | "workUnitId" | "carrierId"> &
  Partial<Pick<MaterialMovementRecord, "problem" | "override" | "comment" | "fromLocationId" | "toLocationId" | "jobOrderId" | "workUnitId" | "carrierId">>;

/**
 * Inventory operations (ISA-95 Part 3): receipts, moves, splits, merges, status changes, staging
 * at a work unit and explicit consumption. Every movement is one unit of work: the lots it
 * changes, its ledger rows and its audit entry commit together or not at all; the bus hears of it
 * after the commit.
 */
export class InventoryService {
  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
    private readonly observers: MovementObservers = new MovementObservers(),
  ) {}

  async receive(input: ReceiptInput, actor: Actor): Promise<MaterialLotRecord> {
    const lotId = requireLotId(input.lotId);
    const quantity = requireQuantity(input.quantity);
    if (input.status !== undefined && input.status !== "available" && input.status !== "quarantined") throw new DomainError("invalid_input", "status: a received lot is available or quarantined", { field: "status" });
    return this.lotOf(actor, "material.received", async (repos, now) => {
      const material = await this.materialOf(repos, input.materialDefinitionId);
      const unit = requireUnit(input.unit, material.unit);
      await this.requireLocation(repos, input.locationId, "locationId");
      if (await repos.lots.findById(lotId)) throw new DomainError("conflict", `lotId: lot ${lotId} exists; a further receipt of it is a new lot number`, { field: "lotId" });
      const lot: MaterialLotRecord = {
        id: lotId,
        materialDefinitionId: material.id,
        parentLotId: null,
        quantity: convertQuantity(quantity, unit, material.unit)!,
        unit: material.unit,
        status: input.status ?? "available",
        locationId: input.locationId,
        carrierId: input.carrierId ?? null,
        jobOrderId: null,
        description: input.description ?? null,
        createdAt: now,
        updatedAt: now,
      };
      await repos.lots.insert(lot);
      return { lot, before: null, movements: [{ kind: "receipt", fromLotId: null, toLotId: lot.id, materialDefinitionId: material.id, quantity: lot.quantity, unit: lot.unit, toLocationId: lot.locationId, carrierId: lot.carrierId, comment: input.comment ?? null }] };
    });
  }

  async move(lotId: string, toLocationId: string, actor: Actor, comment: string | null = null): Promise<MaterialLotRecord> {
    return this.lotOf(actor, "material.moved", async (repos, now) => {
      const before = requireLot(await repos.lots.findForUpdate(lotId), lotId);
      requireAllowed(before, "move");
      await this.requireLocation(repos, toLocationId, "toLocationId");
      const lot = { ...before, locationId: toLocationId, updatedAt: now };
      await repos.lots.update(lot.id, { locationId: toLocationId, updatedAt: now });
      return { lot, before, movements: [{ kind: "move", fromLotId: lot.id, toLotId: lot.id, materialDefinitionId: lot.materialDefinitionId, quantity: lot.quantity, unit: lot.unit, fromLocationId: before.locationId, toLocationId, comment }] };
    });
  }

  /** A sublot taken from a lot (ISA-95 Part 2 material sublot): the parent keeps the rest and the genealogy link. */
  async split(lotId: string, input: SplitInput, actor: Actor): Promise<MaterialLotRecord> {
    const quantity = requireQuantity(input.quantity);
    const sublotId = input.sublotId === undefined ? undefined : requireLotId(input.sublotId, "sublotId");
    return this.lotOf(actor, "material.split", async (repos, now) => {
      const parent = requireLot(await repos.lots.findForUpdate(lotId), lotId);
      requireAllowed(parent, "split");
      const unit = requireUnit(input.unit, parent.unit);
      const remaining = remainingAfter(parent, { value: quantity, unit }, false);
      if (remaining === 0) throw new DomainError("conflict", `quantity: a split of all of lot ${lotId} is a move; split less than ${parent.quantity} ${parent.unit}`, { field: "quantity" });
      if (input.toLocationId) await this.requireLocation(repos, input.toLocationId, "toLocationId");
      const id = sublotId ?? `${parent.id}.${(await repos.lots.countWithPrefix(`${parent.id}.`)) + 1}`;
      if (await repos.lots.findById(id)) throw new DomainError("conflict", `sublotId: lot ${id} exists`, { field: "sublotId" });
      const taken = convertQuantity(quantity, unit, parent.unit)!;
      const sublot: MaterialLotRecord = { ...parent, id, parentLotId: parent.id, quantity: taken, locationId: input.toLocationId ?? parent.locationId, carrierId: input.carrierId ?? null, jobOrderId: parent.jobOrderId, createdAt: now, updatedAt: now };
      await repos.lots.update(parent.id, { quantity: remaining, updatedAt: now });
      await repos.lots.insert(sublot);
      return {
        lot: sublot,
        before: parent,
        movements: [{ kind: "split", fromLotId: parent.id, toLotId: sublot.id, materialDefinitionId: parent.materialDefinitionId, quantity: taken, unit: parent.unit, fromLocationId: parent.locationId, toLocationId: sublot.locationId, carrierId: sublot.carrierId }],
      };
    });
  }

  /** Puts (part of) one lot into another of the same material: the target's genealogy then includes the source. */
  async merge(sourceLotId: string, targetLotId: string, actor: Actor, quantity?: number): Promise<MaterialLotRecord> {
    if (quantity !== undefined) requireQuantity(quantity);
    if (sourceLotId === targetLotId) throw new DomainError("invalid_input", "targetLotId: a lot is not merged into itself", { field: "targetLotId" });
    return this.lotOf(actor, "material.merged", async (repos, now) => {
      // Locked in id order, so two merges of the same pair the other way round cannot deadlock.
      const [first, second] = [sourceLotId, targetLotId].sort();
      const locked = new Map([[first, await repos.lots.findForUpdate(first)], [second, await repos.lots.findForUpdate(second)]]);
      const source = requireLot(locked.get(sourceLotId)!, sourceLotId, "sourceLotId");
      const target = requireLot(locked.get(targetLotId)!, targetLotId, "targetLotId");
      requireAllowed(source, "merge", "sourceLotId");
      requireAllowed(target, "merge", "targetLotId");
      requireMaterial(source, target.materialDefinitionId, "sourceLotId");
      const amount = quantity ?? source.quantity;
      const remaining = remainingAfter(source, { value: amount, unit: source.unit }, false);
      const added = deposit({ value: target.quantity, unit: target.unit }, { value: amount, unit: source.unit });
      if (isProblem(added)) throw new DomainError("conflict", `targetLotId: ${added.message}`, { field: "targetLotId" });
      await repos.lots.update(source.id, { quantity: remaining, status: statusAfter(source.status, remaining, "merge"), updatedAt: now });
      const lot = { ...target, quantity: added.total.value, updatedAt: now };
      await repos.lots.update(target.id, { quantity: lot.quantity, updatedAt: now });
      return { lot, before: target, movements: [{ kind: "merge", fromLotId: source.id, toLotId: target.id, materialDefinitionId: source.materialDefinitionId, quantity: amount, unit: source.unit, fromLocationId: source.locationId, toLocationId: target.locationId }] };
    });
  }

  /** Quarantine, release, scrap or ship a lot by hand. */
  async setStatus(lotId: string, status: unknown, actor: Actor, comment: string | null = null): Promise<MaterialLotRecord> {
    if (!isLotStatus(status)) throw new DomainError("invalid_input", "status: one of available, quarantined, consumed, scrapped, shipped", { field: "status" });
    return this.lotOf(actor, "material.status_changed", async (repos, now) => {
      const before = requireLot(await repos.lots.findForUpdate(lotId), lotId);
      if (!statusChangeAllowed(before.status, status)) throw new DomainError("conflict", `status: lot ${lotId} is ${before.status} and cannot become ${status}`, { field: "status", status: before.status });
      const lot = { ...before, status, updatedAt: now };
      await repos.lots.update(lotId, { status, updatedAt: now });
      return { lot, before, movements: [{ kind: "status", fromLotId: lot.id, toLotId: lot.id, materialDefinitionId: lot.materialDefinitionId, quantity: lot.quantity, unit: lot.unit, comment: comment ?? `${before.status} → ${status}` }] };
    });
  }

  /**
   * Stages a lot at a work unit: backflush takes the unit's material of that definition from it.
   * The lot moves line-side (its location becomes the work unit); a lot staged before for the same
   * material is no longer staged.
   */
  async stage(workUnitId: string, lotId: string, actor: Actor): Promise<MaterialLotRecord> {
    return this.lotOf(actor, "material.staged", async (repos, now) => {
      const unit = await repos.equipment.findById(workUnitId);
      if (unit?.level !== "WorkUnit") throw new DomainError("invalid_input", `workUnitId: "${workUnitId}" is not a work unit of plant.yaml`, { field: "workUnitId" });
      const before = requireLot(await repos.lots.findForUpdate(lotId), lotId);
      requireAllowed(before, "stage");
      await repos.staging.stage({ workUnitId, materialDefinitionId: before.materialDefinitionId, lotId, stagedAt: now, stagedBy: actor.id });
      const lot = { ...before, locationId: workUnitId, updatedAt: now };
      await repos.lots.update(lotId, { locationId: workUnitId, updatedAt: now });
      return { lot, before, movements: [{ kind: "stage", fromLotId: lot.id, toLotId: lot.id, materialDefinitionId: lot.materialDefinitionId, quantity: lot.quantity, unit: lot.unit, fromLocationId: before.locationId, toLocationId: workUnitId, workUnitId }] };
    });
  }

  async unstage(workUnitId: string, materialDefinitionId: string, actor: Actor): Promise<void> {
    await this.store.unitOfWork(async (repos) => {
      const staged = (await repos.staging.findByWorkUnit(workUnitId)).find((s) => s.materialDefinitionId === materialDefinitionId);
      if (!staged) throw new DomainError("not_found", `materialDefinitionId: nothing of ${materialDefinitionId} is staged at ${workUnitId}`, { field: "materialDefinitionId" });
      await repos.staging.unstage(workUnitId, materialDefinitionId);
      await recordAudit(repos, { id: this.newId(), at: this.clock.now(), actor, action: "material.unstaged", targetType: "material_staging", targetId: `${workUnitId}/${materialDefinitionId}`, before: staged });
    });
  }

  /** A person, the ERP or a PLC scanning a lot says material was used; into the job order's output lot when it has one. */
  async consume(input: ConsumeInput, actor: Actor): Promise<MaterialMovementRecord> {
    const result = await this.movement(actor, "material.consumed", this.consumption(input));
    return result.movements[0]!;
  }

  /**
   * The same consumption inside the caller's unit of work (a maintenance work order's spare parts
   * commit with the work order); the caller announces the movements after its commit.
   */
  async consumeIn(repos: Repositories, input: ConsumeInput, actor: Actor): Promise<{ movement: MaterialMovementRecord; announce: () => void }> {
    const { movements } = await this.movementIn(repos, actor, "material.consumed", this.consumption(input));
    return { movement: movements[0]!, announce: () => this.bus.emit("material.moved", { movements }) };
  }

  private consumption(input: ConsumeInput): (repos: Repositories, now: Date) => Promise<{ lot: MaterialLotRecord | null; before: MaterialLotRecord | null; movements: Draft[] }> {
    const quantity = requireQuantity(input.quantity);
    if (!input.lotId && !input.materialDefinitionId) throw new DomainError("invalid_input", "lotId: name the lot used, or the materialDefinitionId of an unassigned consumption", { field: "lotId" });
    return async (repos, now) => {
      const job = input.jobOrderId ? await repos.jobOrders.findById(input.jobOrderId) : null;
      if (input.jobOrderId && !job) throw new DomainError("invalid_input", `jobOrderId: no job order "${input.jobOrderId}"`, { field: "jobOrderId" });
      const workUnitId = input.workUnitId ?? job?.equipmentId ?? null;
      if (input.workUnitId && (await repos.equipment.findById(input.workUnitId))?.level !== "WorkUnit") throw new DomainError("invalid_input", `workUnitId: "${input.workUnitId}" is not a work unit`, { field: "workUnitId" });
      const outputLot = job ? (await repos.lots.findMany({ jobOrderId: job.id }, { limit: 50, offset: 0 })).items.find((l) => l.parentLotId === null) ?? null : null;
      if (!input.lotId) {
        const material = await this.materialOf(repos, input.materialDefinitionId!);
        const unit = requireUnit(input.unit, material.unit);
        return { lot: null, before: null, movements: [{ kind: "consume", fromLotId: null, toLotId: outputLot?.id ?? null, materialDefinitionId: material.id, quantity, unit, jobOrderId: job?.id ?? null, workUnitId, problem: "unassigned", comment: input.comment ?? null }] };
      }
      const before = requireLot(await repos.lots.findForUpdate(input.lotId), input.lotId);
      if (input.materialDefinitionId) requireMaterial(before, input.materialDefinitionId);
      requireAllowed(before, "consume");
      const unit = requireUnit(input.unit, before.unit);
      const override = input.override === true;
      const remaining = remainingAfter(before, { value: quantity, unit }, override);
      const lot = { ...before, quantity: remaining, status: statusAfter(before.status, remaining, "consume"), updatedAt: now };
      await repos.lots.update(lot.id, { quantity: lot.quantity, status: lot.status, updatedAt: now });
      const taken = convertQuantity(quantity, unit, before.unit)!;
      return {
        lot,
        before,
        movements: [{ kind: "consume", fromLotId: lot.id, toLotId: outputLot?.id ?? null, materialDefinitionId: lot.materialDefinitionId, quantity: taken, unit: lot.unit, fromLocationId: before.locationId, jobOrderId: job?.id ?? null, workUnitId, override: override && remaining < 0, comment: input.comment ?? null }],
      };
    };
  }

  /** A job order's material requirements as ISA-95 has them: what its BOM (at the job's routing step) says it is to consume for its quantity. */
  async requirementsOfJob(job: Pick<JobOrderRecord, "productId" | "equipmentId" | "quantity">): Promise<JobMaterial[]> {
    if (!job.productId) return [];
    const read = this.store.read;
    const step = (await read.products.findWorkUnits(job.productId)).find((unit) => unit.equipmentId === job.equipmentId)?.step ?? 1;
    return bomRequirements(linesOfStep(await read.boms.findByProduct(job.productId), job.productId, step), job.quantity);
  }

  /** What a job order consumed and produced so far, from the ledger (ISA-95 MaterialActuals). */
  async actualsOfJob(job: Pick<JobOrderRecord, "id">): Promise<JobMaterial[]> {
    return materialActuals(await this.store.read.movements.findByJobOrder(job.id));
  }

  private async lotOf(actor: Actor, action: string, change: (repos: Repositories, now: Date) => Promise<{ lot: MaterialLotRecord; before: MaterialLotRecord | null; movements: Draft[] }>): Promise<MaterialLotRecord> {
    return (await this.movement(actor, action, change)).lot;
  }

  async bomOf(productId: string): Promise<BomLine[]> {
    if (!(await this.store.read.products.findById(productId))) throw new DomainError("not_found", `no product "${productId}"`, { field: "id" });
    return this.store.read.boms.findByProduct(productId);
  }

  /** Replaces a product's bill of materials, all steps at once (master data, audited as bom.replaced). */
  async replaceBom(productId: string, lines: readonly Omit<BomLine, "productId">[], actor: Actor): Promise<BomLine[]> {
    return this.store.unitOfWork(async (repos) => {
      if (!(await repos.products.findById(productId))) throw new DomainError("not_found", `no product "${productId}"`, { field: "id" });
      const seen = new Set<string>();
      const checked: BomLine[] = [];
      for (const [i, line] of lines.entries()) {
        const problem = bomLineProblem(line);
        if (problem) throw new DomainError("invalid_input", `lines[${i}].${problem.field}: ${problem.message}`, { field: `lines[${i}].${problem.field}` });
        const key = `${line.step}/${line.materialDefinitionId}`;
        if (seen.has(key)) throw new DomainError("invalid_input", `lines[${i}].materialDefinitionId: ${line.materialDefinitionId} is given twice at step ${line.step}`, { field: `lines[${i}].materialDefinitionId` });
        seen.add(key);
        const material = await repos.materials.findById(line.materialDefinitionId);
        if (!material) throw new DomainError("invalid_input", `lines[${i}].materialDefinitionId: no material definition "${line.materialDefinitionId}"`, { field: `lines[${i}].materialDefinitionId` });
        requireUnit(line.unit, material.unit, `lines[${i}].unit`);
        if (line.fromLocationId) await this.requireLocation(repos, line.fromLocationId, `lines[${i}].fromLocationId`);
        checked.push({ ...line, productId });
      }
      const before = await repos.boms.findByProduct(productId);
      await repos.boms.replaceForProduct(productId, checked);
      await recordAudit(repos, { id: this.newId(), at: this.clock.now(), actor, action: "bom.replaced", targetType: "product", targetId: productId, before, after: checked });
      return checked;
    });
  }

  /** Runs one movement: the change, its ledger rows and its audit entry in one unit of work; the event after the commit. */
  private async movement<L extends MaterialLotRecord | null>(
    actor: Actor,
    action: string,
    change: (repos: Repositories, now: Date) => Promise<{ lot: L; before: MaterialLotRecord | null; movements: Draft[] }>,
  ): Promise<{ lot: L; movements: MaterialMovementRecord[] }> {
    const { lot, movements } = await this.store.unitOfWork((repos) => this.movementIn(repos, actor, action, change));
    this.bus.emit("material.moved", { movements });
    return { lot, movements };
  }

  private async movementIn<L extends MaterialLotRecord | null>(
    repos: Repositories,
    actor: Actor,
    action: string,
    change: (repos: Repositories, now: Date) => Promise<{ lot: L; before: MaterialLotRecord | null; movements: Draft[] }>,
  ): Promise<{ lot: L; movements: MaterialMovementRecord[] }> {
    const now = this.clock.now();
    const { lot, before, movements: drafts } = await change(repos, now);
    const movements = drafts.map((draft) => this.complete(draft, now, actor));
    await repos.movements.append(movements);
    await this.observers.notify(repos, movements);
    await recordAudit(repos, { id: this.newId(), at: now, actor, action, targetType: "material_lot", targetId: lot?.id ?? movements[0]?.fromLotId ?? null, before, after: { lot, movements } });
    return { lot, movements };
  }

  private complete(draft: Draft, at: Date, actor: Actor): MaterialMovementRecord {
    return movementRecord({ ...draft, id: this.newId(), at, actor: actor.id, door: actor.door });
  }

  private async materialOf(repos: Repositories, id: string): Promise<MaterialDefinitionRecord> {
    const material = await repos.materials.findById(id);
    if (!material) throw new DomainError("invalid_input", `materialDefinitionId: no material definition "${id}"`, { field: "materialDefinitionId" });
    return material;
  }

  private async requireLocation(repos: Repositories, id: string, field: string): Promise<void> {
    if (typeof id !== "string" || !(await repos.equipment.findById(id))) throw new DomainError("invalid_input", `${field}: "${id}" is no equipment of plant.yaml`, { field });
  }
}
