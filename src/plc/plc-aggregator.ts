import path from "node:path";
import { OPCUACertificateManager } from "node-opcua";
import type { PlantConfig } from "../config/schema.js";
import type { Clock } from "../services/clock.js";
import type { EventBus } from "../services/event-bus.js";
import type { Log } from "../services/log.js";
import { PlcConnection, type SignalBinding } from "./plc-connection.js";

/** Every signal a work unit maps, as bindings grouped by the PLC that serves them. */
export function bindingsByPlc(plant: PlantConfig): Map<string, SignalBinding[]> {
  const byPlc = new Map<string, SignalBinding[]>(plant.plcs.map((plc) => [plc.id, []]));
  for (const site of plant.enterprise.sites)
    for (const area of site.areas)
      for (const center of area.workCenters)
        for (const unit of center.workUnits) {
          const list = byPlc.get(unit.plc)!;
          const { state, goodCount, rejectCount, currentJob, tags } = unit.signals;
          const add = (signal: string, nodeId: string) => list.push({ workUnitId: unit.id, signal, nodeId });
          if (state) add("State", state.nodeId);
          if (goodCount) add("GoodCount", goodCount.nodeId);
          if (rejectCount) add("RejectCount", rejectCount.nodeId);
          if (currentJob) add("CurrentJob", currentJob.nodeId);
          for (const tag of tags) add(tag.name, tag.nodeId);
        }
  return byPlc;
}

/** The southbound side of the MES: one PlcConnection per configured PLC. */
export class PlcAggregator {
  private readonly connections: PlcConnection[];
  private readonly certificateManager: OPCUACertificateManager;

  constructor(plant: PlantConfig, bus: EventBus, clock: Clock, log: Log, pkiFolder: string) {
    this.certificateManager = new OPCUACertificateManager({ rootFolder: path.join(pkiFolder, "client"), automaticallyAcceptUnknownCertificate: true });
    const bindings = bindingsByPlc(plant);
    this.connections = plant.plcs.map((plc) => new PlcConnection(plc, bindings.get(plc.id)!, bus, clock, log, this.certificateManager));
  }

  /** Resolves once every PLC has been tried once; those that are down keep retrying in the background. */
  async start(): Promise<void> {
    await this.certificateManager.initialize();
    await Promise.all(this.connections.map((connection) => connection.start()));
  }

  async stop(): Promise<void> {
    await Promise.all(this.connections.map((connection) => connection.stop()));
    await this.certificateManager.dispose();
  }
}
