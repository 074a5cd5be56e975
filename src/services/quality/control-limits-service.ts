import { DomainError } from "../../domain/domain-error.js";
import type { VariableCharacteristic } from "../../domain/quality/inspection-plan.js";
import { baselineLimits, chartPoints } from "../../domain/quality/spc-chart.js";
import type { Actor } from "../actor.js";
import { recordAudit } from "../audit-trail.js";
import type { Clock, IdGenerator } from "../clock.js";
import type { ControlLimitsBaseline, ControlLimitsRecord, QualityResultRecord } from "../ports/quality.js";
import type { Store } from "../ports/store.js";
import { MAX_CHART_VALUES, type QualityResultService } from "./result-service.js";

const invalid = (field: string, message: string) => new DomainError("invalid_input", `${field}: ${message}`, { field });

/**
 * Phase I of SPC (ISO 7870-2:2013 §7, ASTM E2587-16 §7): a quality engineer picks a baseline of
 * results the process was stable in; the limits computed from it are kept for the characteristic
 * and every new result is judged against them (phase II) until they are recomputed or removed.
 */
export class ControlLimitsService {
  constructor(
    private readonly store: Store,
    private readonly results: QualityResultService,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
  ) {}

  async get(characteristicId: string): Promise<ControlLimitsRecord> {
    await this.variable(characteristicId);
    const limits = await this.store.read.controlLimits.findByCharacteristic(characteristicId);
    if (!limits) throw new DomainError("not_found", `characteristic "${characteristicId}" has no stored control limits: its chart takes them from its first points`, { id: characteristicId });
    return limits;
  }

  /** Computes the limits from the baseline's results and stores them, audited with the ones they replace. */
  async set(characteristicId: string, baseline: ControlLimitsBaseline, actor: Actor): Promise<ControlLimitsRecord> {
    const characteristic = await this.variable(characteristicId);
    const values = (await this.baselineResults(characteristic, baseline)).map((r) => r.value!);
    const points = chartPoints(values, characteristic.subgroupSize);
    if (points.length < 2) throw invalid("baseline", `${values.length} results make ${points.length} chart points of "${characteristic.name}" (subgroups of ${characteristic.subgroupSize}): limits need at least 2`);
    const record: ControlLimitsRecord = {
      characteristicId,
      subgroupSize: characteristic.subgroupSize,
      baseline,
      points: points.length,
      limits: baselineLimits(points, values, characteristic.subgroupSize, points.length),
      computedBy: actor.id,
      computedAt: this.clock.now(),
    };
    return this.store.unitOfWork(async (repos) => {
      const before = await repos.controlLimits.findByCharacteristic(characteristicId);
      await repos.controlLimits.save(record);
      await recordAudit(repos, { id: this.newId(), at: record.computedAt, actor, action: "quality.control_limits.set", targetType: "quality_characteristic", targetId: characteristicId, before, after: record });
      return record;
    });
  }

  /** The stored baseline again: after results in it were corrected, or the plan's subgroup size changed. */
  async recompute(characteristicId: string, actor: Actor): Promise<ControlLimitsRecord> {
    return this.set(characteristicId, (await this.get(characteristicId)).baseline, actor);
  }

  /** Back to limits from the chart's first points. */
  async remove(characteristicId: string, actor: Actor): Promise<void> {
    const before = await this.get(characteristicId);
    await this.store.unitOfWork(async (repos) => {
      await repos.controlLimits.delete(characteristicId);
      await recordAudit(repos, { id: this.newId(), at: this.clock.now(), actor, action: "quality.control_limits.delete", targetType: "quality_characteristic", targetId: characteristicId, before });
    });
  }

  private async variable(characteristicId: string): Promise<VariableCharacteristic> {
    const { characteristic } = await this.results.characteristic(characteristicId);
    if (characteristic.kind !== "variable") throw invalid("characteristicId", `"${characteristic.name}" is a pass/fail check: it has no control limits`);
    return characteristic;
  }

  private async baselineResults(characteristic: VariableCharacteristic, baseline: ControlLimitsBaseline): Promise<QualityResultRecord[]> {
    if (baseline.kind === "dates") {
      if (baseline.from >= baseline.to) throw invalid("baseline.to", "must be after baseline.from");
      return this.store.read.qualityResults.find({ characteristicId: characteristic.id, from: baseline.from, to: baseline.to, limit: MAX_CHART_VALUES });
    }
    const all = await this.store.read.qualityResults.find({ characteristicId: characteristic.id, limit: MAX_CHART_VALUES });
    const index = (field: "fromResultId" | "toResultId") => {
      const at = all.findIndex((r) => r.id === baseline[field]);
      if (at < 0) throw invalid(`baseline.${field}`, `no result "${baseline[field]}" of "${characteristic.name}"`);
      return at;
    };
    const from = index("fromResultId");
    const to = index("toResultId");
    if (to < from) throw invalid("baseline.toResultId", "is recorded before baseline.fromResultId");
    return all.slice(from, to + 1);
  }
}
