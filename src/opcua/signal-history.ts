import type { AddressSpace, Namespace, UAVariable } from "node-opcua";
import { workUnitsOf, type Plant } from "../domain/plant/plant.js";
import type { Log } from "../services/log.js";
import type { Store } from "../services/ports/store.js";
import { historize, type HistoryLimits, type HistorySource } from "./history/historized-variable.js";

/**
 * HistoryRead on the mirrored signals the plant marks `historize: true`: the samples the MES
 * recorded (SignalHistorian), each with the PLC's status and source timestamp and the time the MES
 * received it as the server timestamp. `namespace` is the plant's, where the signals are.
 */
export function installSignalHistory(addressSpace: AddressSpace, namespace: Namespace, plant: Plant, store: Store, limits: HistoryLimits, log: Log): void {
  for (const unit of workUnitsOf(plant)) {
    for (const signal of unit.signals) {
      if (!signal.historize) continue;
      const variable = addressSpace.findNode(`ns=${namespace.index};s=${unit.id}.Signals.${signal.name}`) as UAVariable | null;
      if (variable) historize(variable, sampleSource(store, unit.id, signal.name), limits, log);
    }
  }
}

function sampleSource(store: Store, equipmentId: string, signal: string): HistorySource {
  return {
    async read(from, to, limit, reverse) {
      const rows = await store.read.signalSamples.findRange(equipmentId, signal, new Date(from), new Date(Math.min(to, 8.64e15)), limit, reverse);
      return rows.map((row) => ({ at: row.sourceTime.getTime(), serverAt: row.serverTime.getTime(), value: row.valueNumber ?? row.valueText, statusCode: row.statusCode }));
    },
    async bounds() {
      const { first, last } = await store.read.signalSamples.bounds(equipmentId, signal);
      return { start: first?.getTime() ?? null, end: last?.getTime() ?? null };
    },
  };
}
