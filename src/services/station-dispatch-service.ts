import { decideCarrier } from "../domain/carrier-decision.js";
import { DomainError } from "../domain/domain-error.js";
import { JobState, type JobCommand } from "../domain/job-order-state-machine.js";
import { goodBeforeSend, quantityToSend, syncAction, type MachineJob } from "../domain/machine-job-sync.js";
import type { JobExecutor } from "../domain/job-executor.js";
import { dispatchQueue, inDispatchOrder, nextJob } from "../domain/next-job.js";
import { plausibleReportLimit } from "../domain/report-plausibility.js";
import type { Actor } from "./actor.js";
import { recordAudit } from "./audit-trail.js";
import type { Clock, IdGenerator } from "./clock.js";
import type { EventBus } from "./event-bus.js";
import { listedJobOrder, type JobOrderService } from "./job-order-service.js";
import type { Log } from "./log.js";
import type { JobOrderRecord } from "./ports/orders.js";
import { allUnits, type UnitOwnership } from "./cluster/unit-ownership.js";
import type { Store } from "./ports/store.js";

/** A PLC counter word: what one report may carry. */
const MAX_REPORTED_PER_CALL = 2 ** 32 - 1;
/** dispatch.maxReportedMultiple's default: ten times what a job still has to make fits any real batch, not a runaway counter. */
export const DEFAULT_MAX_REPORTED_MULTIPLE = 10;

/** What the station's own counters say of a carrier: `station` when they are mapped (the production recorder books them), `none` when the station has none. */
export type CarrierCounts = "station" | "none";

/** What a carrier at a tag-handshake station is for. */
export type CarrierWork =
  | { readonly kind: "work"; readonly job: JobOrderRecord; /** The order number to write on the carrier's tag first, when it gets a new job. */ readonly writeNumber: number | null }
  | { readonly kind: "pass"; readonly reason: string };

/** A Machinery Jobs machine's two lists, as the driver read them. */
export interface MachineView {
  readonly jobs: ReadonlyMap<string, MachineJob>;
  readonly produced: ReadonlyMap<string, { good: number; scrap: number }>;
}

/** A job order for the machine's StoreAndStart, with the quantity it is to make. */
export interface MachineSend {
  readonly job: JobOrderRecord;
  readonly quantity: number;
}

/**
 * Station dispatch, the one place that decides for every driver: which job a station runs next,
 * when it begins, what it made (production records), when it is complete and when it is held.
 * The drivers only speak their protocol: the `methods` door (the PLC calls TakeNextJob,
 * ReportProgress, FinishJob), the tag handshake (a carrier arrives, is worked) and Machinery Jobs
 * (the machine's lists are read back).
 */
export class StationDispatchService {
  /**
   * Scrap a running job had when it was sent to a machine again: the machine counts from zero,
   * and its JobOrderList tells the good parts before (by the quantity asked), not the scrap. Kept
   * in memory: after an MES restart the scrap of such a job may be under-counted, never doubled.
   */
  private readonly scrapBeforeSend = new Map<string, number>();

  constructor(
    private readonly store: Store,
    private readonly jobs: JobOrderService,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
    private readonly log: Log,
    private readonly crew: (equipmentId: string, from: Date, to: Date) => Promise<string[]> = async () => [],
    /** Writes the counter deltas still pending (the production recorder's), so a job's totals include the part just made. */
    private readonly flushCounts: () => Promise<void> = async () => {},
    /** Who begins and completes the jobs of a unit: its driver, or (without one) its operator. */
    readonly executorOf: (equipmentId: string) => JobExecutor = () => "station",
    /** dispatch.maxReportedMultiple: one report may carry at most this multiple of what the job still has to make (plausibleReportLimit). */
    private readonly maxReportedMultiple: number = DEFAULT_MAX_REPORTED_MULTIPLE,
  ) {}

  private plcWrites: UnitOwnership = allUnits;

  /** On a cluster, what a PLC reports is fenced by its unit's lease (as its job transitions are, JobOrderService). */
  fencePlcWritesWith(units: UnitOwnership): void {
    this.plcWrites = units;
  }

  /** The station's work in the order it takes it (dispatchQueue): what every screen lists as "next". */
  async queue(workUnitId: string): Promise<{ current: JobOrderRecord | null; next: JobOrderRecord[] }> {
    const unit = await this.store.read.equipment.findById(workUnitId);
    if (!unit || unit.level !== "WorkUnit") throw new DomainError("not_found", `no work unit "${workUnitId}"`, { id: workUnitId });
    const { current, next } = dispatchQueue(await this.jobs.listed(workUnitId));
    return { current: current ?? null, next };
  }

