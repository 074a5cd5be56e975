import { DomainError } from "../../domain/domain-error.js";
import type { Actor } from "../actor.js";
import { recordAudit } from "../audit-trail.js";
import type { Clock, IdGenerator } from "../clock.js";
import type { Disposition, NcrRecord, NcrStatus } from "../ports/quality.js";
import type { Store } from "../ports/store.js";

export interface NcrInput {
  readonly description: string;
  readonly quantity: number;
  readonly lotIds?: readonly string[];
  readonly equipmentId?: string | null;
  readonly jobOrderId?: string | null;
  readonly productId?: string | null;
  /** Opened from a failed or suspicious result: what it was measured on comes from the result. */
  readonly resultId?: string | null;
}

export interface CorrectiveActionInput {
  readonly description: string;
  readonly owner: string;
  readonly dueAt: Date;
}

const invalid = (field: string, message: string) => new DomainError("invalid_input", `${field}: ${message}`, { field });

/**
 * Nonconformance reports: what is wrong, how many, which lots; the disposition a quality engineer
 * decides (use as is, rework, scrap, return to supplier); and a corrective action until verified.
 * ISA-95 Part 3 §7 (quality operations: disposition of nonconforming material).
 */
export class NcrService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
  ) {}

  async list(status?: NcrStatus): Promise<NcrRecord[]> {
    return this.store.read.ncrs.findAll(status);
  }

  async get(id: string): Promise<NcrRecord> {
    const ncr = await this.store.read.ncrs.findById(id);
    if (!ncr) throw new DomainError("not_found", `no nonconformance report "${id}"`, { id });
    return ncr;
  }

  async open(input: NcrInput, actor: Actor): Promise<NcrRecord> {
    return this.store.unitOfWork(async (repos) => {
      const result = input.resultId ? await repos.qualityResults.findById(input.resultId) : null;
      if (input.resultId && !result) throw invalid("resultId", `no quality result "${input.resultId}"`);
      const plan = result ? await repos.inspectionPlans.findById(result.planId) : null;
      if (input.jobOrderId && !(await repos.jobOrders.findById(input.jobOrderId))) throw invalid("jobOrderId", `no job order "${input.jobOrderId}"`);
      if (input.productId && !(await repos.products.findById(input.productId))) throw invalid("productId", `no product "${input.productId}"`);
      const lots = [...(input.lotIds ?? []), ...(result?.lotId && !(input.lotIds ?? []).includes(result.lotId) ? [result.lotId] : [])];
      const ncr: NcrRecord = {
        id: this.newId(),
        source: result ? "result" : "manual",
        description: input.description,
        quantity: input.quantity,
        lotIds: lots,
        equipmentId: input.equipmentId ?? result?.equipmentId ?? null,
        jobOrderId: input.jobOrderId ?? result?.jobOrderId ?? null,
        productId: input.productId ?? plan?.productId ?? null,
        characteristicId: result?.characteristicId ?? null,
        resultId: result?.id ?? null,
        openedBy: actor.id,
        openedAt: this.clock.now(),
        status: "open",
        disposition: null,
        dispositionBy: null,
        dispositionAt: null,
        correctiveAction: null,
      };
      await repos.ncrs.insert(ncr);
      await recordAudit(repos, { id: this.newId(), at: ncr.openedAt, actor, action: "quality.ncr.open", targetType: "nonconformance", targetId: ncr.id, after: ncr });
      return ncr;
    });
  }

  /** Decides what happens to the nonconforming parts; `quantity` corrects how many there turned out to be. */
  async disposition(id: string, disposition: Disposition, actor: Actor, quantity?: number): Promise<NcrRecord> {
    return this.change(id, actor, "quality.ncr.disposition", (ncr, at) => {
      if (ncr.status === "closed") throw new DomainError("conflict", `nonconformance report "${id}" is closed`, { id });
      return { ...ncr, status: "dispositioned", disposition, dispositionBy: actor.id, dispositionAt: at, quantity: quantity ?? ncr.quantity };
    });
  }

  async setCorrectiveAction(id: string, action: CorrectiveActionInput, actor: Actor): Promise<NcrRecord> {
    return this.change(id, actor, "quality.ncr.corrective_action", (ncr) => {
      if (ncr.status === "closed") throw new DomainError("conflict", `nonconformance report "${id}" is closed`, { id });
      return { ...ncr, correctiveAction: { ...action, verifiedBy: null, verifiedAt: null } };
    });
  }

  /** The corrective action worked: the report closes, once its parts are dispositioned. */
  async verify(id: string, actor: Actor): Promise<NcrRecord> {
    return this.change(id, actor, "quality.ncr.verify", (ncr, at) => {
      if (!ncr.correctiveAction) throw new DomainError("conflict", `nonconformance report "${id}" has no corrective action to verify`, { id });
      if (!ncr.disposition) throw new DomainError("conflict", `nonconformance report "${id}" has no disposition yet`, { id });
      return { ...ncr, status: "closed", correctiveAction: { ...ncr.correctiveAction, verifiedBy: actor.id, verifiedAt: at } };
    });
  }

  private async change(id: string, actor: Actor, action: string, apply: (ncr: NcrRecord, at: Date) => NcrRecord): Promise<NcrRecord> {
    return this.store.unitOfWork(async (repos) => {
      const before = await repos.ncrs.findById(id);
      if (!before) throw new DomainError("not_found", `no nonconformance report "${id}"`, { id });
      const at = this.clock.now();
      const after = apply(before, at);
      await repos.ncrs.update(after);
      await recordAudit(repos, { id: this.newId(), at, actor, action, targetType: "nonconformance", targetId: id, before, after });
      return after;
    });
  }
}
