import { DomainError } from "../../domain/domain-error.js";
import { JobState } from "../../domain/job-order-state-machine.js";
import { isSpecViolation, type Characteristic, type VariableCharacteristic } from "../../domain/quality/inspection-plan.js";
import type { PairedLimits } from "../../domain/quality/control-limits.js";
import { dispersionSignalAt } from "../../domain/quality/dispersion-signals.js";
import { signalsAtLatest } from "../../domain/quality/nelson-rules.js";
import { DEFAULT_BASELINE_POINTS, spcChart, type SpcChart } from "../../domain/quality/spc-chart.js";
import type { Actor } from "../actor.js";
import type { CallbackOutbox } from "../callback-outbox.js";
import { recordAudit } from "../audit-trail.js";
import type { Clock, IdGenerator } from "../clock.js";
import type { EventBus, MesEvents } from "../event-bus.js";
import type { JobOrderService } from "../job-order-service.js";
import type { Log } from "../log.js";
import type { JobOrderRecord } from "../ports/orders.js";
import type { ControlLimitsReader, InspectionPlanRecord, NcrRecord, QualityResultFilter, QualityResultRecord } from "../ports/quality.js";
import type { Repositories, Store } from "../ports/store.js";

export interface ResultInput {
  readonly characteristicId: string;
  readonly equipmentId: string;
  /** A variable characteristic's measured value. */
  readonly value?: unknown;
  /** An attribute check's verdict. */
  readonly passed?: unknown;
  readonly defectCode?: string | null;
  /** Defaults to the job order running on the work unit. */
  readonly jobOrderId?: string | null;
  readonly lotId?: string | null;
  readonly carrierId?: string | null;
  readonly recordedAt?: Date;
}

export interface RecordedResult {
  readonly result: QualityResultRecord;
  /** What the result raised: a failed check, the SPC tests its point completed. */
  readonly signal: MesEvents["quality.signal"] | null;
  readonly ncrId: string | null;
}

/** The NCR's lot list as stored (nonconformance.lot_ids). */
const NCR_LOT_IDS_CHARS = 1000;

/** Values of one characteristic a chart is drawn from at most: a year of hourly subgroups of 5 fits. */
export const MAX_CHART_VALUES = 50_000;

const invalid = (field: string, message: string) => new DomainError("invalid_input", `${field}: ${message}`, { field });

/** The limits stored for the characteristic, while they match its subgroup size. */
async function storedLimits(read: { readonly controlLimits: ControlLimitsReader }, characteristic: VariableCharacteristic): Promise<PairedLimits | null> {
  const stored = await read.controlLimits.findByCharacteristic(characteristic.id);
  return stored && stored.subgroupSize === characteristic.subgroupSize ? stored.limits : null;
}

/** The value a result gives, or the refusal naming the field. */
function verdictOf(characteristic: Characteristic, input: ResultInput): Pick<QualityResultRecord, "value" | "passed" | "defectCode"> {
  if (characteristic.kind === "variable") {
    if (typeof input.value !== "number" || !Number.isFinite(input.value)) throw invalid("value", `"${characteristic.name}" is measured in ${characteristic.unit}: a finite number is required, got ${JSON.stringify(input.value ?? null)}`);
    if (input.passed !== undefined) throw invalid("passed", `"${characteristic.name}" is a measured value, not a pass/fail check`);
    return { value: input.value, passed: !isSpecViolation(characteristic, input.value), defectCode: input.defectCode ?? null };
  }
  if (typeof input.passed !== "boolean") throw invalid("passed", `"${characteristic.name}" is a pass/fail check: true or false is required`);
  if (input.value !== undefined && input.value !== null) throw invalid("value", `"${characteristic.name}" is a pass/fail check and takes no value`);
  const defectCode = input.defectCode ?? null;
  if (!input.passed && defectCode === null) throw invalid("defectCode", `a failed check names one of ${characteristic.defectCodes.join(", ")}`);
  if (defectCode !== null && !characteristic.defectCodes.includes(defectCode)) throw invalid("defectCode", `"${defectCode}" is not a defect code of "${characteristic.name}" (${characteristic.defectCodes.join(", ")})`);
  return { value: null, passed: input.passed, defectCode };
}

