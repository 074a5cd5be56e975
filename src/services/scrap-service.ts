import type { OeeSettings } from "../domain/oee/oee-settings.js";
import { DomainError } from "../domain/domain-error.js";
import { pareto, reasonPaths, type ParetoBar } from "../domain/oee/reasons.js";
import type { Actor } from "./actor.js";
import type { Clock, IdGenerator } from "./clock.js";
import type { OeeService } from "./oee-service.js";
import type { ProductionRecord, ScrapClassificationRecord } from "./ports/production.js";
import type { Store } from "./ports/store.js";
import { recordAudit } from "./audit-trail.js";

export interface ScrapInput {
  readonly equipmentId: string;
  readonly quantity: number;
  readonly reasonCode: string;
  readonly at?: Date;
  readonly jobOrderId?: string | null;
  readonly comment?: string | null;
  /**
   * Parts scrapped that the PLC never counted (taken off by hand, found at inspection before the
   * counter): the entry counts them as scrap of the unit (a production record of its own) and
   * gives them the reason, both audited together. Without it, a classification only says why
   * parts the PLC already counted as scrap were scrapped.
   */
  readonly manual?: boolean;
}

export interface ScrapClassified extends ScrapClassificationRecord {
  readonly reason: string[];
  /** True when the entry also counted the parts as scrap (a manual scrap entry). */
  readonly manual: boolean;
  /** The stretch whose counted scrap the entry was checked against, and what is left unclassified in it now. */
  readonly window: { readonly label: string; readonly from: Date; readonly to: Date; readonly counted: number; readonly classified: number; readonly unclassified: number };
}

const UNCLASSIFIED = "unclassified";

/**
 * Scrap by reason: the PLC counts scrap, people say why. A classification assigns a reason to a
 * number of scrapped parts of a work unit; what was counted and not classified shows as
 * "unclassified". Nobody can give reasons to more parts than were counted as scrap and not yet
 * classified in the shift (or day) of the classification, so the Pareto adds up to the counted scrap;
 * scrap the PLC did not count is entered as such (`manual`), and then it counts.
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

  async classify(input: ScrapInput, actor: Actor): Promise<ScrapClassified> {
    const units = this.oee.workUnitsOf(input.equipmentId);
    if (units.length !== 1 || units[0] !== input.equipmentId) throw new DomainError("invalid_input", `equipmentId: "${input.equipmentId}" is not a work unit; scrap is classified where it was made`, { field: "equipmentId" });
    const reason = this.reasons.get(input.reasonCode);
    if (!reason) throw new DomainError("invalid_input", `reasonCode: no scrap reason "${input.reasonCode}" (config/oee.yaml scrapReasons)`, { field: "reasonCode" });
    const at = input.at ?? this.clock.now();
    const period = await this.oee.periodAround(input.equipmentId, at);
    const from = new Date(period.start);
    const to = new Date(period.end);
    return this.store.unitOfWork(async (repos) => {
      const job = input.jobOrderId ? await repos.jobOrders.findById(input.jobOrderId) : null;
      if (input.jobOrderId && !job) throw new DomainError("invalid_input", `jobOrderId: no job order "${input.jobOrderId}"`, { field: "jobOrderId" });
      const manual = input.manual === true;
      const record: ScrapClassificationRecord = {
        id: this.newId(),
        equipmentId: input.equipmentId,
        jobOrderId: input.jobOrderId ?? null,
        at,
        quantity: input.quantity,
        reasonCode: input.reasonCode,
        comment: input.comment ?? null,
      };
      // Read inside the unit of work: two people classifying at once cannot both take the last parts.
      const counted = (await repos.productionRecords.totals(input.equipmentId, from, to)).scrap + (manual ? input.quantity : 0);
      const classifiedBefore = (await repos.scrap.findByEquipment([input.equipmentId], from, to)).reduce((sum, r) => sum + r.quantity, 0);
      const unclassified = Math.max(0, counted - classifiedBefore);
      if (input.quantity > unclassified) {
        throw new DomainError(
          "conflict",
          `quantity: ${input.equipmentId} has ${unclassified} scrapped part(s) without a reason in ${period.label} (${counted} counted, ${classifiedBefore} classified); ` +
            "a classification gives reasons to counted scrap only. Scrap the PLC did not count is entered with manual: true",
          { field: "quantity", counted, classified: classifiedBefore, unclassified, from: from.toISOString(), to: to.toISOString() },
        );
      }
      let production: ProductionRecord | null = null;
      if (manual) {
        production = { id: this.newId(), equipmentId: input.equipmentId, jobOrderId: record.jobOrderId, productId: job?.productId ?? null, periodStart: at, periodEnd: at, good: 0, scrap: input.quantity, source: "manual" };
        await repos.productionRecords.insertMany([production]);
      }
      await repos.scrap.insert(record);
      await recordAudit(repos, {
        id: this.newId(),
        at: this.clock.now(),
        actor,
        action: manual ? "scrap.entered" : "scrap.classified",
        targetType: "scrap",
        targetId: record.id,
        after: manual ? { classification: record, production } : record,
      });
      const classified = classifiedBefore + input.quantity;
      return { ...record, reason, manual, window: { label: period.label, from, to, counted, classified, unclassified: counted - classified } };
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
