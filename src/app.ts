import path from "node:path";
import { loadPlcSimConfig } from "../tools/plc-sim/config.js";
import { startPlcSimulator, type PlcSimulator } from "../tools/plc-sim/simulator.js";
import { declaredRoutes, type DeclaredRoute } from "./api/auth/route-access.js";
import { createHttpApp, listen } from "./api/http-app.js";
import { loadConfig, type MesConfig } from "./config/load-config.js";
import { masterDataSeedSchema } from "./config/master-data-schema.js";
import { readYamlFile } from "./config/read-yaml.js";
import { callbackTargets } from "./domain/callback-targets.js";
import { flattenPlant } from "./domain/equipment.js";
import { startDispatchDrivers } from "./plc/dispatch/start-dispatch-drivers.js";
import { startMesOpcuaServer, type MesOpcuaServer } from "./opcua/mes-opcua-server.js";
import { installJobOrderReceivers } from "./opcua/job-control/job-order-receivers.js";
import { installJobResponseProviders } from "./opcua/job-control/job-response-providers.js";
import { startLiveOee } from "./opcua/live-oee.js";
import { installAccessControl } from "./opcua/access-control.js";
import { mirrorBusEvents } from "./opcua/mirror-bus-events.js";
import { installOeeHistory } from "./opcua/oee-history.js";
import { installOeeNodes } from "./opcua/oee-nodes.js";
import { installDispatchMethods } from "./opcua/plc-dispatch-methods.js";
import { PlcAggregator } from "./plc/plc-aggregator.js";
import { systemClock, uuidV7, type Clock, type IdGenerator } from "./services/clock.js";
import { CONFIG_ACTOR } from "./services/actor.js";
import { AutoRescheduler } from "./services/auto-rescheduler.js";
import { CalendarService } from "./services/calendar-service.js";
import { CallbackOutbox } from "./services/callback-outbox.js";
import { CallbackSender } from "./services/callback-sender.js";
import { DowntimeService } from "./services/downtime-service.js";
import { EquipmentService } from "./services/equipment-service.js";
import { EventBus } from "./services/event-bus.js";
import { JobOrderService } from "./services/job-order-service.js";
import { LiveState } from "./services/live-state.js";
import { consoleLog, type Log } from "./services/log.js";
import { MachineStateTracker } from "./services/machine-state-tracker.js";
import { MasterDataService } from "./services/master-data-service.js";
import { OeeService } from "./services/oee-service.js";
import { seedMasterData } from "./services/master-data-seed.js";
import { seedPersonnel } from "./services/personnel-seed.js";
import { StationDispatchService } from "./services/station-dispatch-service.js";
import { syncPlant } from "./services/plant-sync.js";
import type { Store } from "./services/ports/store.js";
import { ProductionRecorder } from "./services/production-recorder.js";
import { PersonnelService } from "./services/personnel-service.js";
import { ScheduleService } from "./services/schedule-service.js";
import { ScrapService } from "./services/scrap-service.js";
import { WorkOrderService } from "./services/work-order-service.js";
import { AccessService } from "./services/access-service.js";
import { seedDemoAccounts } from "./services/demo-accounts.js";
import { UserService } from "./services/user-service.js";
import { openStore } from "./store/open-store.js";
import { PACKAGE_ROOT, PACKAGE_VERSION } from "./package-root.js";
import { OverviewService } from "./services/overview-service.js";

export interface StartOptions {
  /** Folder with mes.yaml and plant.yaml. */
  readonly configDir: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Where the MES keeps its certificates; default data/pki. */
  readonly pkiFolder?: string;
  /** Host name in the OPC UA endpoint URL (tests use 127.0.0.1). */
  readonly hostname?: string;
  readonly log?: Log;
  readonly clock?: Clock;
  readonly newId?: IdGenerator;
  /** Let a test change the loaded configuration (ports, plant) before anything starts. */
  readonly adjust?: (config: MesConfig) => MesConfig;
}

