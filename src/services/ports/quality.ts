import type { PairedLimits } from "../../domain/quality/control-limits.js";
import type { Characteristic, InspectionFrequency, RecordedBy } from "../../domain/quality/inspection-plan.js";

/** Quality operations records (ISA-95 Part 3 §7): inspection plans, results and nonconformance reports. */

/** What to check on a product at one routing step, how often, and who records it. */
export interface InspectionPlanRecord {
  readonly id: string;
  readonly name: string;
  readonly productId: string;
  /** The routing step (ProductWorkUnitRecord.step) whose work units make the checked part. */
  readonly step: number;
  readonly frequency: InspectionFrequency;
  /** Parts checked each time. */
  readonly sampleSize: number;
  readonly recordedBy: RecordedBy;
  /** For automatic plans: the mirrored PLC signal a gauge writes its value to. */
  readonly signalId: string | null;
  /** Hold the running job order on a failed check or an SPC signal. */
  readonly holdJobOnSignal: boolean;
  readonly characteristics: readonly Characteristic[];
  readonly updatedAt: Date;
}

/** One recorded measurement or check, with where it was made and what it belongs to. */
export interface QualityResultRecord {
  readonly id: string;
  readonly planId: string;
  readonly characteristicId: string;
  readonly equipmentId: string;
  readonly jobOrderId: string | null;
  /** Plain ids until the inventory module links lots and carriers. */
  readonly lotId: string | null;
  readonly carrierId: string | null;
  /** A variable characteristic's value; null for an attribute check. */
  readonly value: number | null;
  /** An attribute check's verdict, or whether a value is within its specification. */
  readonly passed: boolean;
  readonly defectCode: string | null;
  readonly recordedBy: string;
  /** Which door it came through: rest, opcua, plc. */
  readonly source: string;
  readonly recordedAt: Date;
}

export type NcrSource = "result" | "spc" | "manual";
export type NcrStatus = "open" | "dispositioned" | "closed";
export type Disposition = "use-as-is" | "rework" | "scrap" | "return-to-supplier";
export const NCR_SOURCES: readonly NcrSource[] = ["result", "spc", "manual"];
export const DISPOSITIONS: readonly Disposition[] = ["use-as-is", "rework", "scrap", "return-to-supplier"];

export interface CorrectiveAction {
  readonly description: string;
  readonly owner: string;
  readonly dueAt: Date;
  readonly verifiedBy: string | null;
  readonly verifiedAt: Date | null;
}

/** A nonconformance report: what was wrong, how many, which lots, what was decided and done. */
export interface NcrRecord {
  readonly id: string;
  readonly source: NcrSource;
  readonly description: string;
  readonly quantity: number;
  readonly lotIds: readonly string[];
  readonly equipmentId: string | null;
  readonly jobOrderId: string | null;
  readonly productId: string | null;
  readonly characteristicId: string | null;
  readonly resultId: string | null;
  readonly openedBy: string;
  readonly openedAt: Date;
  readonly status: NcrStatus;
  readonly disposition: Disposition | null;
  readonly dispositionBy: string | null;
  readonly dispositionAt: Date | null;
  readonly correctiveAction: CorrectiveAction | null;
}

export interface InspectionPlanReader {
  findAll(): Promise<InspectionPlanRecord[]>;
  findById(id: string): Promise<InspectionPlanRecord | null>;
  findByProduct(productId: string): Promise<InspectionPlanRecord[]>;
}

export interface InspectionPlanRepository extends InspectionPlanReader {
  /** Inserts or replaces the plan with its characteristics. */
  save(plan: InspectionPlanRecord): Promise<void>;
  delete(id: string): Promise<void>;
}

export interface QualityResultFilter {
  readonly characteristicId?: string;
  readonly equipmentId?: string;
  readonly jobOrderId?: string;
  readonly from?: Date;
  readonly to?: Date;
  readonly limit?: number;
}

export interface QualityResultReader {
  /** Oldest first; `limit` keeps the newest that many. */
  find(filter: QualityResultFilter): Promise<QualityResultRecord[]>;
  findById(id: string): Promise<QualityResultRecord | null>;
}

export interface QualityResultRepository extends QualityResultReader {
  insert(record: QualityResultRecord): Promise<void>;
}

export interface NcrReader {
  /** Newest first. */
  findAll(status?: NcrStatus): Promise<NcrRecord[]>;
  /** The NCRs of the work units opened in [from, to), newest first (what the OEE figures of a window count). */
  findOpenedIn(equipmentIds: readonly string[], from: Date, to: Date): Promise<NcrRecord[]>;
  findById(id: string): Promise<NcrRecord | null>;
}

export interface NcrRepository extends NcrReader {
  insert(record: NcrRecord): Promise<void>;
  update(record: NcrRecord): Promise<void>;
}

/** The results a quality engineer chose as a characteristic's baseline: a range of results (inclusive) or a time window. */
export type ControlLimitsBaseline = { readonly kind: "results"; readonly fromResultId: string; readonly toResultId: string } | { readonly kind: "dates"; readonly from: Date; readonly to: Date };

/** Control limits computed once from a chosen baseline and kept: new results are judged against them. */
export interface ControlLimitsRecord {
  readonly characteristicId: string;
  /** The subgroup size they were computed for: a plan changed to another size no longer matches them. */
  readonly subgroupSize: number;
  readonly baseline: ControlLimitsBaseline;
  /** Chart points (subgroups or individuals) of the baseline. */
  readonly points: number;
  readonly limits: PairedLimits;
  readonly computedBy: string;
  readonly computedAt: Date;
}

export interface ControlLimitsReader {
  findByCharacteristic(characteristicId: string): Promise<ControlLimitsRecord | null>;
}

export interface ControlLimitsRepository extends ControlLimitsReader {
  /** Inserts or replaces the characteristic's limits. */
  save(record: ControlLimitsRecord): Promise<void>;
  delete(characteristicId: string): Promise<void>;
}
