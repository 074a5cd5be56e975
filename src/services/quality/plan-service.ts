import { DomainError } from "../../domain/domain-error.js";
import type { Characteristic, InspectionFrequency, RecordedBy } from "../../domain/quality/inspection-plan.js";
import { MAX_SUBGROUP_SIZE } from "../../domain/quality/spc-constants.js";
import type { Actor } from "../actor.js";
import { recordAudit } from "../audit-trail.js";
import type { Clock, IdGenerator } from "../clock.js";
import type { EventBus } from "../event-bus.js";
import type { InspectionPlanRecord } from "../ports/quality.js";
import type { Store } from "../ports/store.js";

export interface InspectionPlanInput {
  readonly id: string;
  readonly name: string;
  readonly productId: string;
  readonly step: number;
  readonly frequency: InspectionFrequency;
  readonly sampleSize: number;
  readonly recordedBy: RecordedBy;
  readonly signalId?: string | null;
  readonly holdJobOnSignal: boolean;
  readonly characteristics: readonly Characteristic[];
}

const invalid = (field: string, message: string) => new DomainError("invalid_input", `${field}: ${message}`, { field });

/** Checks what a schema cannot: limits in order, subgroups the constants cover, ids unique across plans. */
function checkCharacteristics(characteristics: readonly Characteristic[]): void {
  const ids = new Set<string>();
  characteristics.forEach((c, i) => {
    const field = `characteristics[${i}]`;
    if (ids.has(c.id)) throw invalid(`${field}.id`, `"${c.id}" appears twice in the plan`);
    ids.add(c.id);
    if (c.kind !== "variable") return;
    if (c.lsl === null && c.usl === null) throw invalid(`${field}.lsl`, "a variable characteristic needs a lower or an upper specification limit");
    if (c.lsl !== null && c.usl !== null && c.lsl >= c.usl) throw invalid(`${field}.usl`, `must be above the lower limit ${c.lsl}`);
    if ((c.lsl !== null && c.nominal < c.lsl) || (c.usl !== null && c.nominal > c.usl)) throw invalid(`${field}.nominal`, "must lie within the specification limits");
    if (c.subgroupSize < 1 || c.subgroupSize > MAX_SUBGROUP_SIZE) throw invalid(`${field}.subgroupSize`, `must be 1 (individuals) to ${MAX_SUBGROUP_SIZE}`);
  });
}

/** Inspection plans (ISA-95 Part 3 §7: quality test specifications), kept by quality engineers. */
export class InspectionPlanService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
    private readonly bus: EventBus | null = null,
  ) {}

  /** Every characteristic a plan checks at each work unit of its step: what a station's HMI shows before the first result. */
  async planned(): Promise<{ workUnitId: string; characteristicId: string; name: string }[]> {
    const planned: { workUnitId: string; characteristicId: string; name: string }[] = [];
    for (const plan of await this.store.read.inspectionPlans.findAll()) {
      const units = (await this.store.read.products.findWorkUnits(plan.productId)).filter((unit) => unit.step === plan.step);
      for (const unit of units) for (const c of plan.characteristics) planned.push({ workUnitId: unit.equipmentId, characteristicId: c.id, name: c.name });
    }
    return planned;
  }

  async list(productId?: string): Promise<InspectionPlanRecord[]> {
    return productId ? this.store.read.inspectionPlans.findByProduct(productId) : this.store.read.inspectionPlans.findAll();
  }

  async get(id: string): Promise<InspectionPlanRecord> {
    const plan = await this.store.read.inspectionPlans.findById(id);
    if (!plan) throw new DomainError("not_found", `no inspection plan "${id}"`, { id });
    return plan;
  }

  /** Creates or replaces a plan; its characteristics' ids stay unique across every plan. */
  async save(input: InspectionPlanInput, actor: Actor): Promise<{ plan: InspectionPlanRecord; created: boolean }> {
    checkCharacteristics(input.characteristics);
    if (input.recordedBy === "automatic" && !input.signalId) throw invalid("signalId", "an automatic plan names the PLC signal its gauge writes to");
    const saved = await this.store.unitOfWork(async (repos) => {
      const product = await repos.products.findById(input.productId);
      if (!product) throw invalid("productId", `no product "${input.productId}"`);
      const steps = new Set((await repos.products.findWorkUnits(input.productId)).map((unit) => unit.step));
      if (!steps.has(input.step)) throw invalid("step", `product "${input.productId}" has no routing step ${input.step}`);
      const others = (await repos.inspectionPlans.findAll()).filter((plan) => plan.id !== input.id);
      input.characteristics.forEach((c, i) => {
        const owner = others.find((plan) => plan.characteristics.some((other) => other.id === c.id));
        if (owner) throw new DomainError("conflict", `characteristics[${i}].id: "${c.id}" belongs to plan "${owner.id}"`, { field: `characteristics[${i}].id` });
      });
      const before = await repos.inspectionPlans.findById(input.id);
      const plan: InspectionPlanRecord = { ...input, signalId: input.signalId ?? null, updatedAt: this.clock.now() };
      await repos.inspectionPlans.save(plan);
      await recordAudit(repos, { id: this.newId(), at: plan.updatedAt, actor, action: before ? "quality.plan.update" : "quality.plan.create", targetType: "inspection_plan", targetId: plan.id, before, after: plan });
      return { plan, created: before === null };
    });
    this.bus?.emit("quality.plan", { planId: input.id, removed: false });
    return saved;
  }

  async remove(id: string, actor: Actor): Promise<void> {
    await this.store.unitOfWork(async (repos) => {
      const before = await repos.inspectionPlans.findById(id);
      if (!before) throw new DomainError("not_found", `no inspection plan "${id}"`, { id });
      await repos.inspectionPlans.delete(id);
      await recordAudit(repos, { id: this.newId(), at: this.clock.now(), actor, action: "quality.plan.delete", targetType: "inspection_plan", targetId: id, before });
    });
    this.bus?.emit("quality.plan", { planId: id, removed: true });
  }
}
