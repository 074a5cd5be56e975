import { OPCUACertificateManager } from "node-opcua";
import type { Clock } from "../services/clock.js";
import type { EventBus } from "../services/event-bus.js";
import type { Log } from "../services/log.js";
import { workUnitsOf, type Plant } from "../domain/plant/plant.js";
import { PlcConnection, type PlcSignal } from "./plc-connection.js";
import { plcPkiFolder } from "./plc-pki-folder.js";

/** Every signal a work unit maps, grouped by the PLC that serves it. */
export function bindingsByPlc(plant: Plant): Map<string, PlcSignal[]> {
  const byPlc = new Map<string, PlcSignal[]>(plant.plcs.map((plc) => [plc.id, []]));
  for (const unit of workUnitsOf(plant)) {
    for (const { name, role, nodeId } of unit.signals) byPlc.get(unit.plcId)!.push({ workUnitId: unit.id, signal: name, role, nodeId });
  }
  return byPlc;
}

/** The southbound side of the MES: one PlcConnection per configured PLC. */
export class PlcAggregator {
  private readonly connections: PlcConnection[];
  private readonly certificateManager: OPCUACertificateManager;

  constructor(plant: Plant, bus: EventBus, clock: Clock, log: Log, pkiFolder: string) {
    // The PLC trust list (npm run pki -- list|trust|reject --plc): a secured link to a PLC whose certificate is not trusted is refused.
    this.certificateManager = new OPCUACertificateManager({ rootFolder: plcPkiFolder(pkiFolder), automaticallyAcceptUnknownCertificate: false });
    const bindings = bindingsByPlc(plant);
    this.connections = plant.plcs.map((plc) => new PlcConnection(plc, bindings.get(plc.id)!, bus, clock, log, this.certificateManager));
  }

  /** The connection to one configured PLC (dispatch drivers write and call through it). */
  connection(plcId: string): PlcConnection {
    const connection = this.connections.find((candidate) => candidate.id === plcId);
    if (!connection) throw new Error(`no PLC "${plcId}" in the plant configuration`);
    return connection;
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
