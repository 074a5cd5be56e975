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
  equipmentId: string | null;
  description: string | null;
  customerRef: string | null;
  callbackUrl: string | null;
  idempotencyKey: string | null;
  releasedAt: Date | null;
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
    equipmentId: { ...text(64, true), name: "equipment_id" },
    description: text(1000, true),
    customerRef: { ...text(128, true), name: "customer_ref" },
    callbackUrl: { ...text(2000, true), name: "callback_url" },
    idempotencyKey: { ...text(128, true), name: "idempotency_key" },
    releasedAt: { ...timestamp(true), name: "released_at" },
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
  materialRequirements: string | null;
  dispatchNumber: number | null;
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
    materialRequirements: { type: "text", nullable: true, name: "material_requirements" },
    dispatchNumber: { ...integer(true), name: "dispatch_number" },
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

export interface CallbackDeliveryRow {
  id: string;
  workOrderId: string;
  url: string;
  payload: string;
  attempts: number;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  lastError: string | null;
  createdAt: Date;
}

export const CallbackDeliveryEntity = new EntitySchema<CallbackDeliveryRow>({
  name: "CallbackDelivery",
  tableName: "callback_delivery",
  columns: {
    id: id(36),
    workOrderId: { ...text(64), name: "work_order_id" },
    url: text(2000),
    payload: { type: "text" },
    attempts: integer(),
    nextAttemptAt: { ...timestamp(true), name: "next_attempt_at" },
    deliveredAt: { ...timestamp(true), name: "delivered_at" },
    lastError: { ...text(1000, true), name: "last_error" },
    createdAt: { ...timestamp(), name: "created_at" },
  },
});
