import { flattenPlant } from "../domain/equipment.js";
import { workUnitsOf, type Plant } from "../domain/plant/plant.js";
import type { Clock, IdGenerator } from "./clock.js";
import type { PlcSignalRecord } from "./ports/plant.js";
import type { Repositories, Store } from "./ports/store.js";
import { CONFIG_ACTOR } from "./actor.js";
import { recordAudit } from "./audit-trail.js";

export interface PlantSyncResult {
  readonly inserted: string[];
  readonly updated: string[];
}

/**
 * Upserts the engineering model from config/ (equipment, PLC connections, signal bindings) in
 * one transaction, with an audit entry for every piece that was added or changed. The YAML is
 * the source of truth; equipment missing from it is kept, since records still point at it.
 */
export async function syncPlant(store: Store, plant: Plant, clock: Clock, newId: IdGenerator): Promise<PlantSyncResult> {
  const nodes = flattenPlant(plant.enterprise);
  return store.unitOfWork(async (repos) => {
    const before = new Map((await repos.equipment.findAll()).map((node) => [node.id, node]));
    const equipment = await repos.equipment.upsertMany(nodes);
    const plcsBefore = new Map((await repos.plcConnections.findAll()).map((plc) => [plc.id, plc]));
    const plcRecords = plant.plcs.map((plc) => ({ id: plc.id, name: plc.name ?? null, endpointUrl: plc.endpointUrl }));
    const plcs = await repos.plcConnections.upsertMany(plcRecords);

    const at = clock.now();
    const audit = (targetType: string, targetId: string, action: string, beforeValue: unknown, afterValue: unknown) =>
      recordAudit(repos, { id: newId(), at, actor: CONFIG_ACTOR, action, targetType, targetId, before: beforeValue, after: afterValue });
    for (const id of equipment.inserted) await audit("equipment", id, "equipment.created", null, nodes.find((n) => n.id === id));
    for (const id of equipment.updated) await audit("equipment", id, "equipment.updated", before.get(id), nodes.find((n) => n.id === id));
    for (const id of plcs.inserted) await audit("plc_connection", id, "plc.created", null, plcRecords.find((p) => p.id === id));
    for (const id of plcs.updated) await audit("plc_connection", id, "plc.updated", plcsBefore.get(id), plcRecords.find((p) => p.id === id));

    await syncSignals(repos, plant, (unitId, beforeValue, afterValue) => audit("plc_signal", unitId, "plc_signals.updated", beforeValue, afterValue));
    return { inserted: [...equipment.inserted, ...plcs.inserted], updated: [...equipment.updated, ...plcs.updated] };
  });
}

type AuditSignals = (workUnitId: string, before: PlcSignalRecord[], after: PlcSignalRecord[]) => Promise<void>;

async function syncSignals(repos: Repositories, plant: Plant, audit: AuditSignals): Promise<void> {
  for (const unit of workUnitsOf(plant)) {
    const signals: PlcSignalRecord[] = unit.signals.map(({ name, nodeId }) => ({ equipmentId: unit.id, signal: name, plcId: unit.plcId, nodeId }));
    const stored = await repos.plcConnections.findSignals(unit.id);
    if (sameSignals(stored, signals)) continue;
    await repos.plcConnections.replaceSignals(unit.id, signals);
    await audit(unit.id, stored, signals);
  }
}

function sameSignals(a: readonly PlcSignalRecord[], b: readonly PlcSignalRecord[]): boolean {
  const key = (s: PlcSignalRecord) => `${s.signal}\u0000${s.plcId}\u0000${s.nodeId}`;
  const left = new Set(a.map(key));
  return a.length === b.length && b.every((s) => left.has(key(s)));
}
