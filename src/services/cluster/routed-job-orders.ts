import type { JobOrderInput } from "../../domain/job-order.js";
import type { JobCommand } from "../../domain/job-order-state-machine.js";
import type { Actor } from "../actor.js";
import { JobOrderService } from "../job-order-service.js";
import type { JobOrderRecord } from "../ports/orders.js";
import type { ReadRepositories } from "../ports/store.js";
import type { CommandRouter } from "./command-router.js";

type StoreOptions = { andStart: boolean; comment?: string | null };

/** The equipment a job order is on, as the database says; `fallback` when there is no such job order (the owner of that refuses it, as here). */
export async function equipmentOfJobOrder(read: ReadRepositories, jobOrderId: string, fallback: string | null): Promise<string | null> {
  return (await read.jobOrders.findById(jobOrderId))?.equipmentId ?? fallback;
}

/**
 * The job-order service of a MES in a cluster: Store, StoreAndStart, Update and every state
 * command (JobOrderService.command) run on the instance that owns the job order's equipment, so
 * every door (REST, OPC UA Job Control, the station's methods) is routed without knowing it.
 */
export class RoutedJobOrderService extends JobOrderService {
  constructor(
    private readonly router: CommandRouter,
    ...args: ConstructorParameters<typeof JobOrderService>
  ) {
    super(...args);
    router.handle("job_order.store", (actor, [input, options]) => super.storeJobOrder(input as JobOrderInput, actor, options as StoreOptions));
    router.handle("job_order.update", (actor, [input, comment]) => super.updateJobOrder(input as JobOrderInput, actor, comment as string | null));
    router.handle("job_order.command", (actor, [jobOrderId, command, comment, receiverId]) =>
      super.command(jobOrderId as string, command as Exclude<JobCommand, "Update">, actor, comment as string | null, receiverId as string | undefined),
    );
  }

  override storeJobOrder(input: JobOrderInput, actor: Actor, options: StoreOptions): Promise<JobOrderRecord> {
    return this.router.run("job_order.store", async () => input.equipmentId, actor, [input, options]);
  }

  override updateJobOrder(input: JobOrderInput, actor: Actor, comment: string | null = null): Promise<JobOrderRecord> {
    return this.router.run("job_order.update", () => equipmentOfJobOrder(this.router.read, input.id, input.equipmentId), actor, [input, comment]);
  }

  override command(jobOrderId: string, command: Exclude<JobCommand, "Update">, actor: Actor, comment: string | null = null, receiverId?: string): Promise<JobOrderRecord> {
    return this.router.run("job_order.command", () => equipmentOfJobOrder(this.router.read, jobOrderId, receiverId ?? null), actor, [jobOrderId, command, comment, receiverId]);
  }
}
