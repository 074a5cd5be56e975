import type { NelsonRule } from "./nelson-rules.js";

/**
 * What a quality engineer plans for a product at a routing step (ISA-95 Part 3 §7, quality
 * operations: the quality test specification and its test properties).
 */

/** A measured value against its specification, or a pass/fail check with the defects it can find. */
export type Characteristic = VariableCharacteristic | AttributeCharacteristic;

export interface VariableCharacteristic {
  readonly id: string;
  readonly name: string;
  readonly kind: "variable";
  readonly nominal: number;
  /** Either limit may be absent: a one-sided specification (e.g. a maximum burr height). */
  readonly lsl: number | null;
  readonly usl: number | null;
  readonly unit: string;
  /** Values averaged into one X-bar point; 1 plots individuals and moving ranges. */
  readonly subgroupSize: number;
  /** Which of the eight tests raise a signal (test 1 alone is the classic Shewhart chart). */
  readonly rules: readonly NelsonRule[];
}

export interface AttributeCharacteristic {
  readonly id: string;
  readonly name: string;
  readonly kind: "attribute";
  /** The defect codes a failed check may name. */
  readonly defectCodes: readonly string[];
}

/** How often a characteristic is checked. */
export type InspectionFrequency =
  | { readonly kind: "first-off" }
  | { readonly kind: "every-parts"; readonly parts: number }
  | { readonly kind: "every-minutes"; readonly minutes: number }
  | { readonly kind: "last-off" };

/** Who records the result: a person at the station, or the MES from a mirrored PLC tag (a gauge). */
export type RecordedBy = "inspector" | "operator" | "automatic";

export const RECORDED_BY: readonly RecordedBy[] = ["inspector", "operator", "automatic"];
export const FREQUENCY_KINDS: readonly InspectionFrequency["kind"][] = ["first-off", "every-parts", "every-minutes", "last-off"];

/** A failed check or an SPC signal: what the plan does about the running job. */
export interface ReactionPlan {
  /** Hold the running job order (Job Control Hold, OPC 10031-4 §6.2) with the reason. */
  readonly holdJob: boolean;
}

export function isSpecViolation(characteristic: VariableCharacteristic, value: number): boolean {
  return (characteristic.lsl !== null && value < characteristic.lsl) || (characteristic.usl !== null && value > characteristic.usl);
}
