import type { WorkOrderStatus } from "../domain/work-order.js";
import type { JobOrderAbout } from "../services/job-order-names.js";
import type { JobOrderRecord, WorkOrderRecord } from "../services/ports/orders.js";
import { allowedWorkOrderCommands, type PerformanceView, type WorkOrderView } from "../services/work-order-service.js";
import { toJobOrderSummaryView, type JobOrderSummaryView } from "./job-order-view.js";

/**
 * A work order as REST shows it, in lists and alone. Each public field is listed here and in the
 * OpenAPI WorkOrder schema: a column the record gains (like its idempotencyKey, which is the
 * ERP's request's and nobody else's) stays private until it is added to both.
 */
export interface WorkOrderSummaryView {
  readonly id: string;
  readonly erpId: string | null;
  readonly productId: string;
  readonly quantity: number;
  readonly dueAt: Date | null;
  readonly priority: number;
  readonly status: WorkOrderStatus;
  /** What it takes now, by the path segment of POST /work-orders/{id}/{command}, spelt like a job order's. */
  readonly allowedCommands: readonly string[];
  readonly equipmentId: string | null;
  readonly description: string | null;
  readonly customerRef: string | null;
  readonly callbackUrl: string | null;
  readonly releasedAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export function toWorkOrderSummaryView(order: WorkOrderRecord): WorkOrderSummaryView {
  return {
    id: order.id,
    erpId: order.erpId,
    productId: order.productId,
    quantity: order.quantity,
    dueAt: order.dueAt,
    priority: order.priority,
    status: order.status,
    allowedCommands: allowedWorkOrderCommands(order.status),
    equipmentId: order.equipmentId,
    description: order.description,
    customerRef: order.customerRef,
    callbackUrl: order.callbackUrl,
    releasedAt: order.releasedAt,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
  };
}

/** A work order with its job orders, in the same view as /job-orders with what each produced, and its progress. */
export interface WorkOrderDetailView extends WorkOrderSummaryView {
  readonly jobOrders: JobOrderSummaryView[];
  readonly progress: WorkOrderView["progress"];
}

/** What is known of each job order (JobOrderNames.about). */
export type AboutJobOrder = (job: JobOrderRecord) => JobOrderAbout;

export function toWorkOrderDetailView(view: WorkOrderView, about: AboutJobOrder): WorkOrderDetailView {
  return { ...toWorkOrderSummaryView(view), jobOrders: view.jobOrders.map(({ jobOrder, good, scrap }) => toJobOrderSummaryView(jobOrder, about(jobOrder), { good, scrap })), progress: view.progress };
}

export interface PerformanceDetailView extends Omit<PerformanceView, "jobOrders"> {
  readonly jobOrders: (JobOrderSummaryView & { readonly idealCycleTimeS: number | null; readonly elapsedS: number | null })[];
}

export function toPerformanceView(performance: PerformanceView, about: AboutJobOrder): PerformanceDetailView {
  return {
    ...performance,
    jobOrders: performance.jobOrders.map(({ jobOrder, good, scrap, idealCycleTimeS, elapsedS }) => ({ ...toJobOrderSummaryView(jobOrder, about(jobOrder), { good, scrap }), idealCycleTimeS, elapsedS })),
  };
}
