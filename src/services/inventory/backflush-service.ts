import { backflush, linesOfStep, type Requirement } from "../../domain/inventory/bill-of-materials.js";
import { DEFAULT_OUTPUT_LOT_RULE, formatLotNumber, lotNumberPrefix } from "../../domain/inventory/lot-numbering.js";
import { movementRefusal } from "../../domain/inventory/lot-status.js";
import { convertQuantity, roundQuantity } from "../../domain/inventory/units-of-measure.js";
import { MovementObservers } from "./movement-observers.js";
import { movementRecord } from "./movement-record.js";
import type { Actor } from "../actor.js";
import { recordAudit } from "../audit-trail.js";
import type { Clock, IdGenerator } from "../clock.js";
import type { EventBus, MesEvents } from "../event-bus.js";
import type { Log } from "../log.js";
import type { MaterialLotRecord, MaterialMovementRecord } from "../ports/inventory.js";
import type { JobOrderRecord } from "../ports/orders.js";
import { allUnits, type UnitOwnership } from "../cluster/unit-ownership.js";
import type { Repositories, Store } from "../ports/store.js";
import { SerialQueue } from "../serial-queue.js";

/** Backflush is the MES's own doing on the PLC's count. */
const BACKFLUSH_ACTOR: Actor = { id: "system", role: null, door: "system" };

/** How often a count is booked again when another instance took the output lot number it chose. */
const MAX_NUMBERING_ATTEMPTS = 30;
/**
 * The longest random pause (times the attempt) before booking again: without it the instance that
 * lost keeps racing the winner's next count for the same next number, and loses again and again.
 */
const NUMBERING_JITTER_MS = 15;

/** Why material was consumed without a lot: shown as a problem for a person to assign, never dropped. */
export const UNASSIGNED = "unassigned";

/** A count, with the carrier that carried its parts when the station works carriers. */
type Counted = MesEvents["production.counted"] & { readonly carrierId?: string | null };

/**
 * Automatic backflush: when the PLC counts parts of a job order, the material its BOM charges
 * (per good and per scrapped part, at the job's routing step) is consumed from the lot staged at
 * the work unit, into the job order's output lot, which the good parts are produced into. What no
 * staged lot can give (none staged, the lot quarantined or run out) is recorded as unassigned
 * consumption. A PLC count cannot be refused, so neither can its consumption; the ledger says who
 * must look at it.
 */
