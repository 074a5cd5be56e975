import type { Actor } from "../actor.js";
import type { JobOrderRecord } from "../ports/orders.js";
import { plcActor, StationDispatchService } from "../station-dispatch-service.js";
import type { CommandRouter } from "./command-router.js";

/**
 * Station dispatch of a MES in a cluster: what the operator (start, finish) and the station's PLC
 * (TakeNextJob, ReportProgress, FinishJob) ask of a work unit runs on the instance that owns it,
 * where its pending counts are flushed and its driver follows the job. The drivers' own steps run
 * only on the owner and are not routed.
 */
export class RoutedStationDispatchService extends StationDispatchService {
  constructor(
    private readonly router: CommandRouter,
    ...args: ConstructorParameters<typeof StationDispatchService>
  ) {
    super(...args);
    router.handle("station.start", (actor, [workUnitId, jobOrderId, comment]) => super.startJob(workUnitId as string, actor, jobOrderId as string | undefined, comment as string | null));
    router.handle("station.finish_by_operator", (actor, [workUnitId, jobOrderId, comment]) => super.finishJobByOperator(workUnitId as string, jobOrderId as string, actor, comment as string | null));
    router.handle("station.take_next", (actor, [workUnitId]) => super.takeNextJob(workUnitId as string, actor));
    router.handle("station.report_progress", (actor, [workUnitId, jobOrderId, good, scrap]) => super.reportProgress(workUnitId as string, jobOrderId as string, good as number, scrap as number, actor));
    router.handle("station.finish", (actor, [workUnitId, jobOrderId]) => super.finishJob(workUnitId as string, jobOrderId as string, actor));
  }

  override startJob(workUnitId: string, actor: Actor, jobOrderId?: string, comment: string | null = null): Promise<JobOrderRecord> {
    return this.router.run("station.start", async () => workUnitId, actor, [workUnitId, jobOrderId, comment]);
  }

  override finishJobByOperator(workUnitId: string, jobOrderId: string, actor: Actor, comment: string | null = null): Promise<JobOrderRecord> {
    return this.router.run("station.finish_by_operator", async () => workUnitId, actor, [workUnitId, jobOrderId, comment]);
  }

  override takeNextJob(workUnitId: string, actor: Actor): Promise<JobOrderRecord | null> {
    return this.router.run("station.take_next", async () => workUnitId, actor, [workUnitId]);
  }

  override reportProgress(workUnitId: string, jobOrderId: string, good: number, scrap: number, actor: Actor = plcActor(workUnitId)): Promise<void> {
    return this.router.run("station.report_progress", async () => workUnitId, actor, [workUnitId, jobOrderId, good, scrap]);
  }

  override finishJob(workUnitId: string, jobOrderId: string, actor: Actor): Promise<JobOrderRecord> {
    return this.router.run("station.finish", async () => workUnitId, actor, [workUnitId, jobOrderId]);
  }
}
