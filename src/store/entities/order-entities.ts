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
  description: string | null;
  parameters: string | null;
  removedAt: Date | null;
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
    description: text(1000, true),
    parameters: { type: "text", nullable: true },
    removedAt: { ...timestamp(true), name: "removed_at" },
    createdAt: { ...timestamp(), name: "created_at" },
    updatedAt: { ...timestamp(), name: "updated_at" },
  },
});

export interface JobOrderTransitionRow {
  id: string;
  jobOrderId: string;
  command: string;
  fromState: number | null;
  fromSubState: number | null;
  toState: number | null;
  toSubState: number | null;
  at: Date;
  actor: string;
  role: string | null;
  door: string;
  comment: string | null;
}

export const JobOrderTransitionEntity = new EntitySchema<JobOrderTransitionRow>({
  name: "JobOrderTransition",
  tableName: "job_order_transition",
  columns: {
    id: id(36),
    jobOrderId: { ...text(64), name: "job_order_id" },
    command: text(32),
    fromState: { ...integer(true), name: "from_state" },
    fromSubState: { ...integer(true), name: "from_sub_state" },
    toState: { ...integer(true), name: "to_state" },
    toSubState: { ...integer(true), name: "to_sub_state" },
    at: timestamp(),
    actor: text(128),
    role: text(64, true),
    door: text(16),
    comment: text(1000, true),
  },
});
