import type { ReleaseSplit } from "../../domain/work-order.js";
import type { Actor } from "../actor.js";
import type { ReadRepositories } from "../ports/store.js";
import { WorkOrderService, type WorkOrderView } from "../work-order-service.js";
import type { CommandRouter } from "./command-router.js";

/** Where a release puts its first job order: the first split's equipment, the order's, or its product's first work unit (as WorkOrderService.release chooses). */
export async function equipmentOfRelease(read: ReadRepositories, workOrderId: string, splits: readonly ReleaseSplit[] | undefined): Promise<string | null> {
  if (splits && splits.length > 0) return splits[0]!.equipmentId;
  const order = await read.workOrders.findById(workOrderId);
  if (!order) return null;
  return order.equipmentId ?? (await read.products.findWorkUnits(order.productId))[0]?.equipmentId ?? null;
}

/** The equipment of the first job order a cancel moves (one still listed), or null when it moves none. */
export async function equipmentOfCancel(read: ReadRepositories, workOrderId: string): Promise<string | null> {
  return (await read.jobOrders.findByWorkOrder(workOrderId)).find((job) => !job.removedAt)?.equipmentId ?? null;
}

/**
 * Work orders of a MES in a cluster: a release (storing and starting its job orders) and a cancel
 * (cancelling them) run on the owner of the first job order's equipment. Either stays one
 * transaction, all or nothing, also when its job orders span several owners: their owners see
 * the transitions as every peer does, from the database.
 */
export class RoutedWorkOrderService extends WorkOrderService {
  constructor(
    private readonly router: CommandRouter,
    ...args: ConstructorParameters<typeof WorkOrderService>
  ) {
    super(...args);
    router.handle("work_order.release", (actor, [id, splits]) => super.release(id as string, actor, splits as ReleaseSplit[] | undefined));
    router.handle("work_order.cancel", (actor, [id, comment]) => super.cancel(id as string, actor, comment as string | null));
  }

  override release(id: string, actor: Actor, splits?: readonly ReleaseSplit[]): Promise<WorkOrderView> {
    return this.router.run("work_order.release", () => equipmentOfRelease(this.router.read, id, splits), actor, [id, splits]);
  }

  override cancel(id: string, actor: Actor, comment: string | null): Promise<WorkOrderView> {
    return this.router.run("work_order.cancel", () => equipmentOfCancel(this.router.read, id), actor, [id, comment]);
  }
}
