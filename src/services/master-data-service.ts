import { DomainError } from "../domain/domain-error.js";
import type { JobOrderParameter } from "../domain/job-order.js";
import type { Actor } from "./actor.js";
import type { Clock, IdGenerator } from "./clock.js";
import type { MaterialDefinitionRecord, ProductDefinitionRecord, ProductWorkUnitRecord } from "./ports/definitions.js";
import type { Store } from "./ports/store.js";
import { recordAudit } from "./audit-trail.js";

export interface ProductInput {
  readonly id: string;
  readonly name: string;
  readonly description?: string | null;
  readonly materialDefinitionId?: string | null;
  readonly parameters?: readonly JobOrderParameter[];
  readonly workUnits?: readonly { equipmentId: string; idealCycleTimeS: number; step?: number }[];
}

export interface ProductView extends ProductDefinitionRecord {
  readonly workUnits: readonly { equipmentId: string; idealCycleTimeS: number; step: number }[];
}

/**
 * Master data the ERP owns: materials and products, with each product's PLC parameters and the
 * work units that can make it at their ideal cycle time (ISO 22400's planned runtime per item).
 * A put replaces the whole definition; each change is audited with before and after.
 */
export class MasterDataService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
  ) {}

  async materials(): Promise<MaterialDefinitionRecord[]> {
    return this.store.read.materials.findAll();
  }

  async material(id: string): Promise<MaterialDefinitionRecord> {
    const found = await this.store.read.materials.findById(id);
    if (!found) throw new DomainError("not_found", `no material "${id}"`, { id });
    return found;
  }

  async putMaterial(input: MaterialDefinitionRecord, actor: Actor): Promise<{ material: MaterialDefinitionRecord; created: boolean }> {
    return this.store.unitOfWork(async (repos) => {
      const before = await repos.materials.findById(input.id);
      const material: MaterialDefinitionRecord = { id: input.id, name: input.name, description: input.description ?? null, unit: input.unit };
      if (before && sameJson(before, material)) return { material, created: false };
      await repos.materials.upsert(material);
      await recordAudit(repos, { id: this.newId(), at: this.clock.now(), actor, action: before ? "material.updated" : "material.created", targetType: "material", targetId: material.id, before, after: material });
      return { material, created: !before };
    });
  }

  async products(): Promise<ProductView[]> {
    const [products, workUnits] = await Promise.all([this.store.read.products.findAll(), this.store.read.products.findAllWorkUnits()]);
    return products.map((product) => view(product, workUnits.filter((unit) => unit.productId === product.id)));
  }

  async product(id: string): Promise<ProductView> {
    const found = await this.store.read.products.findById(id);
    if (!found) throw new DomainError("not_found", `no product "${id}"`, { id });
    return view(found, await this.store.read.products.findWorkUnits(id));
  }

  async putProduct(input: ProductInput, actor: Actor): Promise<{ product: ProductView; created: boolean }> {
    return this.store.unitOfWork(async (repos) => {
      if (input.materialDefinitionId && !(await repos.materials.findById(input.materialDefinitionId))) {
        throw new DomainError("invalid_input", `materialDefinitionId: no material "${input.materialDefinitionId}"`, { field: "materialDefinitionId" });
      }
      const workUnits = input.workUnits ?? [];
      for (const [i, unit] of workUnits.entries()) {
        const equipment = await repos.equipment.findById(unit.equipmentId);
        if (!equipment || equipment.level !== "WorkUnit") {
          throw new DomainError("invalid_input", `workUnits[${i}].equipmentId: ${equipment ? `"${unit.equipmentId}" is a ${equipment.level}, not a WorkUnit` : `no equipment "${unit.equipmentId}"`}`, { field: `workUnits[${i}].equipmentId` });
        }
        if (workUnits.findIndex((other) => other.equipmentId === unit.equipmentId) !== i) {
          throw new DomainError("invalid_input", `workUnits[${i}].equipmentId: "${unit.equipmentId}" is given twice`, { field: `workUnits[${i}].equipmentId` });
        }
      }
      const beforeRecord = await repos.products.findById(input.id);
      const before = beforeRecord && view(beforeRecord, await repos.products.findWorkUnits(input.id));
      const product: ProductDefinitionRecord = {
        id: input.id,
        name: input.name,
        description: input.description ?? null,
        materialDefinitionId: input.materialDefinitionId ?? null,
        parameters: input.parameters ?? [],
      };
      const units: ProductWorkUnitRecord[] = workUnits.map((unit) => ({ productId: input.id, equipmentId: unit.equipmentId, step: unit.step ?? 1, idealCycleTimeS: unit.idealCycleTimeS }));
      const after = view(product, units);
      if (before && sameJson(before, after)) return { product: after, created: false };
      await repos.products.upsert(product);
      await repos.products.replaceWorkUnits(input.id, units);
      await recordAudit(repos, { id: this.newId(), at: this.clock.now(), actor, action: before ? "product.updated" : "product.created", targetType: "product", targetId: product.id, before, after });
      return { product: after, created: !before };
    });
  }
}

function view(product: ProductDefinitionRecord, units: readonly ProductWorkUnitRecord[]): ProductView {
  return { ...product, workUnits: units.map(({ equipmentId, idealCycleTimeS, step }) => ({ equipmentId, idealCycleTimeS, step })) };
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
