import type { JobOrderAbout } from "../services/job-order-names.js";
import type { JobOrderRecord } from "../services/ports/orders.js";
import type { PerformanceView, WorkOrderView } from "../services/work-order-service.js";
import { toJobOrderSummaryView, type JobOrderSummaryView } from "./job-order-view.js";

/** A work order as REST shows it: its job orders in the same view as /job-orders, with what each produced. */
export interface WorkOrderDetailView extends Omit<WorkOrderView, "jobOrders"> {
  readonly jobOrders: JobOrderSummaryView[];
}

/** What is known of each job order (JobOrderNames.about). */
export type AboutJobOrder = (job: JobOrderRecord) => JobOrderAbout;

export function toWorkOrderDetailView(view: WorkOrderView, about: AboutJobOrder): WorkOrderDetailView {
  return { ...view, jobOrders: view.jobOrders.map(({ jobOrder, good, scrap }) => toJobOrderSummaryView(jobOrder, about(jobOrder), { good, scrap })) };
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
