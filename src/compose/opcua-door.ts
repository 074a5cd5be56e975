import { installAccessControl } from "../opcua/access-control.js";
import { installMaterialNodes } from "../opcua/material-nodes.js";
import { installJobOrderReceivers } from "../opcua/job-control/job-order-receivers.js";
import { installJobResponseProviders } from "../opcua/job-control/job-response-providers.js";
import { startLiveOee } from "../opcua/live-oee.js";
import { startMesOpcuaServer, type MesOpcuaServer } from "../opcua/mes-opcua-server.js";
import { mirrorBusEvents } from "../opcua/mirror-bus-events.js";
import { advertiseHistoryCapabilities } from "../opcua/history/history-capabilities.js";
import { SUPPORTED_AGGREGATE_FUNCTIONS } from "../opcua/history/historized-variable.js";
import { installOeeHistory } from "../opcua/oee-history.js";
import { installSignalHistory } from "../opcua/signal-history.js";
import { installOeeNodes } from "../opcua/oee-nodes.js";
import { installDispatchMethods } from "../opcua/plc-dispatch-methods.js";
import { installQualityNodes } from "../opcua/quality-nodes.js";
import { installDueInspectionNodes } from "../opcua/due-inspection-nodes.js";
import { installMaintenanceNodes } from "../opcua/maintenance-nodes.js";
import { installAlarmNodes } from "../opcua/alarms/install-alarms.js";
import type { MesCore } from "./mes-core.js";
import type { JobOrderRecord } from "../services/ports/orders.js";
import { StopList } from "./stop-list.js";

export interface OpcuaDoorOptions {
  /** Where the MES keeps its certificates (the server's own under it). */
  readonly pkiFolder: string;
  /** Host name in the endpoint URL (tests use 127.0.0.1). */
  readonly hostname?: string;
}

export interface OpcuaDoor {
  readonly server: MesOpcuaServer;
  stop(): Promise<void>;
}

/**
 * The northbound OPC UA server over the core: the plant's address space mirroring the bus, the
 * ISA-95 JobOrderReceiver and JobResponseProvider of every work unit (OPC 10031-4), the `methods`
 * dispatch door for PLCs, OEE variables with their history, and the role permissions. Start it
 * before the core's background jobs, so the address space sees every event from the first.
 */
export async function startOpcuaDoor(core: MesCore, options: OpcuaDoorOptions): Promise<OpcuaDoor> {
  const { config, log } = core;
  const stops = new StopList(log);
  try {
    const server = await startMesOpcuaServer({ settings: config.settings.opcua, plant: config.plant, pkiFolder: options.pkiFolder, hostname: options.hostname, users: core.users, access: core.access, log });
    stops.push(() => server.stop());
    core.metrics.readOpcuaFrom(() => server.counts());
    const { addressSpace, plant: plantNodes } = server;
    stops.push(mirrorBusEvents(core.bus, plantNodes));

    // ISA-95 MaterialRequirements from the BOM and MaterialActuals from the ledger, on every job order and response.
    const materials = { requirements: (job: JobOrderRecord) => core.inventory.requirementsOfJob(job), actuals: (job: JobOrderRecord) => core.inventory.actualsOfJob(job) };
    const receivers = installJobOrderReceivers(addressSpace, plantNodes, core.equipmentNodes, core.jobs, core.bus, log, core.crew, materials);
    stops.push(() => receivers.close());
    await receivers.load();
    const responses = installJobResponseProviders(addressSpace, plantNodes, core.equipmentNodes, core.jobs, core.bus, log, core.crew, materials);
    stops.push(() => responses.close());
    await responses.load();
    const materialNodes = installMaterialNodes(addressSpace, plantNodes, core.store.read, core.bus, log);
    stops.push(() => materialNodes.close());
    await materialNodes.load();
    installDispatchMethods(addressSpace, plantNodes, config.plant, core.stationDispatch, log);
    stops.push(installQualityNodes(addressSpace, plantNodes, config.plant, core.quality.results, core.quality.plans, core.bus, log));
    stops.push(installDueInspectionNodes(addressSpace, config.plant, core.quality.due, core.bus, log));
    stops.push(installMaintenanceNodes(addressSpace, plantNodes, config.plant, core.maintenance.due));

    const oeeNodes = installOeeNodes(addressSpace, plantNodes, core.equipmentNodes);
    const history = config.settings.history;
    const now = () => core.clock.now().getTime();
    installOeeHistory(oeeNodes, core.oee, core.equipmentNodes.map((node) => node.id), history.oeePeriod, history, log, now);
    installSignalHistory(addressSpace, plantNodes.namespace, config.plant, core.store, history, log);
    advertiseHistoryCapabilities(addressSpace, server.historyServerCapabilities, { maxReturnDataValues: history.maxReturnDataValues, aggregates: SUPPORTED_AGGREGATE_FUNCTIONS });
    installAccessControl(addressSpace, plantNodes.namespace);
    // After the role permissions: conditions are added and removed as alarms are raised and closed.
    stops.push(installAlarmNodes({ addressSpace, plantNodes, equipment: core.equipmentNodes, methodCaller: server.methodCaller, alarms: core.alarms, bus: core.bus, maxReturnEventValues: history.maxReturnDataValues, log }));
    Object.assign(server.historyServerCapabilities, { accessHistoryEventsCapability: true, maxReturnEventValues: history.maxReturnDataValues });
    const liveOee = startLiveOee(core.oee, oeeNodes, config.oee.liveIntervalMs, log);
    stops.push(() => liveOee.stop());
    return { server, stop: () => stops.stopAll() };
  } catch (error) {
    await stops.stopAll();
    throw error;
  }
}
