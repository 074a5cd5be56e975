import { EntitySchema } from "typeorm";
import { id, integer, text, timestamp } from "./columns.js";

export interface EquipmentRow {
  id: string;
  parentId: string | null;
  level: string;
  name: string;
  description: string | null;
  sortOrder: number;
  plcId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const EquipmentEntity = new EntitySchema<EquipmentRow>({
  name: "Equipment",
  tableName: "equipment",
  columns: {
    id: id(),
    parentId: { ...text(64, true), name: "parent_id" },
    level: text(16),
    name: text(128),
    description: { ...text(1000, true) },
    sortOrder: { ...integer(), name: "sort_order" },
    plcId: { ...text(64, true), name: "plc_id" },
    createdAt: { ...timestamp(), name: "created_at" },
    updatedAt: { ...timestamp(), name: "updated_at" },
  },
});

export interface PlcConnectionRow {
  id: string;
  name: string | null;
  endpointUrl: string;
  createdAt: Date;
  updatedAt: Date;
}

export const PlcConnectionEntity = new EntitySchema<PlcConnectionRow>({
  name: "PlcConnection",
  tableName: "plc_connection",
  columns: {
    id: id(),
    name: text(128, true),
    endpointUrl: { ...text(512), name: "endpoint_url" },
    createdAt: { ...timestamp(), name: "created_at" },
    updatedAt: { ...timestamp(), name: "updated_at" },
  },
});

export interface PlcSignalRow {
  equipmentId: string;
  signal: string;
  plcId: string;
  nodeId: string;
}

export const PlcSignalEntity = new EntitySchema<PlcSignalRow>({
  name: "PlcSignal",
  tableName: "plc_signal",
  columns: {
    equipmentId: { ...id(), name: "equipment_id" },
    signal: { ...id(), name: "signal" },
    plcId: { ...text(64), name: "plc_id" },
    nodeId: { ...text(512), name: "node_id" },
  },
});
