import { allowedCommandsOf, jobStateName, type JobStateName } from "../domain/job-order-state-machine.js";
import type { JobOrderParameter, MaterialRequirement } from "../domain/job-order.js";
import { listedMaterialRequirements } from "../domain/job-order-defaults.js";
import type { JobOrderAbout } from "../services/job-order-names.js";
import type { JobOrderRecord, JobOrderTransitionRecord } from "../services/ports/orders.js";
import { restJobCommandName, restTransitionCommandName, type RestJobCommand } from "./job-command-names.js";

/**
 * A job order as REST shows it, on /job-orders and inside /work-orders alike. Each public field
 * is listed here and in the OpenAPI JobOrder schema: a column the record gains stays private
 * until it is added to both.
 */
export interface JobOrderView {
  readonly id: string;
  readonly workOrderId: string | null;
  readonly equipmentId: string;
  readonly productId: string | null;
  readonly quantity: number;
  readonly priority: number;
  /** OPC 10031-4 state by name (NotAllowedToStart ... Aborted), as the `state` filter takes it. */
  readonly state: JobStateName | "unknown";
  /** The same state by the spec's number (1 ... 6). */
  readonly stateNumber: number;
  readonly subState: number | null;
  /** Deprecated: `state`, under the name /job-orders gave it before `state` was the name. */
  readonly stateName: JobStateName | "unknown";
  /** Cancel or Clear took it out of its JobOrderList (`removedAt` says when). */
  readonly removed: boolean;
  /** What it takes now, by REST name: update as PUT, the others as POST .../{command}. */
  readonly allowedCommands: readonly RestJobCommand[];
  readonly plannedStart: Date | null;
  readonly plannedEnd: Date | null;
  readonly actualStart: Date | null;
  readonly actualEnd: Date | null;
  readonly description: string | null;
  readonly parameters: readonly JobOrderParameter[];
  /** As given, or (none given) its product with its quantity: what OPC UA's JobOrderList shows too. */
  readonly materialRequirements: readonly MaterialRequirement[];
  readonly dispatchNumber: number | null;
  readonly removedAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** Who gives its begin and complete: the station's dispatch driver, or (on a station without one) the operator. */
  readonly executor: JobOrderAbout["executor"];
  /** What people know it by: its work order's ERP number, the step of that order it is, the product's name. */
  readonly workOrderErpId: string | null;
  readonly step: number | null;
  readonly productName: string | null;
}

export function toJobOrderView(job: JobOrderRecord, about: JobOrderAbout): JobOrderView {
  const state = jobStateName(job.state);
  const removed = job.removedAt !== null;
  return {
    id: job.id,
    workOrderId: job.workOrderId,
    equipmentId: job.equipmentId,
    productId: job.productId,
    quantity: job.quantity,
    priority: job.priority,
    state,
    stateNumber: job.state,
    subState: job.subState,
    stateName: state,
    removed,
    allowedCommands: allowedCommandsOf({ state: job.state, subState: job.subState, removed }).map(restJobCommandName),
    plannedStart: job.plannedStart,
    plannedEnd: job.plannedEnd,
    actualStart: job.actualStart,
    actualEnd: job.actualEnd,
    description: job.description,
    parameters: job.parameters,
    materialRequirements: listedMaterialRequirements(job),
    dispatchNumber: job.dispatchNumber,
    removedAt: job.removedAt,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    executor: about.executor,
    workOrderErpId: about.workOrderErpId,
    step: about.step,
    productName: about.productName,
  };
}

/** A job order of a work order: the job order's view and what it has produced so far. */
export interface JobOrderSummaryView extends JobOrderView {
  readonly good: number;
  readonly scrap: number;
}

export function toJobOrderSummaryView(job: JobOrderRecord, about: JobOrderAbout, produced: { readonly good: number; readonly scrap: number }): JobOrderSummaryView {
  return { ...toJobOrderView(job, about), good: produced.good, scrap: produced.scrap };
}

/**
 * One step of a job order's state history as REST shows it: the command in the REST spelling
 * (`store-and-start`, `close`), each state by name and by number, as the job order itself shows
 * its state. null where there was none (before Store, after Clear).
 */
export interface JobTransitionView {
  readonly id: string;
  readonly jobOrderId: string;
  readonly command: string;
  readonly fromState: JobStateName | "unknown" | null;
  readonly fromStateNumber: number | null;
  readonly fromSubState: number | null;
  readonly toState: JobStateName | "unknown" | null;
  readonly toStateNumber: number | null;
  readonly toSubState: number | null;
  readonly at: Date;
  readonly actor: string;
  readonly role: string | null;
  readonly door: string;
  readonly comment: string | null;
}

export function toJobTransitionView(step: JobOrderTransitionRecord): JobTransitionView {
  return {
    id: step.id,
    jobOrderId: step.jobOrderId,
    command: restTransitionCommandName(step.command),
    fromState: step.fromState === null ? null : jobStateName(step.fromState),
    fromStateNumber: step.fromState,
    fromSubState: step.fromSubState,
    toState: step.toState === null ? null : jobStateName(step.toState),
    toStateNumber: step.toState,
    toSubState: step.toSubState,
    at: step.at,
    actor: step.actor,
    role: step.role,
    door: step.door,
    comment: step.comment,
  };
}
