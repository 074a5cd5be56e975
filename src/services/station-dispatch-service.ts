import { DomainError } from "../domain/domain-error.js";
import { JobState } from "../domain/job-order-state-machine.js";
import { nextJob } from "../domain/next-job.js";
import type { Actor } from "./actor.js";
import type { Clock, IdGenerator } from "./clock.js";
import type { EventBus } from "./event-bus.js";
import { listedJobOrder, type JobOrderService } from "./job-order-service.js";
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
    private readonly crew: (equipmentId: string, from: Date, to: Date) => Promise<string[]> = async () => [],
  ) {}

  /** The job the station should run now (begun if it was only released), or null when none is released. */
  async takeNextJob(workUnitId: string, actor: Actor): Promise<JobOrderRecord | null> {
    const picked = nextJob(await this.jobs.listed(workUnitId));
    if (!picked) return null;
    if (picked.alreadyRunning) return picked.job;
    return this.jobs.command(picked.job.id, "Begin", actor, "taken by the station");
  }

  /** Parts made on a running job of this station since the last report; stored as a production record of the job, with the PLC as its source. */
  async reportProgress(workUnitId: string, jobOrderId: string, good: number, scrap: number): Promise<void> {
    for (const [field, value] of [["good", good], ["scrap", scrap]] as const) {
      if (!Number.isInteger(value) || value < 0 || value > MAX_REPORTED_PER_CALL) {
        throw new DomainError("invalid_input", `${field}: a whole number from 0 to ${MAX_REPORTED_PER_CALL}`, { field });
      }
    }
    const at = this.clock.now();
    const operatorIds = await this.crew(workUnitId, at, new Date(at.getTime() + 1));
    // Checked in the transaction that writes, so a Complete arriving meanwhile cannot slip in between.
    const job = await this.store.unitOfWork(async (repos) => {
      const current = await listedJobOrder(repos, jobOrderId, workUnitId);
      if (current.state !== JobState.Running) {
        throw new DomainError("conflict", `job order "${jobOrderId}" is not running; production is reported on a running job`, { reason: "invalid_state", id: jobOrderId, stateNumber: current.state });
      }
      if (good > 0 || scrap > 0) {
        await repos.productionRecords.insertMany([
          { id: this.newId(), equipmentId: workUnitId, jobOrderId, productId: current.productId, periodStart: at, periodEnd: at, good, scrap, source: "plc", operatorIds },
        ]);
      }
      return current;
    });
    if (good > 0 || scrap > 0) this.bus.emit("production.counted", { workUnitId: job.equipmentId, good, scrap, at, jobOrderId });
  }

  async finishJob(workUnitId: string, jobOrderId: string, actor: Actor): Promise<JobOrderRecord> {
    return this.jobs.command(jobOrderId, "Complete", actor, "finished by the station", workUnitId);
  }
}