  /**
   * The operator of a station without a dispatch driver starts its work: the job named, or else the
   * next released one in dispatch order, is begun (OPC 10031-4 Begin: AllowedToStart to Running).
   * A unit runs one job at a time, so it is refused while another runs or is interrupted; and on a
   * station with a driver, the station begins its own jobs. Checked in the transaction that begins.
   */
  async startJob(workUnitId: string, actor: Actor, jobOrderId?: string, comment: string | null = null): Promise<JobOrderRecord> {
    this.checkOperatorRun(workUnitId);
    const event = await this.store.unitOfWork(async (repos) => {
      const unit = await repos.equipment.findById(workUnitId);
      if (!unit || unit.level !== "WorkUnit") throw new DomainError("not_found", `no work unit "${workUnitId}"`, { id: workUnitId });
      const listed = await repos.jobOrders.findListed(workUnitId);
      const busy = listed.find((job) => job.state === JobState.Running || job.state === JobState.Interrupted);
      if (busy && busy.id !== jobOrderId) {
        throw new DomainError("conflict", `${workUnitId} is working on job order "${busy.id}"; finish, stop or abort it before starting another`, { reason: "unit_busy", id: busy.id, equipmentId: workUnitId });
      }
      const chosen = jobOrderId ?? nextJob(listed)?.job.id;
      if (!chosen) throw new DomainError("conflict", `no job order is released for ${workUnitId}`, { reason: "nothing_released", equipmentId: workUnitId });
      return this.jobs.commandWithin(repos, chosen, "Begin", actor, comment ?? "started by the operator", workUnitId);
    });
    this.jobs.emit([event]);
    return event.jobOrder;
  }

  /** The operator of a station without a dispatch driver says its running job is finished (OPC 10031-4 Complete). */
  async finishJobByOperator(workUnitId: string, jobOrderId: string, actor: Actor, comment: string | null = null): Promise<JobOrderRecord> {
    this.checkOperatorRun(workUnitId);
    if (!(await this.store.read.equipment.findById(workUnitId))) throw new DomainError("not_found", `no work unit "${workUnitId}"`, { id: workUnitId });
    // Counts still pending belong to the job they were made for, not to whatever runs next.
    await this.flushCounts();
    return this.jobs.command(jobOrderId, "Complete", actor, comment ?? "finished by the operator", workUnitId);
  }

  private checkOperatorRun(workUnitId: string): void {
    if (this.executorOf(workUnitId) !== "operator") {
      throw new DomainError("conflict", `${workUnitId} has a dispatch driver: the station itself starts and finishes its job orders`, { reason: "station_driven", equipmentId: workUnitId });
    }
  }

  /** The job the station should run now (begun if it was only released), or null when none is released. */
  async takeNextJob(workUnitId: string, actor: Actor): Promise<JobOrderRecord | null> {
    const picked = nextJob(await this.jobs.listed(workUnitId));
    if (!picked) return null;
    if (picked.alreadyRunning) return picked.job;
    return this.jobs.command(picked.job.id, "Begin", actor, "taken by the station");
  }

