import { DomainError } from "../../domain/domain-error.js";
import { JobState } from "../../domain/job-order-state-machine.js";
import { inspectionDue, type InspectionDue, type OverdueGrace } from "../../domain/quality/inspection-due.js";
import type { Clock } from "../clock.js";
import type { InspectionPlanRecord } from "../ports/quality.js";
import type { Store } from "../ports/store.js";

/**
 * How late a due inspection may be before the station flags it: the parts of a short batch run
 * past the check (5), or one short break (10 min). Named here so a plant can argue with it.
 */
export const OVERDUE_GRACE: OverdueGrace = { parts: 5, minutes: 10 };

export interface DueInspection extends InspectionDue {
  readonly planId: string;
  readonly planName: string;
  readonly characteristicIds: readonly string[];
  readonly recordedBy: InspectionPlanRecord["recordedBy"];
  readonly sampleSize: number;
  readonly frequency: InspectionPlanRecord["frequency"];
}

/** The inspections of the job running on a work unit: which are due, which overdue (for the station and the HMI). */
export class DueInspectionService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async of(equipmentId: string): Promise<{ equipmentId: string; jobOrderId: string | null; items: DueInspection[] }> {
    const read = this.store.read;
    if (!(await read.equipment.findById(equipmentId))) throw new DomainError("not_found", `no equipment "${equipmentId}"`, { id: equipmentId });
    const job = (await read.jobOrders.findListed(equipmentId)).find((j) => j.state === JobState.Running);
    if (!job || !job.productId || !job.actualStart) return { equipmentId, jobOrderId: job?.id ?? null, items: [] };
    const steps = new Set((await read.products.findWorkUnits(job.productId)).filter((unit) => unit.equipmentId === equipmentId).map((unit) => unit.step));
    const plans = (await read.inspectionPlans.findByProduct(job.productId)).filter((plan) => steps.has(plan.step));
    const now = this.clock.now();
    const made = await read.productionRecords.totalsOfJob(job.id);
    const items: DueInspection[] = [];
    for (const plan of plans) {
      const ids = new Set(plan.characteristics.map((c) => c.id));
      const last = (await read.qualityResults.find({ jobOrderId: job.id })).filter((r) => ids.has(r.characteristicId)).at(-1);
      const madeByLast = last ? await read.productionRecords.totals(equipmentId, job.actualStart, last.recordedAt) : null;
      const due = inspectionDue(
        plan.frequency,
        plan.sampleSize,
        {
          jobStartedAt: job.actualStart.getTime(),
          partsMade: made.good + made.scrap,
          partsPlanned: job.quantity,
          now: now.getTime(),
          lastInspection: last && madeByLast ? { at: last.recordedAt.getTime(), partsMade: madeByLast.good + madeByLast.scrap } : null,
        },
        OVERDUE_GRACE,
      );
      items.push({ planId: plan.id, planName: plan.name, characteristicIds: [...ids], recordedBy: plan.recordedBy, sampleSize: plan.sampleSize, frequency: plan.frequency, ...due });
    }
    return { equipmentId, jobOrderId: job.id, items };
  }
}