/**
 * Inspection results from people, REST clients, OPC UA callers and gauges: each checked against its
 * plan, recorded with its audit entry, judged (specification, then the plan's SPC tests), and on a
 * failure or a signal: an event, an NCR if none is open for it, and per plan a Job Control Hold.
 */
export class QualityResultService {
  constructor(
    private readonly store: Store,
    private readonly jobs: JobOrderService,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
    private readonly log: Log,
    private readonly outbox: CallbackOutbox | null = null,
  ) {}

  async characteristic(characteristicId: string): Promise<{ plan: InspectionPlanRecord; characteristic: Characteristic }> {
    for (const plan of await this.store.read.inspectionPlans.findAll()) {
      const characteristic = plan.characteristics.find((c) => c.id === characteristicId);
      if (characteristic) return { plan, characteristic };
    }
    throw invalid("characteristicId", `no characteristic "${characteristicId}" in any inspection plan`);
  }

  async record(input: ResultInput, actor: Actor): Promise<RecordedResult> {
    const { plan, characteristic } = await this.characteristic(input.characteristicId);
    const verdict = verdictOf(characteristic, input);
    const recorded = await this.store.unitOfWork(async (repos) => {
      const job = await this.jobOf(repos, plan, input);
      const result: QualityResultRecord = {
        id: this.newId(),
        planId: plan.id,
        characteristicId: characteristic.id,
        equipmentId: input.equipmentId,
        jobOrderId: job?.id ?? null,
        lotId: input.lotId ?? null,
        carrierId: input.carrierId ?? null,
        ...verdict,
        recordedBy: actor.id,
        source: actor.door,
        recordedAt: input.recordedAt ?? this.clock.now(),
      };
      await repos.qualityResults.insert(result);
      await recordAudit(repos, { id: this.newId(), at: result.recordedAt, actor, action: "quality.result.record", targetType: "quality_result", targetId: result.id, after: result });
      const reasons = [...(result.passed ? [] : [this.failureReason(characteristic, result)]), ...(characteristic.kind === "variable" ? await this.spcReasons(repos, characteristic) : [])];
      if (reasons.length === 0) return { result, job, reasons, ncrId: null };
      const ncrId = await this.openNcrOnce(repos, plan, characteristic, result, job, reasons, actor, result.passed ? "spc" : "result");
      await this.tellErp(repos, plan, result, job, reasons, ncrId);
      return { result, job, reasons, ncrId };
    });
    const { result, job, reasons, ncrId } = recorded;
    const status = result.passed ? (reasons.length > 0 ? "signal" : "ok") : characteristic.kind === "variable" ? "out-of-spec" : "failed";
    this.bus.emit("quality.result", { characteristicId: characteristic.id, characteristicName: characteristic.name, workUnitId: result.equipmentId, value: result.value, passed: result.passed, status, at: result.recordedAt });
    if (reasons.length === 0) return { result, signal: null, ncrId };
    const heldJob = plan.holdJobOnSignal && job !== null && job.state === JobState.Running && (await this.hold(job, characteristic, reasons, actor));
    const signal: MesEvents["quality.signal"] = {
      characteristicId: characteristic.id,
      planId: plan.id,
      workUnitId: result.equipmentId,
      jobOrderId: result.jobOrderId,
      lotId: result.lotId,
      resultId: result.id,
      kind: result.passed ? "spc" : "failed-check",
      reasons,
      heldJob,
      at: result.recordedAt,
    };
    this.bus.emit("quality.signal", signal);
    return { result, signal, ncrId };
  }

  async results(filter: QualityResultFilter): Promise<QualityResultRecord[]> {
    return this.store.read.qualityResults.find(filter);
  }

