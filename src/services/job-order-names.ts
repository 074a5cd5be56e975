import type { JobExecutor } from "../domain/job-executor.js";
import { workOrderStepOf } from "../domain/job-order.js";
import type { JobOrderRecord } from "./ports/orders.js";
import type { Store } from "./ports/store.js";

/**
 * What people know a job order by: its work order's ERP number, the step of that order it is and
 * the product's name (its id stays for links and for machines), and who gives its Begin and
 * Complete. Every screen that shows a job order shows these, so none falls back to the UUID.
 */
export interface JobOrderAbout {
  readonly executor: JobExecutor;
  readonly workOrderErpId: string | null;
  readonly step: number | null;
  readonly productName: string | null;
}

export class JobOrderNames {
  constructor(
    private readonly store: Store,
    private readonly executorOf: (equipmentId: string) => JobExecutor,
  ) {}

  /** What is known of each of these job orders, read in one go (three queries, whatever their number). */
  async about(jobs: readonly JobOrderRecord[]): Promise<(job: JobOrderRecord) => JobOrderAbout> {
    const orderIds = [...new Set(jobs.flatMap((job) => (job.workOrderId ? [job.workOrderId] : [])))];
    const orders = new Map((orderIds.length > 0 ? await this.store.read.workOrders.findByIds(orderIds) : []).map((order) => [order.id, order]));
    const productIds = new Set(jobs.flatMap((job) => (job.productId ? [job.productId] : [])));
    const products = new Map(productIds.size > 0 ? (await this.store.read.products.findAll()).filter((p) => productIds.has(p.id)).map((p) => [p.id, p.name]) : []);
    const routing = productIds.size > 0 ? (await this.store.read.products.findAllWorkUnits()).filter((r) => productIds.has(r.productId)) : [];
    return (job) => ({
      ...this.unread(job),
      workOrderErpId: (job.workOrderId && orders.get(job.workOrderId)?.erpId) ?? null,
      step: workOrderStepOf(routing, job),
      productName: (job.productId && products.get(job.productId)) ?? null,
    });
  }

  /** What is known of a job order without reading the database (while it is unreachable): no names, no step. */
  unread(job: JobOrderRecord): JobOrderAbout {
    return { executor: this.executorOf(job.equipmentId), workOrderErpId: null, step: null, productName: null };
  }
}
