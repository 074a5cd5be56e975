import { DomainError } from "../domain/domain-error.js";
import { JobState } from "../domain/job-order-state-machine.js";
import { nextJob } from "../domain/next-job.js";
import type { Actor } from "./actor.js";
import type { Clock, IdGenerator } from "./clock.js";
import type { EventBus } from "./event-bus.js";
import type { JobOrderService } from "./job-order-service.js";
import type { JobOrderRecord, Store } from "./ports.js";

/** A PLC counter word: what one report may carry. */
const MAX_REPORTED_PER_CALL = 2 ** 32 - 1;

/**
 * The `methods` dispatch driver: the PLC is the client and asks for its work. Taking a job
 * begins it, reports add production to it, finishing completes it, all through the same job-order
 * state machine as every other door.
 */
export class PlcDispatchService {
  constructor(
    private readonly store: Store,
    private readonly jobs: JobOrderService,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
  ) {}

  /** The job the station should run now (begun if it was only released), or null when none is released. */
  async takeNextJob(workUnitId: string, actor: Actor): Promise<JobOrderRecord | null> {
    const picked = nextJob(await this.jobs.listed(workUnitId));
    if (!picked) return null;
    if (picked.alreadyRunning) return picked.job;
    return this.jobs.command(picked.job.id, "Begin", actor, "taken by the station");
  }

  /** Parts made on a running job since the last report; stored as a production record of the job, with the PLC as its source. */
  async reportProgress(jobOrderId: string, good: number, scrap: number): Promise<void> {
    for (const [field, value] of [["good", good], ["scrap", scrap]] as const) {
      if (!Number.isInteger(value) || value < 0 || value > MAX_REPORTED_PER_CALL) {
        throw new DomainError("invalid_input", `${field}: a whole number from 0 to ${MAX_REPORTED_PER_CALL}`, { field });
      }
    }
    const job = await this.jobs.get(jobOrderId);
    if (job.removedAt) throw new DomainError("not_found", `no job order "${jobOrderId}" in any JobOrderList`, { id: jobOrderId });
    if (job.state !== JobState.Running) {
      throw new DomainError("conflict", `job order "${jobOrderId}" is not running; production is reported on a running job`, { reason: "invalid_state", id: jobOrderId, stateNumber: job.state });
    }
    if (good === 0 && scrap === 0) return;
    const at = this.clock.now();
    await this.store.unitOfWork(async (repos) => {
      await repos.productionRecords.insertMany([
        { id: this.newId(), equipmentId: job.equipmentId, jobOrderId, productId: job.productId, periodStart: at, periodEnd: at, good, scrap, source: "plc" },
      ]);
    });
    this.bus.emit("production.counted", { workUnitId: job.equipmentId, good, scrap, at, jobOrderId });
  }

  async finishJob(jobOrderId: string, actor: Actor): Promise<JobOrderRecord> {
    return this.jobs.command(jobOrderId, "Complete", actor, "finished by the station");
  }
}