  /**
   * The chart of a characteristic over its results (or the window asked for): against its stored
   * limits, or with `baselinePoints` (or without stored limits) limits from its first points.
   */
  async chart(characteristicId: string, window: { from?: Date; to?: Date }, baselinePoints?: number): Promise<{ characteristic: VariableCharacteristic; chart: SpcChart; results: QualityResultRecord[] }> {
    const { characteristic } = await this.characteristic(characteristicId);
    if (characteristic.kind !== "variable") throw invalid("characteristicId", `"${characteristic.name}" is a pass/fail check: it has no control chart`);
    const results = await this.store.read.qualityResults.find({ characteristicId, ...window, limit: MAX_CHART_VALUES });
    const values = results.map((r) => r.value!);
    const stored = baselinePoints === undefined ? await storedLimits(this.store.read, characteristic) : null;
    return { characteristic, chart: spcChart(values, characteristic.subgroupSize, characteristic, characteristic.rules, baselinePoints ?? DEFAULT_BASELINE_POINTS, stored), results };
  }

  /** The job order a result belongs to: the one named, or the one running on the work unit; it makes the plan's product at the plan's step. */
  private async jobOf(repos: Repositories, plan: InspectionPlanRecord, input: ResultInput): Promise<JobOrderRecord | null> {
    const units = await repos.products.findWorkUnits(plan.productId);
    if (!units.some((unit) => unit.equipmentId === input.equipmentId && unit.step === plan.step)) {
      throw invalid("equipmentId", `"${input.equipmentId}" does not make product "${plan.productId}" at step ${plan.step}: no inspection plan covers this result`);
    }
    const job = input.jobOrderId ? await repos.jobOrders.findById(input.jobOrderId) : ((await repos.jobOrders.findListed(input.equipmentId)).find((j) => j.state === JobState.Running) ?? null);
    if (input.jobOrderId && !job) throw invalid("jobOrderId", `no job order "${input.jobOrderId}"`);
    if (job && (job.equipmentId !== input.equipmentId || (job.productId !== null && job.productId !== plan.productId))) {
      throw invalid("jobOrderId", `job order "${job.id}" makes ${job.productId ?? "nothing"} on ${job.equipmentId}, not product "${plan.productId}" on "${input.equipmentId}": no inspection plan covers this result`);
    }
    return job;
  }

  private failureReason(characteristic: Characteristic, result: QualityResultRecord): string {
    if (characteristic.kind === "attribute") return `${characteristic.name}: failed check (${result.defectCode})`;
    return `${characteristic.name}: ${result.value} ${characteristic.unit} outside the specification ${characteristic.lsl ?? "-"} .. ${characteristic.usl ?? "-"}`;
  }

  /**
   * The tests the newest chart point completes, judged inside the unit of work so it sees the new
   * result: against the stored limits, or once the first points' baseline is complete.
   */
  private async spcReasons(repos: Repositories, characteristic: VariableCharacteristic): Promise<string[]> {
    const values = (await repos.qualityResults.find({ characteristicId: characteristic.id, limit: MAX_CHART_VALUES })).map((r) => r.value!);
    if (values.length % characteristic.subgroupSize !== 0) return [];
    const chart = spcChart(values, characteristic.subgroupSize, characteristic, [], DEFAULT_BASELINE_POINTS, await storedLimits(repos, characteristic));
    if (!chart.limits || (chart.limitsFrom === "baseline" && chart.baselinePoints < DEFAULT_BASELINE_POINTS)) return [];
    const latest = chart.points.length - 1;
    const location = signalsAtLatest(chart.points.map((p) => p.location), chart.limits.location, characteristic.rules).map((s) => `${characteristic.name}: Nelson test ${s.rule} (${s.name})`);
    const dispersion = characteristic.rules.includes(1) ? dispersionSignalAt(chart.kind === "xbar-r" ? "R" : "MR", chart.points.map((p) => p.dispersion), chart.limits.dispersion, latest) : null;
    const { lcl, ucl } = chart.limits.dispersion;
    return [...location, ...(dispersion ? [`${characteristic.name}: ${dispersion.name} (${dispersion.chart} ${+dispersion.value.toPrecision(6)}, limits ${+lcl.toPrecision(6)} .. ${+ucl.toPrecision(6)})`] : [])];
  }

