import type { OeeSettings } from "../domain/oee/oee-settings.js";
import { DomainError } from "../domain/domain-error.js";
import { pareto, reasonPaths, type ParetoBar } from "../domain/oee/reasons.js";
import type { Actor } from "./actor.js";
import type { Clock, IdGenerator } from "./clock.js";
import type { OeeService } from "./oee-service.js";
import type { ScrapClassificationRecord } from "./ports/production.js";
import type { Store } from "./ports/store.js";
import { recordAudit } from "./audit-trail.js";

export interface ScrapInput {
  readonly equipmentId: string;
  readonly quantity: number;
  readonly reasonCode: string;
  readonly at?: Date;
  readonly jobOrderId?: string | null;
  readonly comment?: string | null;
}

const UNCLASSIFIED = "unclassified";

/**
 * Scrap by reason: the PLC counts scrap, people say why. A classification assigns a reason to a
 * number of scrapped parts of a work unit; what was counted and not classified shows as
 * "unclassified", so the Pareto always adds up to the counted scrap (or more, if more was classified).
 */
export class ScrapService {
  private readonly reasons: Map<string, string[]>;

  constructor(
    private readonly store: Store,
    private readonly oee: OeeService,
    config: OeeSettings,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
  ) {
    this.reasons = reasonPaths(config.scrapReasons);
  }

  async classify(input: ScrapInput, actor: Actor): Promise<ScrapClassificationRecord & { reason: string[] }> {
    const units = this.oee.workUnitsOf(input.equipmentId);
    if (units.length !== 1 || units[0] !== input.equipmentId) throw new DomainError("invalid_input", `equipmentId: "${input.equipmentId}" is not a work unit; scrap is classified where it was made`, { field: "equipmentId" });
    const reason = this.reasons.get(input.reasonCode);
    if (!reason) throw new DomainError("invalid_input", `reasonCode: no scrap reason "${input.reasonCode}" (config/oee.yaml scrapReasons)`, { field: "reasonCode" });
    return this.store.unitOfWork(async (repos) => {
      if (input.jobOrderId && !(await repos.jobOrders.findById(input.jobOrderId))) throw new DomainError("invalid_input", `jobOrderId: no job order "${input.jobOrderId}"`, { field: "jobOrderId" });
      const record: ScrapClassificationRecord = {
        id: this.newId(),
        equipmentId: input.equipmentId,
        jobOrderId: input.jobOrderId ?? null,
        at: input.at ?? this.clock.now(),
        quantity: input.quantity,
        reasonCode: input.reasonCode,
        comment: input.comment ?? null,
      };
      await repos.scrap.insert(record);
      await recordAudit(repos, { id: this.newId(), at: this.clock.now(), actor, action: "scrap.classified", targetType: "scrap", targetId: record.id, after: record });
      return { ...record, reason };
    });
  }

  async list(equipmentId: string, from: Date, to: Date): Promise<(ScrapClassificationRecord & { reason: string[] | null })[]> {
    const records = await this.store.read.scrap.findByEquipment(this.oee.workUnitsOf(equipmentId), from, to);
    return records.map((record) => ({ ...record, reason: this.reasons.get(record.reasonCode) ?? null }));
  }

  /** Scrap parts by reason, biggest first, with the counted but unclassified ones as their own bar. */
  async pareto(equipmentId: string, from: Date, to: Date): Promise<{ counted: number; classified: number; bars: (ParetoBar & { reason: string[] | null })[] }> {
    const units = this.oee.workUnitsOf(equipmentId);
    const classified = await this.store.read.scrap.findByEquipment(units, from, to);
    let counted = 0;
    for (const unit of units) counted += (await this.store.read.productionRecords.totals(unit, from, to)).scrap;
    const classifiedTotal = classified.reduce((sum, record) => sum + record.quantity, 0);
    const entries = classified.map((record) => ({ key: record.reasonCode, value: record.quantity }));
    if (counted > classifiedTotal) entries.push({ key: UNCLASSIFIED, value: counted - classifiedTotal });
    return { counted, classified: classifiedTotal, bars: pareto(entries).map((bar) => ({ ...bar, reason: this.reasons.get(bar.key) ?? null })) };
  }
}
