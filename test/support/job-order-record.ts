import type { JobOrderRecord } from "../../src/services/ports/orders.js";

/** A running job order as the store keeps it, for tests that put one in directly: id, unit, product and time, the rest as given. */
export function runningJobOrder(id: string, equipmentId: string, productId: string, at: Date, fields: Partial<JobOrderRecord> = {}): JobOrderRecord {
  return {
    id,
    workOrderId: null,
    equipmentId,
    productId,
    quantity: 100,
    state: 3,
    subState: null,
    priority: 0,
    plannedStart: null,
    plannedEnd: null,
    actualStart: at,
    actualEnd: null,
    description: null,
    parameters: [],
    materialRequirements: [],
    dispatchNumber: null,
    removedAt: null,
    createdAt: at,
    updatedAt: at,
    ...fields,
  };
}
