import type { PerformanceView, WorkOrderView } from "../services/work-order-service.js";
import { toJobOrderSummaryView, type JobOrderSummaryView } from "./job-order-view.js";

/** A work order as REST shows it: its job orders in the same view as /job-orders, with what each produced. */
export interface WorkOrderDetailView extends Omit<WorkOrderView, "jobOrders"> {
  readonly jobOrders: JobOrderSummaryView[];
}

export function toWorkOrderDetailView(view: WorkOrderView): WorkOrderDetailView {
  return { ...view, jobOrders: view.jobOrders.map(({ jobOrder, good, scrap }) => toJobOrderSummaryView(jobOrder, { good, scrap })) };
}

export interface PerformanceDetailView extends Omit<PerformanceView, "jobOrders"> {
  readonly jobOrders: (JobOrderSummaryView & { readonly idealCycleTimeS: number | null; readonly elapsedS: number | null })[];
}

export function toPerformanceView(performance: PerformanceView): PerformanceDetailView {
  return {
    ...performance,
    jobOrders: performance.jobOrders.map(({ jobOrder, good, scrap, idealCycleTimeS, elapsedS }) => ({ ...toJobOrderSummaryView(jobOrder, { good, scrap }), idealCycleTimeS, elapsedS })),
  };
}
