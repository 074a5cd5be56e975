import type { EquipmentNode } from "../../domain/equipment.js";

/** The engineering model as stored: equipment and the PLC bindings of its work units. */

export interface PlcConnectionRecord {
  readonly id: string;
  readonly name: string | null;
  readonly endpointUrl: string;
}

/** Which PLC node feeds which signal of a work unit (signal: its browse name, as the work unit's Signal has it). */
export interface PlcSignalRecord {
  readonly equipmentId: string;
  readonly signal: string;
  readonly plcId: string;
  readonly nodeId: string;
}

export interface EquipmentReader {
  findAll(): Promise<EquipmentNode[]>;
  findById(id: string): Promise<EquipmentNode | null>;
}

export interface EquipmentRepository extends EquipmentReader {
  /** Inserts or updates each node by id; returns the ids that were inserted and those whose fields changed. */
  upsertMany(nodes: readonly EquipmentNode[]): Promise<{ inserted: string[]; updated: string[] }>;
}

export interface PlcConnectionReader {
  findAll(): Promise<PlcConnectionRecord[]>;
  findSignals(equipmentId: string): Promise<PlcSignalRecord[]>;
}

export interface PlcConnectionRepository extends PlcConnectionReader {
  upsertMany(plcs: readonly PlcConnectionRecord[]): Promise<{ inserted: string[]; updated: string[] }>;
  /** Replaces the whole signal binding set of one work unit. */
  replaceSignals(equipmentId: string, signals: readonly PlcSignalRecord[]): Promise<void>;
}