export class BackflushService {
  private readonly queue: SerialQueue;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
    private readonly log: Log,
    private readonly outputLotRule: string = DEFAULT_OUTPUT_LOT_RULE,
    private readonly observers: MovementObservers = new MovementObservers(),
    /** The carrier a station is working when it counts (a tag-handshake station's RFID carrier), recorded with the movements. */
    private readonly carrierAt: (workUnitId: string) => string | null = () => null,
    /** On a cluster, the units this instance owns: only the owner books a unit's counts, fenced by its lease. */
    private readonly units: UnitOwnership = allUnits,
  ) {
    this.queue = new SerialQueue((error) => this.log.error("backflush failed", error));
  }

  start(): void {
    // In arrival order, one at a time: two counts of one job must not both create its output lot.
    this.unsubscribe = this.bus.on("production.counted", (event) => {
      // A peer's count is booked by that peer, its owner.
      if (event.fromPeer) return;
      if (!this.units.owns(event.workUnitId)) return;
      // Asked now, as the count arrives: by the time the queue reaches it, the carrier may have left.
      const carrierId = this.carrierAt(event.workUnitId);
      this.queue.push(() => this.record({ ...event, carrierId }).then(() => undefined));
    });
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    await this.queue.drain();
  }

  /** Resolves once every count heard so far is booked. */
  drain(): Promise<void> {
    return this.queue.drain();
  }

  /**
   * Books one count; returns the ledger rows it wrote (none for a count without a job order or a BOM).
   * Another MES instance on the same database may number an output lot at the same moment: the lot
   * table's primary key lets one in, and the other books its count again with the next number.
   */
  async record(event: Counted): Promise<MaterialMovementRecord[]> {
    if (!event.jobOrderId || (event.good <= 0 && event.scrap <= 0)) return [];
    let movements: MaterialMovementRecord[];
    for (let attempt = 1; ; attempt++) {
      const numbered: { id: string | null } = { id: null };
      try {
        movements = await this.book(event, numbered);
        break;
      } catch (error) {
        const taken = numbered.id !== null && this.store.isDuplicateKey(error);
        if (!taken || attempt >= MAX_NUMBERING_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * NUMBERING_JITTER_MS * attempt));
      }
    }
    if (movements.length > 0) this.bus.emit("material.moved", { movements });
    return movements;
  }

  /** One count's consumption and production, one unit of work; `numbered` says which output lot number it tried to take. */
  private book(event: Counted, numbered: { id: string | null }): Promise<MaterialMovementRecord[]> {
    return this.store.unitOfWork(async (repos) => {
      await this.units.fence(repos, event.workUnitId);
      const job = await repos.jobOrders.findById(event.jobOrderId!);
      if (!job?.productId) return [];
      const lines = linesOfStep(await repos.boms.findByProduct(job.productId), job.productId, await this.stepOf(repos, job));
      const product = await repos.products.findById(job.productId);
      const output = product?.materialDefinitionId ? await this.outputLotOf(repos, job, product.materialDefinitionId, event.at, numbered) : null;
      const rows: MaterialMovementRecord[] = [];
      for (const requirement of backflush(lines, event.good, event.scrap)) rows.push(...(await this.consume(repos, requirement, job, event, output)));
      if (output && event.good > 0) {
        const produced = roundQuantity(output.quantity + event.good);
        await repos.lots.update(output.id, { quantity: produced, updatedAt: event.at });
        rows.push(this.row({ kind: "produce", fromLotId: null, toLotId: output.id, materialDefinitionId: output.materialDefinitionId, quantity: event.good, unit: output.unit, toLocationId: output.locationId, jobOrderId: job.id, workUnitId: event.workUnitId, carrierId: event.carrierId ?? null }, event.at));
      }
      if (rows.length === 0) return [];
      await repos.movements.append(rows);
      await this.observers.notify(repos, rows);
      await recordAudit(repos, { id: this.newId(), at: this.clock.now(), actor: BACKFLUSH_ACTOR, action: "material.backflushed", targetType: "job_order", targetId: job.id, after: { good: event.good, scrap: event.scrap, movements: rows } });
      return rows;
    });
  }

  /** The routing step the job's work unit is at for its product; a product of one step needs no routing. */
  private async stepOf(repos: Repositories, job: JobOrderRecord): Promise<number> {
    const routing = await repos.products.findWorkUnits(job.productId!);
    return routing.find((unit) => unit.equipmentId === job.equipmentId)?.step ?? 1;
  }

  private async consume(repos: Repositories, requirement: Requirement, job: JobOrderRecord, event: Counted, output: MaterialLotRecord | null): Promise<MaterialMovementRecord[]> {
    const base = { kind: "consume" as const, toLotId: output?.id ?? null, materialDefinitionId: requirement.materialDefinitionId, jobOrderId: job.id, workUnitId: event.workUnitId, carrierId: event.carrierId ?? null };
    const staged = (await repos.staging.findByWorkUnit(event.workUnitId)).find((s) => s.materialDefinitionId === requirement.materialDefinitionId);
    const lot = staged ? await repos.lots.findForUpdate(staged.lotId) : null;
    const unassigned = (quantity: number, comment: string) => this.row({ ...base, fromLotId: null, quantity, unit: requirement.unit, problem: UNASSIGNED, comment }, event.at);
    if (!staged || !lot) return [unassigned(requirement.quantity, `no lot of ${requirement.materialDefinitionId} staged at ${event.workUnitId}`)];
    const refusal = movementRefusal(lot.id, lot.status, "consume");
    if (refusal) return [unassigned(requirement.quantity, `staged ${refusal}`)];
    const wanted = convertQuantity(requirement.quantity, requirement.unit, lot.unit);
    if (wanted === null) return [unassigned(requirement.quantity, `staged lot ${lot.id} is kept in ${lot.unit}, the BOM charges ${requirement.unit}`)];
    const taken = Math.min(wanted, Math.max(0, lot.quantity));
    const remaining = roundQuantity(lot.quantity - taken);
    const rows: MaterialMovementRecord[] = [];
    if (taken > 0) {
      await repos.lots.update(lot.id, { quantity: remaining, status: remaining === 0 ? "consumed" : lot.status, updatedAt: event.at });
      rows.push(this.row({ ...base, fromLotId: lot.id, quantity: roundQuantity(taken), unit: lot.unit, fromLocationId: lot.locationId }, event.at));
    }
    const short = roundQuantity(wanted - taken);
    if (short > 0) rows.push({ ...unassigned(short, `staged lot ${lot.id} ran out`), unit: lot.unit });
    return rows;
  }

  /** The job order's output lot, made on its first count; finished goods are lots too. */
  private async outputLotOf(repos: Repositories, job: JobOrderRecord, materialDefinitionId: string, at: Date, numbered: { id: string | null }): Promise<MaterialLotRecord | null> {
    const existing = (await repos.lots.findMany({ jobOrderId: job.id }, { limit: 50, offset: 0 })).items.find((lot) => lot.parentLotId === null);
    if (existing) return existing;
    const material = await repos.materials.findById(materialDefinitionId);
    if (!material) return null;
    const context = { productId: job.productId!, jobOrderId: job.id, workOrderId: job.workOrderId, step: await this.stepOf(repos, job), at };
    // Counted, not kept in memory, so every instance on the database numbers alike; a number a person
    // gave a lot by hand is stepped over.
    let sequence = (await repos.lots.countWithPrefix(lotNumberPrefix(this.outputLotRule, context))) + 1;
    while (await repos.lots.findById(formatLotNumber(this.outputLotRule, { ...context, sequence }))) sequence++;
    numbered.id = formatLotNumber(this.outputLotRule, { ...context, sequence });
    const lot: MaterialLotRecord = {
      id: numbered.id,
      materialDefinitionId,
      parentLotId: null,
      quantity: 0,
      unit: material.unit,
      status: "available",
      locationId: job.equipmentId,
      carrierId: null,
      jobOrderId: job.id,
      description: null,
      createdAt: at,
      updatedAt: at,
    };
    await repos.lots.insert(lot);
    return lot;
  }

  private row(fields: Omit<MaterialMovementRecord, "id" | "at" | "actor" | "door" | "problem" | "override" | "comment" | "fromLocationId" | "toLocationId" | "carrierId"> & Partial<MaterialMovementRecord>, at: Date): MaterialMovementRecord {
    return movementRecord({ ...fields, id: this.newId(), at, actor: BACKFLUSH_ACTOR.id, door: BACKFLUSH_ACTOR.door });
  }
}