  /**
   * Parts made on a running job of this station since the last report; stored as a production
   * record of the job, with the PLC as its source. A report beyond what is plausible for the job
   * (plausibleReportLimit) is refused as invalid input and the refusal audited on its own, since
   * nothing else of it is written.
   */
  async reportProgress(workUnitId: string, jobOrderId: string, good: number, scrap: number, actor: Actor = plcActor(workUnitId)): Promise<void> {
    for (const [field, value] of [["good", good], ["scrap", scrap]] as const) {
      if (!Number.isInteger(value) || value < 0 || value > MAX_REPORTED_PER_CALL) {
        throw new DomainError("invalid_input", `${field}: a whole number from 0 to ${MAX_REPORTED_PER_CALL}`, { field });
      }
    }
    const at = this.clock.now();
    const operatorIds = await this.crew(workUnitId, at, new Date(at.getTime() + 1));
    // Checked in the transaction that writes, so a Complete arriving meanwhile cannot slip in between.
    const outcome = await this.store.unitOfWork(async (repos) => {
      const current = await listedJobOrder(repos, jobOrderId, workUnitId);
      if (actor.door === "plc") await this.plcWrites.fence(repos, workUnitId);
      if (current.state !== JobState.Running) {
        throw new DomainError("conflict", `job order "${jobOrderId}" is not running; production is reported on a running job`, { reason: "invalid_state", id: jobOrderId, stateNumber: current.state });
      }
      const before = await repos.productionRecords.totalsOfJob(jobOrderId);
      const limit = plausibleReportLimit(current.quantity, before.good, this.maxReportedMultiple);
      if (good + scrap > limit) return { job: current, refused: { before, limit } };
      if (good > 0 || scrap > 0) {
        await repos.productionRecords.insertMany([
          { id: this.newId(), equipmentId: workUnitId, jobOrderId, productId: current.productId, periodStart: at, periodEnd: at, good, scrap, source: "plc", operatorIds },
        ]);
      }
      return { job: current, refused: null };
    });
    if (outcome.refused) {
      const { job, refused: { before, limit } } = outcome;
      const why = `${good + scrap} parts in one report on job order "${jobOrderId}" (quantity ${job.quantity}, ${before.good} good so far) is implausible: at most ${limit} (dispatch.maxReportedMultiple ${this.maxReportedMultiple} times what is left to make)`;
      await this.store.unitOfWork((repos) =>
        recordAudit(repos, { id: this.newId(), at, actor, action: "production.report_refused", targetType: "job_order", targetId: jobOrderId, after: { workUnitId, good, scrap, quantity: job.quantity, goodSoFar: before.good, limit, reason: "implausible_count" } }),
      );
      this.log.warn(`${workUnitId}: ${why}`);
      throw new DomainError("invalid_input", why, { reason: "implausible_count", id: jobOrderId, limit });
    }
    if (good > 0 || scrap > 0) this.bus.emit("production.counted", { workUnitId: outcome.job.equipmentId, good, scrap, at, jobOrderId });
  }

  async finishJob(workUnitId: string, jobOrderId: string, actor: Actor): Promise<JobOrderRecord> {
    return this.jobs.command(jobOrderId, "Complete", actor, "finished by the station", workUnitId);
  }

  /** Holds a running job of the station (a step of its protocol failed, or the machine refused); a job in any other state is left as it is. */
  async hold(workUnitId: string, jobOrderId: string, why: string, actor: Actor): Promise<void> {
    const current = await this.jobs.get(jobOrderId);
    if (current.state === JobState.Running) await this.command(workUnitId, current, "Hold", why, actor);
  }

  /** The carrier each tag-handshake station is working now: the parts it makes meanwhile were carried by it. */
  private readonly carriers = new Map<string, string>();

  /** The driver has sent a carrier into the station's work cycle. */
  carrierWorking(workUnitId: string, carrierId: string): void {
    this.carriers.set(workUnitId, carrierId);
  }

  /** The carrier's cycle is over (worked, or held), whatever the station makes next is not its. */
  carrierLeft(workUnitId: string): void {
    this.carriers.delete(workUnitId);
  }

  /** The carrier in the station's work cycle now, if any (backflush records it with the parts counted meanwhile). */
  carrierAt(workUnitId: string): string | null {
    return this.carriers.get(workUnitId) ?? null;
  }

  /** A carrier at a tag-handshake station bearing `orderNumber` on its tag (0: blank): work its job, give it the next one, or let it pass (decideCarrier). */
  async carrierArrived(workUnitId: string, carrier: { id: number; orderNumber: number }, actor: Actor): Promise<CarrierWork> {
    const known = carrier.orderNumber > 0 ? await this.jobs.findByDispatchNumber(carrier.orderNumber) : null;
    const done = known !== null && (await this.goodOf(known.id)) >= known.quantity;
    const decision = decideCarrier(carrier.orderNumber, known && { ...known, removed: known.removedAt !== null, done }, workUnitId);
    if (decision.kind === "pass") return decision;
    if (decision.kind === "work") {
      const job = decision.begin ? await this.jobs.command(decision.jobOrderId, "Begin", actor, `carrier ${carrier.id} arrived`, workUnitId) : known!;
      return { kind: "work", job, writeNumber: null };
    }
    const job = await this.takeNextJob(workUnitId, actor);
    if (!job) return { kind: "pass", reason: "no job order is released for this station" };
    return { kind: "work", job, writeNumber: await this.jobs.dispatchNumber(job.id) };
  }

