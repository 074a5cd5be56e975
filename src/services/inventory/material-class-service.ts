import { DomainError } from "../../domain/domain-error.js";
import { isKnownUnit } from "../../domain/inventory/units-of-measure.js";
import type { Actor } from "../actor.js";
import { recordAudit } from "../audit-trail.js";
import type { Clock, IdGenerator } from "../clock.js";
import type { MaterialClassRecord, MaterialPropertyRecord } from "../ports/inventory.js";
import type { Store } from "../ports/store.js";

/** A material class (ISA-95 Part 2 material class) with the definitions that belong to it. */
export interface MaterialClassView extends MaterialClassRecord {
  readonly materialDefinitionIds: string[];
}

/** What a material definition is beyond its name and unit: its class and its properties, each value with its unit of measure. */
export interface MaterialSpecification {
  readonly materialDefinitionId: string;
  readonly classId: string | null;
  readonly properties: Omit<MaterialPropertyRecord, "materialDefinitionId">[];
}

/**
 * Material classes and the class and properties of each material definition, master data the ERP
 * or an engineer keeps. A put replaces the whole thing; each change is audited with before and after.
 */
export class MaterialClassService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
  ) {}

  async classes(): Promise<MaterialClassView[]> {
    const [classes, members] = await Promise.all([this.store.read.materialClasses.findAll(), this.store.read.materialClasses.classOfDefinitions()]);
    return classes.map((found) => withMembers(found, members));
  }

  async class(id: string): Promise<MaterialClassView> {
    const found = await this.store.read.materialClasses.findById(id);
    if (!found) throw new DomainError("not_found", `no material class "${id}"`, { field: "id" });
    return withMembers(found, await this.store.read.materialClasses.classOfDefinitions());
  }

  async putClass(input: MaterialClassRecord, actor: Actor): Promise<{ materialClass: MaterialClassView; created: boolean }> {
    const created = await this.store.unitOfWork(async (repos) => {
      const before = await repos.materialClasses.findById(input.id);
      const after: MaterialClassRecord = { id: input.id, name: input.name, description: input.description ?? null };
      await repos.materialClasses.upsert(after);
      await recordAudit(repos, { id: this.newId(), at: this.clock.now(), actor, action: before ? "material_class.updated" : "material_class.created", targetType: "material_class", targetId: input.id, before, after });
      return !before;
    });
    return { materialClass: await this.class(input.id), created };
  }

  async specification(materialDefinitionId: string): Promise<MaterialSpecification> {
    if (!(await this.store.read.materials.findById(materialDefinitionId))) throw new DomainError("not_found", `no material "${materialDefinitionId}"`, { field: "id" });
    const [members, properties] = await Promise.all([this.store.read.materialClasses.classOfDefinitions(), this.store.read.materialClasses.findProperties(materialDefinitionId)]);
    return { materialDefinitionId, classId: members.get(materialDefinitionId) ?? null, properties: properties.map(({ name, value, unit }) => ({ name, value, unit })) };
  }

  /** Puts a definition into a class (or none) and replaces its properties; refused whole, naming the field, when any of it is wrong. */
  async putSpecification(input: MaterialSpecification, actor: Actor): Promise<MaterialSpecification> {
    const seen = new Set<string>();
    for (const [i, property] of input.properties.entries()) {
      if (seen.has(property.name)) throw new DomainError("invalid_input", `properties[${i}].name: "${property.name}" is given twice`, { field: `properties[${i}].name` });
      seen.add(property.name);
      if (property.unit !== null && !isKnownUnit(property.unit)) throw new DomainError("invalid_input", `properties[${i}].unit: unknown unit of measure "${property.unit}"`, { field: `properties[${i}].unit` });
    }
    await this.store.unitOfWork(async (repos) => {
      if (!(await repos.materials.findById(input.materialDefinitionId))) throw new DomainError("not_found", `no material "${input.materialDefinitionId}"`, { field: "id" });
      if (input.classId !== null && !(await repos.materialClasses.findById(input.classId))) throw new DomainError("invalid_input", `classId: no material class "${input.classId}"`, { field: "classId" });
      const before = { classId: (await repos.materialClasses.classOfDefinitions()).get(input.materialDefinitionId) ?? null, properties: await repos.materialClasses.findProperties(input.materialDefinitionId) };
      await repos.materialClasses.setClassOf(input.materialDefinitionId, input.classId);
      await repos.materialClasses.replaceProperties(input.materialDefinitionId, input.properties.map((property) => ({ ...property, materialDefinitionId: input.materialDefinitionId })));
      await recordAudit(repos, { id: this.newId(), at: this.clock.now(), actor, action: "material.specified", targetType: "material", targetId: input.materialDefinitionId, before, after: { classId: input.classId, properties: input.properties } });
    });
    return this.specification(input.materialDefinitionId);
  }
}

function withMembers(found: MaterialClassRecord, members: ReadonlyMap<string, string>): MaterialClassView {
  return { ...found, materialDefinitionIds: [...members].filter(([, classId]) => classId === found.id).map(([definitionId]) => definitionId).sort() };
}
