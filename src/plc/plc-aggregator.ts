import { OPCUACertificateManager } from "node-opcua";
import type { Clock } from "../services/clock.js";
import type { EventBus } from "../services/event-bus.js";
import type { Log } from "../services/log.js";
import { workUnitsOf, type Plant } from "../domain/plant/plant.js";
import { PlcConnection, type PlcSignal } from "./plc-connection.js";
import { plcPkiFolder } from "./plc-pki-folder.js";
import { allUnits, type UnitOwnership } from "../services/cluster/unit-ownership.js";

/** Every signal a work unit maps, grouped by the PLC that serves it. */
export function bindingsByPlc(plant: Plant): Map<string, PlcSignal[]> {
  const byPlc = new Map<string, PlcSignal[]>(plant.plcs.map((plc) => [plc.id, []]));
  for (const unit of workUnitsOf(plant)) {
    for (const { name, role, nodeId } of unit.signals) byPlc.get(unit.plcId)!.push({ workUnitId: unit.id, signal: name, role, nodeId });
  }
  return byPlc;
}

/**
 * The southbound side of the MES: one PlcConnection per configured PLC. On a cluster it connects
 * to a PLC while this instance owns any of the units it serves, and subscribes the signals of those
 * units only: a PLC serving units of two owners has a session from each, and each records its own
 * units. A change in which of its units are owned rebuilds the session with the new set.
 */
export class PlcAggregator {
  private readonly connections: PlcConnection[];
  private readonly certificateManager: OPCUACertificateManager;
  private readonly bindings: Map<string, PlcSignal[]>;
  /** The units each connection was last started with ("" when stopped), and its start/stop chain. */
  private readonly started = new Map<string, { units: string; chain: Promise<void> }>();
  private off: (() => void) | undefined;
  private stopped = false;

  constructor(
    plant: Plant,
    bus: EventBus,
    clock: Clock,
    private readonly log: Log,
    pkiFolder: string,
    private readonly units: UnitOwnership = allUnits,
  ) {
    // The PLC trust list (npm run pki -- list|trust|reject --plc): a secured link to a PLC whose certificate is not trusted is refused.
    this.certificateManager = new OPCUACertificateManager({ rootFolder: plcPkiFolder(pkiFolder), automaticallyAcceptUnknownCertificate: false });
    this.bindings = bindingsByPlc(plant);
    this.connections = plant.plcs.map((plc) => new PlcConnection(plc, this.bindings.get(plc.id)!, bus, clock, log, this.certificateManager));
    for (const connection of this.connections) this.started.set(connection.id, { units: "", chain: Promise.resolve() });
  }

  /** The connection to one configured PLC (dispatch drivers write and call through it). */
  connection(plcId: string): PlcConnection {
    const connection = this.connections.find((candidate) => candidate.id === plcId);
    if (!connection) throw new Error(`no PLC "${plcId}" in the plant configuration`);
    return connection;
  }

  /** Resolves once every PLC (of the units owned) has been tried once; those that are down keep retrying in the background. */
  async start(): Promise<void> {
    await this.certificateManager.initialize();
    if (!this.units.clustered) {
      await Promise.all(this.connections.map((connection) => connection.start()));
      return;
    }
    this.off = this.units.onChange(() => {
      for (const connection of this.connections) void this.follow(connection);
    });
    await Promise.all(this.connections.map((connection) => this.follow(connection)));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.off?.();
    await Promise.all([...this.started.values()].map((entry) => entry.chain));
    await Promise.all(this.connections.map((connection) => connection.stop()));
    await this.certificateManager.dispose();
  }

  /** Connects, reconnects or disconnects a PLC after the units this instance owns of it. */
  private follow(connection: PlcConnection): Promise<void> {
    const entry = this.started.get(connection.id)!;
    entry.chain = entry.chain.then(async () => {
      if (this.stopped) return;
      const owned = this.bindings.get(connection.id)!.filter((binding) => this.units.owns(binding.workUnitId));
      const units = [...new Set(owned.map((binding) => binding.workUnitId))].sort().join(",");
      if (units === entry.units) return;
      try {
        if (entry.units !== "") await connection.stop();
        entry.units = units;
        if (units === "") {
          this.log.info(`PLC ${connection.id}: disconnected, none of its units is run by this instance now`);
          return;
        }
        connection.setBindings(owned);
        await connection.start();
      } catch (error) {
        this.log.error(`PLC ${connection.id}: could not follow its units' ownership`, error);
      }
    });
    return entry.chain;
  }
}