  /**
   * A carrier was worked for a job. A station without counters made one good part with it, booked
   * here as a production record; a station with counters has its parts booked by the production
   * recorder. The job completes once its good parts reach its quantity.
   */
  async carrierWorked(workUnitId: string, jobOrderId: string, counts: CarrierCounts, actor: Actor): Promise<{ good: number; quantity: number }> {
    const current = await this.jobs.get(jobOrderId);
    if (counts === "none" && current.state === JobState.Running) await this.reportProgress(workUnitId, jobOrderId, 1, 0);
    const good = await this.goodOf(jobOrderId);
    if (good >= current.quantity && current.state === JobState.Running) await this.command(workUnitId, current, "Complete", `${good} good parts made`, actor);
    return { good, quantity: current.quantity };
  }

  /**
   * Brings every job order of a Machinery Jobs machine in line with the machine's lists (syncAction):
   * its quantities become production records, its moves are followed, and what it lacks is
   * returned, in dispatch order (the running job first), for the driver to store and start there.
   * `inFlight` names jobs with a command still on its way to the machine: their listed state is stale.
   */
  async followMachine(workUnitId: string, machine: MachineView, actor: Actor, inFlight: (jobOrderId: string) => boolean = () => false): Promise<MachineSend[]> {
    const sends: MachineSend[] = [];
    for (const job of inDispatchOrder(await this.jobs.listed(workUnitId))) {
      const onMachine = machine.jobs.get(job.id) ?? null;
      const produced = machine.produced.get(job.id);
      await this.takeMachineProduction(workUnitId, job, onMachine, produced);
      if (inFlight(job.id)) continue;
      const action = syncAction(job, onMachine);
      if (action.kind === "send") {
        const before = job.state === JobState.Running ? await this.jobs.produced(job.id) : { good: 0, scrap: 0 };
        const quantity = quantityToSend(job.quantity, before.good);
        if (before.scrap > 0) this.scrapBeforeSend.set(job.id, before.scrap);
        if (quantity > 0) sends.push({ job, quantity });
        else await this.command(workUnitId, job, "Complete", "every part was made before the machine lost the job order", actor);
      } else if (action.kind === "follow") {
        if (action.command === "Complete" || action.command === "Stop") await this.takeMachineProduction(workUnitId, job, onMachine, produced, true);
        await this.command(workUnitId, job, action.command, action.why, actor);
      }
    }
    return sends;
  }

  /** The machine refused a method for a job: a running job is held with the machine's answer. */
  async machineRefused(workUnitId: string, jobOrderId: string, method: string, refusal: string, actor: Actor): Promise<void> {
    this.log.warn(`${workUnitId}: the machine refused ${method} of job order ${jobOrderId}: ${refusal}`);
    const current = await this.jobs.get(jobOrderId).catch(() => null);
    if (current) await this.hold(workUnitId, current.id, `machinery-jobs: the machine refused ${method}: ${refusal}`, actor);
  }

  /** The machine's quantities beyond what the MES has for the job become production records (only while it runs, as for every driver). */
  private async takeMachineProduction(workUnitId: string, job: JobOrderRecord, onMachine: MachineJob | null, machine: { good: number; scrap: number } | undefined, reread = false): Promise<void> {
    if (!machine) return;
    const current = reread ? await this.jobs.get(job.id) : job;
    if (current.state !== JobState.Running) return;
    const known = await this.jobs.produced(job.id);
    const good = Math.max(0, goodBeforeSend(job.quantity, onMachine) + machine.good - known.good);
    const scrap = Math.max(0, (this.scrapBeforeSend.get(job.id) ?? 0) + machine.scrap - known.scrap);
    if (good === 0 && scrap === 0) return;
    try {
      await this.reportProgress(workUnitId, job.id, good, scrap);
    } catch (error) {
      // The machine's list says it again at the next change: refused (and audited) then too, without stopping the sync of its other jobs.
      if (!(error instanceof DomainError) || error.details.reason !== "implausible_count") throw error;
    }
  }

  private async goodOf(jobOrderId: string): Promise<number> {
    await this.flushCounts();
    return (await this.jobs.produced(jobOrderId)).good;
  }

  private async command(workUnitId: string, job: JobOrderRecord, command: Exclude<JobCommand, "Update">, why: string, actor: Actor): Promise<void> {
    try {
      await this.jobs.command(job.id, command, actor, why, workUnitId);
    } catch (error) {
      this.log.warn(`${workUnitId}: ${command} of job order ${job.id}: ${(error as Error).message}`);
    }
  }
}

/** A station's PLC, as the audit trail names it when no session says more. */
export function plcActor(workUnitId: string): Actor {
  return { id: `plc:${workUnitId}`, role: null, door: "plc" };
}
