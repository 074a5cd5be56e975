import { EntitySchema } from "typeorm";
import { id, integer, text } from "./columns.js";

export interface MaterialDefinitionRow {
  id: string;
  name: string;
  description: string | null;
  unit: string;
}

export const MaterialDefinitionEntity = new EntitySchema<MaterialDefinitionRow>({
  name: "MaterialDefinition",
  tableName: "material_definition",
  columns: { id: id(), name: text(128), description: text(1000, true), unit: text(16) },
});

export interface ProductDefinitionRow {
  id: string;
  name: string;
  description: string | null;
  materialDefinitionId: string | null;
  parameters: string | null;
}

export const ProductDefinitionEntity = new EntitySchema<ProductDefinitionRow>({
  name: "ProductDefinition",
  tableName: "product_definition",
  columns: {
    id: id(),
    name: text(128),
    description: text(1000, true),
    materialDefinitionId: { ...text(64, true), name: "material_definition_id" },
    parameters: { type: "text", nullable: true },
  },
});

export interface ProductWorkUnitRow {
  productId: string;
  equipmentId: string;
  position: number;
  step: number;
  idealCycleTimeS: number;
}

export const ProductWorkUnitEntity = new EntitySchema<ProductWorkUnitRow>({
  name: "ProductWorkUnit",
  tableName: "product_work_unit",
  columns: {
    productId: { ...id(), name: "product_id" },
    equipmentId: { ...id(), name: "equipment_id" },
    position: integer(),
    step: integer(),
    idealCycleTimeS: { type: "double", name: "ideal_cycle_time_s" },
  },
});
