import { JobState } from "./job-order-state-machine.js";
import type { JobOrderParameter } from "./job-order.js";

/** What the MES knows of the job order whose number a carrier bears. */
export interface CarrierJob {
  readonly id: string;
  readonly equipmentId: string;
  readonly state: number;
  readonly removed: boolean;
  /** Its good parts have reached its quantity. */
  readonly done: boolean;
}

export type CarrierDecision =
  /** The carrier bears a job of this station that still needs parts: work it (begin it first if only released). */
  | { readonly kind: "work"; readonly jobOrderId: string; readonly begin: boolean }
  /** A blank carrier, or one whose job is over: give it the station's next released job, if any. */
  | { readonly kind: "assign" }
  /** Not ours to work: the station lets it pass uncounted. */
  | { readonly kind: "pass"; readonly reason: string };

/**
 * The CP Lab rule, generalised: a carrier's RFID tag holds an order number. Zero is a blank
 * carrier; a number of an order that is over frees the carrier for the next job; an order of this
 * station that is released or running is worked; anything else (unknown, another station's,
 * not yet released, interrupted) passes through.
 */
export function decideCarrier(orderNumber: number, job: CarrierJob | null, stationId: string): CarrierDecision {
  if (orderNumber === 0) return { kind: "assign" };
  if (!job) return { kind: "pass", reason: `order number ${orderNumber} is unknown` };
  if (job.equipmentId !== stationId) return { kind: "pass", reason: `order number ${orderNumber} is job order ${job.id} of ${job.equipmentId}` };
  if (job.removed || job.state === JobState.Ended || job.state === JobState.Aborted || job.done) return { kind: "assign" };
  if (job.state === JobState.AllowedToStart) return { kind: "work", jobOrderId: job.id, begin: true };
  if (job.state === JobState.Running) return { kind: "work", jobOrderId: job.id, begin: false };
  return { kind: "pass", reason: `job order ${job.id} is ${job.state === JobState.Interrupted ? "interrupted" : "not released"}` };
}

/** The task code for a job: the station's map by product first, then the job's own parameter; null when neither says. */
export function taskCodeOf(job: { productId: string | null; parameters: readonly JobOrderParameter[] }, taskCodes: Readonly<Record<string, number>>, parameterId: string): number | null {
  if (job.productId && taskCodes[job.productId] !== undefined) return taskCodes[job.productId];
  const parameter = job.parameters.find((p) => p.id === parameterId);
  const value = typeof parameter?.value === "string" ? Number(parameter.value) : parameter?.value;
  return typeof value === "number" && Number.isInteger(value) ? value : null;
}

/** The packet written to the carrier's tag: [carrier id, order number, 0...]. */
export function carrierPacket(carrierId: number, orderNumber: number, words: number): Int32Array {
  const packet = new Int32Array(words);
  packet[0] = carrierId;
  packet[1] = orderNumber;
  return packet;
}
