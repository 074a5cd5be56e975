import { EntitySchema } from "typeorm";
import { id, integer, text, timestamp } from "./columns.js";

export interface WorkOrderRow {
  id: string;
  erpId: string | null;
  productId: string;
  quantity: number;
  dueAt: Date | null;
  priority: number;
  status: string;
  createdAt: Date;
  updatedAt: Date;
}

export const WorkOrderEntity = new EntitySchema<WorkOrderRow>({
  name: "WorkOrder",
  tableName: "work_order",
  columns: {
    id: id(),
    erpId: { ...text(128, true), name: "erp_id" },
    productId: { ...text(64), name: "product_id" },
    quantity: { type: "double" },
    dueAt: { ...timestamp(true), name: "due_at" },
    priority: integer(),
    status: text(32),
    createdAt: { ...timestamp(), name: "created_at" },
    updatedAt: { ...timestamp(), name: "updated_at" },
  },
});

export interface JobOrderRow {
  id: string;
  workOrderId: string | null;
  equipmentId: string;
  productId: string | null;
  quantity: number;
  state: number;
  subState: number | null;
  priority: number;
  plannedStart: Date | null;
  plannedEnd: Date | null;
  actualStart: Date | null;
  actualEnd: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export const JobOrderEntity = new EntitySchema<JobOrderRow>({
  name: "JobOrder",
  tableName: "job_order",
  columns: {
    id: id(),
    workOrderId: { ...text(64, true), name: "work_order_id" },
    equipmentId: { ...text(64), name: "equipment_id" },
    productId: { ...text(64, true), name: "product_id" },
    quantity: { type: "double" },
    state: integer(),
    subState: { ...integer(true), name: "sub_state" },
    priority: integer(),
    plannedStart: { ...timestamp(true), name: "planned_start" },
    plannedEnd: { ...timestamp(true), name: "planned_end" },
    actualStart: { ...timestamp(true), name: "actual_start" },
    actualEnd: { ...timestamp(true), name: "actual_end" },
    createdAt: { ...timestamp(), name: "created_at" },
    updatedAt: { ...timestamp(), name: "updated_at" },
  },
});