export interface RunningMes {
  readonly config: MesConfig;
  readonly opcuaEndpoint: string;
  readonly httpUrl: string;
  readonly store: Store;
  readonly bus: EventBus;
  readonly opcua: MesOpcuaServer;
  readonly simulator: PlcSimulator | undefined;
  readonly recorder: ProductionRecorder;
  readonly jobs: JobOrderService;
  readonly workOrders: WorkOrderService;
  readonly users: UserService;
  readonly access: AccessService;
  /** The REST routes with the access each declares. */
  readonly httpRoutes: readonly DeclaredRoute[];
  stop(): Promise<void>;
}

/**
 * The composition root: database, engineering model, simulated PLCs (demo), the OPC UA server,
 * the PLC side and the REST facade, started in the order they depend on each other and stopped
 * in reverse, so that nothing is written after the database is closed.
 */
export async function startMes(options: StartOptions): Promise<RunningMes> {
  const log = options.log ?? consoleLog;
  const clock = options.clock ?? systemClock;
  const newId = options.newId ?? uuidV7;
  const loaded = loadConfig(options.configDir, options.env ?? process.env);
  const config = options.adjust ? options.adjust(loaded) : loaded;
  const { settings, plant } = config;
  const pkiFolder = options.pkiFolder ?? path.resolve("data/pki");
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) {
      try {
        await stop();
      } catch (error) {
        log.error("while stopping", error);
      }
    }
  };

  try {
    const store = await openStore(settings.database.url);
    stops.push(() => store.close());
    const synced = await syncPlant(store, plant, clock, newId);
    if (synced.inserted.length + synced.updated.length > 0) {
      log.info(`plant model: ${synced.inserted.length} added, ${synced.updated.length} changed`);
    }
    const equipment = flattenPlant(plant.enterprise);
    const calendars = new CalendarService(store, equipment, clock, newId);
    const seededCalendars = await calendars.seed(config.oee.calendars);
    if (seededCalendars > 0) log.info(`shift calendars: ${seededCalendars} added from oee.yaml`);
    const oee = new OeeService(store, calendars, equipment, config.oee, clock);
    const users = new UserService(store, clock, newId);
    if (settings.security.demoAccounts) {
      const added = await seedDemoAccounts(users, CONFIG_ACTOR);
      if (added > 0) log.info(`demo accounts: ${added} added (passwords in the README; the production profile refuses them)`);
    }
    await users.list();
    const access = new AccessService(store, users, clock, newId, settings.security);
    const masterData = new MasterDataService(store, clock, newId);
    const seedFile = settings.masterData.seedFile;
    const seed = seedFile ? readYamlFile(path.join(config.dir, seedFile), masterDataSeedSchema) : null;
    if (seed) {
      const added = await seedMasterData(store, masterData, seed);
      if (added > 0) log.info(`master data: ${added} materials and products added from ${seedFile}`);
    }

    let simulator: PlcSimulator | undefined;
    if (settings.simulator.enabled) {
      simulator = await startPlcSimulator(loadPlcSimConfig(path.join(config.dir, settings.simulator.config)));
      stops.push(() => simulator!.stop());
    }

    const opcua = await startMesOpcuaServer({ settings: settings.opcua, plant, pkiFolder, hostname: options.hostname, users, access, log });
    stops.push(() => opcua.stop());

    const bus = new EventBus((error, event) => log.error(`a listener of ${event} failed`, error));
    const live = new LiveState(plant, bus);
    stops.push(async () => live.close());
    const unmirror = mirrorBusEvents(bus, opcua.plant);
    stops.push(async () => unmirror());

    const jobs = new JobOrderService(store, bus, clock, newId, settings.dispatch.maxDownloadableJobOrders);
    const allowedCallbackTargets = callbackTargets(settings.callbacks.allowedOrigins, settings.security.profile);
    const workOrders = new WorkOrderService(store, jobs, bus, new CallbackOutbox(clock, newId, allowedCallbackTargets), clock, newId);
    const schedules = new ScheduleService(store, calendars, equipment, config.oee, config.scheduling, bus, clock, newId);
    const rescheduler = new AutoRescheduler(schedules, bus, config.scheduling.autoReschedule, log);
    rescheduler.start();
    stops.push(() => rescheduler.stop());
    const callbacks = new CallbackSender(store, bus, clock, log, settings.callbacks, allowedCallbackTargets);
    callbacks.start();
    stops.push(() => callbacks.stop());
    const personnel = new PersonnelService(store, calendars, equipment, config.scheduling.staffing, clock, newId);
    if (seed) {
      const added = await seedPersonnel(store, personnel, seed.personnel);
      if (added > 0) log.info(`personnel: ${added} people added from ${seedFile}`);
    }
    const crew = (equipmentId: string, from: Date, to: Date) => personnel.crew(equipmentId, from, to);
    const receivers = installJobOrderReceivers(opcua.addressSpace, opcua.plant, equipment, jobs, bus, log, crew);
    stops.push(async () => receivers.close());
    await receivers.load();
    const responses = installJobResponseProviders(opcua.addressSpace, opcua.plant, equipment, jobs, bus, log, crew);
    stops.push(async () => responses.close());
    await responses.load();
    // The recorder is made below; the service flushes its counts only once drivers run.
    const stationDispatch = new StationDispatchService(store, jobs, bus, clock, newId, log, crew, () => recorder.flush());
    installDispatchMethods(opcua.addressSpace, opcua.plant, plant, stationDispatch, log);
    const oeeNodes = installOeeNodes(opcua.addressSpace, opcua.plant, equipment);
    installOeeHistory(oeeNodes, oee, equipment.map((node) => node.id), log);
    installAccessControl(opcua.addressSpace, log);

    const tracker = new MachineStateTracker(plant, bus, store, clock, newId, log, { tag: config.oee.faultCodeTag, reasons: config.oee.faultCodeReasons });
    await tracker.start();
    stops.push(() => tracker.stop());
    const recorder = new ProductionRecorder(plant, bus, store, clock, newId, log, settings.production.flushIntervalMs, crew);
    await recorder.start();
    stops.push(() => recorder.stop());

    const plcs = new PlcAggregator(plant, bus, clock, log, pkiFolder);
    stops.push(() => plcs.stop());
    await plcs.start();
    const liveOee = startLiveOee(oee, oeeNodes, config.oee.liveIntervalMs, log);
    stops.push(() => liveOee.stop());
    const drivers = await startDispatchDrivers(plant, { store, bus, jobs, dispatch: stationDispatch, plcs, clock, newId, log });
    stops.push(() => drivers.stop());

    const equipmentService = new EquipmentService(store, live);
    const { app, router } = createHttpApp({
      store,
      live,
      equipment: equipmentService,
      masterData,
      workOrders,
      jobs,
      oee,
      calendars,
      downtime: new DowntimeService(store, oee, config.oee, clock, newId, crew),
      scrap: new ScrapService(store, oee, config.oee, clock, newId),
      oeeConfig: config.oee,
      schedules,
      personnel,
      users,
      access,
      overview: new OverviewService(equipmentService, live, jobs, oee, bus),
      bus,
      uiFolder: path.join(PACKAGE_ROOT, "dist/web"),
      http: settings.http,
      log,
      version: PACKAGE_VERSION,
      startedAt: clock.now(),
    });
    const http = await listen(app, settings.http.port, settings.http.host);
    stops.push(() => http.close());

    return { config, opcuaEndpoint: opcua.endpointUrl, httpUrl: http.url, store, bus, opcua, simulator, recorder, jobs, workOrders, users, access, httpRoutes: declaredRoutes(router), stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
