import { EntitySchema } from "typeorm";
import { id, integer, text, timestamp } from "./columns.js";

/** Quantities are doubles on both dialects; the domain rounds them to six decimals before they are stored. */
const quantity = (name: string) => ({ type: "double" as const, name });

export interface MaterialClassRow {
  id: string;
  name: string;
  description: string | null;
}

export const MaterialClassEntity = new EntitySchema<MaterialClassRow>({
  name: "MaterialClass",
  tableName: "material_class",
  columns: { id: id(), name: text(128), description: text(1000, true) },
});

export interface MaterialClassMemberRow {
  materialDefinitionId: string;
  classId: string;
}

/** A definition's class, kept beside material_definition so master data sync leaves it alone. */
export const MaterialClassMemberEntity = new EntitySchema<MaterialClassMemberRow>({
  name: "MaterialClassMember",
  tableName: "material_class_member",
  columns: { materialDefinitionId: { ...id(), name: "material_definition_id" }, classId: { ...text(64), name: "class_id" } },
});

export interface MaterialPropertyRow {
  materialDefinitionId: string;
  name: string;
  value: string;
  unit: string | null;
}

export const MaterialPropertyEntity = new EntitySchema<MaterialPropertyRow>({
  name: "MaterialProperty",
  tableName: "material_property",
  columns: { materialDefinitionId: { ...id(), name: "material_definition_id" }, name: id(128), value: text(255), unit: text(16, true) },
});

export interface MaterialLotRow {
  id: string;
  materialDefinitionId: string;
  parentLotId: string | null;
  quantity: number;
  unit: string;
  status: string;
  locationId: string | null;
  carrierId: string | null;
  jobOrderId: string | null;
  description: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const MaterialLotEntity = new EntitySchema<MaterialLotRow>({
  name: "MaterialLot",
  tableName: "material_lot",
  columns: {
    id: id(),
    materialDefinitionId: { ...text(64), name: "material_definition_id" },
    parentLotId: { ...text(64, true), name: "parent_lot_id" },
    quantity: quantity("quantity"),
    unit: text(16),
    status: text(16),
    locationId: { ...text(64, true), name: "location_id" },
    carrierId: { ...text(64, true), name: "carrier_id" },
    jobOrderId: { ...text(64, true), name: "job_order_id" },
    description: text(1000, true),
    createdAt: { ...timestamp(), name: "created_at" },
    updatedAt: { ...timestamp(), name: "updated_at" },
  },
});

export interface MaterialMovementRow {
  id: string;
  at: Date;
  kind: string;
  fromLotId: string | null;
  toLotId: string | null;
  materialDefinitionId: string;
  quantity: number;
  unit: string;
  fromLocationId: string | null;
  toLocationId: string | null;
  jobOrderId: string | null;
  workUnitId: string | null;
  carrierId: string | null;
  actor: string;
  door: string;
  problem: string | null;
  override: boolean;
  comment: string | null;
}

export const MaterialMovementEntity = new EntitySchema<MaterialMovementRow>({
  name: "MaterialMovement",
  tableName: "material_movement",
  columns: {
    id: id(36),
    at: timestamp(),
    kind: text(16),
    fromLotId: { ...text(64, true), name: "from_lot_id" },
    toLotId: { ...text(64, true), name: "to_lot_id" },
    materialDefinitionId: { ...text(64), name: "material_definition_id" },
    quantity: quantity("quantity"),
    unit: text(16),
    fromLocationId: { ...text(64, true), name: "from_location_id" },
    toLocationId: { ...text(64, true), name: "to_location_id" },
    jobOrderId: { ...text(64, true), name: "job_order_id" },
    workUnitId: { ...text(64, true), name: "work_unit_id" },
    carrierId: { ...text(64, true), name: "carrier_id" },
    actor: text(128),
    door: text(16),
    problem: text(32, true),
    override: { type: "boolean" },
    comment: text(1000, true),
  },
});

export interface StagingRow {
  workUnitId: string;
  materialDefinitionId: string;
  lotId: string;
  stagedAt: Date;
  stagedBy: string;
}

export const StagingEntity = new EntitySchema<StagingRow>({
  name: "MaterialStaging",
  tableName: "material_staging",
  columns: {
    workUnitId: { ...id(), name: "work_unit_id" },
    materialDefinitionId: { ...id(), name: "material_definition_id" },
    lotId: { ...text(64), name: "lot_id" },
    stagedAt: { ...timestamp(), name: "staged_at" },
    stagedBy: { ...text(128), name: "staged_by" },
  },
});

export interface BomLineRow {
  productId: string;
  step: number;
  materialDefinitionId: string;
  position: number;
  quantityPerGood: number;
  quantityPerScrap: number;
  unit: string;
  fromLocationId: string | null;
}

export const BomLineEntity = new EntitySchema<BomLineRow>({
  name: "BomLine",
  tableName: "bom_line",
  columns: {
    productId: { ...id(), name: "product_id" },
    step: { ...integer(), primary: true },
    materialDefinitionId: { ...id(), name: "material_definition_id" },
    position: integer(),
    quantityPerGood: quantity("quantity_per_good"),
    quantityPerScrap: quantity("quantity_per_scrap"),
    unit: text(16),
    fromLocationId: { ...text(64, true), name: "from_location_id" },
  },
});
