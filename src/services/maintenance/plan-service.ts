import { DomainError } from "../../domain/domain-error.js";
import { intervalProblem, type PlanKind } from "../../domain/maintenance/plan-due.js";
import type { Actor } from "../actor.js";
import { recordAudit } from "../audit-trail.js";
import type { Clock, IdGenerator } from "../clock.js";
import type { MaintenancePlanRecord } from "../ports/maintenance.js";
import type { Store } from "../ports/store.js";

export interface MaintenancePlanInput {
  readonly workUnitId: string;
  readonly title: string;
  readonly description?: string;
  readonly kind: PlanKind;
  readonly every: number;
  readonly dueSoon?: number | null;
  readonly durationMinutes: number;
  /** When it was last done; default now (a new plan starts counting from today). */
  readonly lastDoneAt?: Date;
  readonly active?: boolean;
}

/** Preventive maintenance plans per work unit, kept by maintenance (each change audited). */
export class MaintenancePlanService {
  private readonly listeners = new Set<(plan: MaintenancePlanRecord) => void>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
  ) {}

  /** Hears of every saved plan after its commit (the due tracker judges it again). */
  onSaved(listener: (plan: MaintenancePlanRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  list(workUnitId?: string): Promise<MaintenancePlanRecord[]> {
    return this.store.read.maintenancePlans.findAll(workUnitId);
  }

  async get(id: string): Promise<MaintenancePlanRecord> {
    const plan = await this.store.read.maintenancePlans.findById(id);
    if (!plan) throw new DomainError("not_found", `no maintenance plan "${id}"`, { id });
    return plan;
  }

  /** Creates (create: true refuses an existing id with 409) or replaces a plan. */
  async save(id: string, input: MaintenancePlanInput, actor: Actor, mode: "create" | "replace"): Promise<{ plan: MaintenancePlanRecord; created: boolean }> {
    const problem = intervalProblem(input);
    if (problem) throw new DomainError("invalid_input", `${problem.field}: ${problem.message}`, { field: problem.field });
    const saved = await this.store.unitOfWork(async (repos) => {
      const unit = await repos.equipment.findById(input.workUnitId);
      if (!unit || unit.level !== "WorkUnit") throw new DomainError("invalid_input", `workUnitId: no work unit "${input.workUnitId}"`, { field: "workUnitId" });
      const before = await repos.maintenancePlans.findById(id);
      if (before && mode === "create") throw new DomainError("conflict", `id: maintenance plan "${id}" exists; PUT it to change it`, { field: "id" });
      if (!before && mode === "replace") throw new DomainError("not_found", `no maintenance plan "${id}"`, { id });
      const now = this.clock.now();
      const plan: MaintenancePlanRecord = {
        id,
        workUnitId: input.workUnitId,
        title: input.title,
        description: input.description ?? "",
        kind: input.kind,
        every: input.every,
        dueSoon: input.dueSoon ?? null,
        durationMinutes: input.durationMinutes,
        lastDoneAt: input.lastDoneAt ?? before?.lastDoneAt ?? now,
        active: input.active ?? true,
        updatedAt: now,
      };
      await repos.maintenancePlans.save(plan);
      await recordAudit(repos, { id: this.newId(), at: now, actor, action: before ? "maintenance.plan.update" : "maintenance.plan.create", targetType: "maintenance_plan", targetId: id, before, after: plan });
      return { plan, created: before === null };
    });
    this.listeners.forEach((listener) => listener(saved.plan));
    return saved;
  }
}