  private async openNcrOnce(repos: Repositories, plan: InspectionPlanRecord, characteristic: Characteristic, result: QualityResultRecord, job: JobOrderRecord | null, reasons: string[], actor: Actor, source: NcrRecord["source"]): Promise<string | null> {
    const open = (await repos.ncrs.findAll("open")).find((n) => n.characteristicId === characteristic.id && n.jobOrderId === result.jobOrderId);
    if (open) return null;
    const ncr: NcrRecord = {
      id: this.newId(),
      source,
      description: reasons.join("; "),
      quantity: source === "result" ? 1 : 0,
      lotIds: await this.lotsInvolved(repos, result),
      equipmentId: result.equipmentId,
      jobOrderId: job?.id ?? null,
      productId: plan.productId,
      characteristicId: characteristic.id,
      resultId: result.id,
      openedBy: actor.id,
      openedAt: result.recordedAt,
      status: "open",
      disposition: null,
      dispositionBy: null,
      dispositionAt: null,
      correctiveAction: null,
    };
    await repos.ncrs.insert(ncr);
    await recordAudit(repos, { id: this.newId(), at: ncr.openedAt, actor, action: "quality.ncr.open", targetType: "nonconformance", targetId: ncr.id, after: ncr });
    return ncr.id;
  }

  /** The ERP of the job's work order hears of the signal in the result's transaction (the outbox sends it). */
  private async tellErp(repos: Repositories, plan: InspectionPlanRecord, result: QualityResultRecord, job: JobOrderRecord | null, reasons: string[], ncrId: string | null): Promise<void> {
    const workOrder = this.outbox && job?.workOrderId ? await repos.workOrders.findById(job.workOrderId) : null;
    if (!workOrder) return;
    const quality = { jobOrderId: job!.id, workUnitId: result.equipmentId, characteristicId: result.characteristicId, resultId: result.id, kind: result.passed ? "spc" : "failed-check", reasons, lotId: result.lotId, ncrId, holdsJob: plan.holdJobOnSignal && job!.state === JobState.Running } as const;
    await this.outbox!.enqueue(repos, workOrder, { event: "quality.signal", at: result.recordedAt.toISOString(), quality });
  }

  /** The lots a signal concerns: the one the result names and every lot the job order produced (the ones the quarantine holds). */
  private async lotsInvolved(repos: Repositories, result: QualityResultRecord): Promise<string[]> {
    const produced = result.jobOrderId ? (await repos.lots.findMany({ jobOrderId: result.jobOrderId }, { limit: 500, offset: 0 })).items.map((lot) => lot.id) : [];
    // As many as the report's lot list holds (1000 characters of JSON); a job order makes one output lot and its sublots.
    const lots: string[] = [];
    for (const lotId of new Set([...(result.lotId ? [result.lotId] : []), ...produced])) if (JSON.stringify([...lots, lotId]).length <= NCR_LOT_IDS_CHARS) lots.push(lotId);
    return lots;
  }

  /** Job Control Hold of the running job with the reason (OPC 10031-4 §6.2.5: held by a constraint), through the one job-order service. */
  private async hold(job: JobOrderRecord, characteristic: Characteristic, reasons: string[], actor: Actor): Promise<boolean> {
    try {
      await this.jobs.command(job.id, "Hold", actor, `Quality hold: ${reasons.join("; ")}`.slice(0, 500));
      return true;
    } catch (error) {
      // The job moved on meanwhile (ended, paused): the signal and its NCR stand, there is nothing to hold.
      this.log.warn(`quality: could not hold job order ${job.id} for ${characteristic.id}: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  }
}
