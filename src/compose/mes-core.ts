import path from "node:path";
import type { MesConfig } from "../config/load-config.js";
import { masterDataSeedSchema } from "../config/master-data-schema.js";
import { readYamlFile } from "../config/read-yaml.js";
import { callbackTargets } from "../domain/callback-targets.js";
import { flattenPlant, type EquipmentNode } from "../domain/equipment.js";
import { workUnitsOf } from "../domain/plant/plant.js";
import { executorOf, type JobExecutor } from "../domain/job-executor.js";
import { AccessService } from "../services/access-service.js";
import { AlarmService } from "../services/alarms/alarm-service.js";
import { AlarmSources } from "../services/alarms/alarm-sources.js";
import { CONFIG_ACTOR } from "../services/actor.js";
import { AutoRescheduler } from "../services/auto-rescheduler.js";
import { CalendarService } from "../services/calendar-service.js";
import { CallbackOutbox } from "../services/callback-outbox.js";
import { CallbackSender } from "../services/callback-sender.js";
import { systemClock, uuidV7, type Clock, type IdGenerator } from "../services/clock.js";
import { seedDemoAccounts } from "../services/demo-accounts.js";
import { DowntimeService } from "../services/downtime-service.js";
import { EquipmentService } from "../services/equipment-service.js";
import { BackflushService } from "../services/inventory/backflush-service.js";
import { GenealogyService } from "../services/inventory/genealogy-service.js";
import { InventoryService } from "../services/inventory/inventory-service.js";
import { MaterialClassService } from "../services/inventory/material-class-service.js";
import { seedInventory } from "../services/inventory/inventory-seed.js";
import { MovementObservers } from "../services/inventory/movement-observers.js";
import { seedDemoJobOrders } from "../services/demo-job-seed.js";
import { EventBus } from "../services/event-bus.js";
import { JobOrderNames } from "../services/job-order-names.js";
import { JobOrderService } from "../services/job-order-service.js";
import { LiveState } from "../services/live-state.js";
import { consoleLog, withoutStoreOutages, type Log } from "../services/log.js";
import { MachineStateTracker } from "../services/machine-state-tracker.js";
import { seedMasterData } from "../services/master-data-seed.js";
import { MasterDataService } from "../services/master-data-service.js";
import { OeeService } from "../services/oee-service.js";
import { OverviewService } from "../services/overview-service.js";
import { StateSinceService } from "../services/state-since-service.js";
import { seedPersonnel } from "../services/personnel-seed.js";
import { PersonnelService } from "../services/personnel-service.js";
import { PkiService } from "../services/pki-service.js";
import { certificateFoldersAt } from "../opcua/pki-certificate-folders.js";
import { syncPlant } from "../services/plant-sync.js";
import { StationDispatchService } from "../services/station-dispatch-service.js";
import { joinCluster } from "../services/cluster/cluster-membership.js";
import { Singleton } from "../services/cluster/singleton.js";
import { unitOwnership } from "../services/cluster/unit-ownership.js";
import type { LeaseKeeper } from "../services/cluster/lease-keeper.js";
import { CommandRouter } from "../services/cluster/command-router.js";
import { CommandWorker } from "../services/cluster/command-worker.js";
import { RoutedJobOrderService } from "../services/cluster/routed-job-orders.js";
import { RoutedStationDispatchService } from "../services/cluster/routed-station-dispatch.js";
import { RoutedWorkOrderService } from "../services/cluster/routed-work-orders.js";
import type { Ownership } from "../services/cluster/ownership.js";
import { FOLLOW_LOOKBACK_MS, PeerFollower } from "../services/cluster/peer-follower.js";
import { PlcLinkRecorder } from "../services/cluster/plc-link-recorder.js";
import type { Store } from "../services/ports/store.js";
import { ProductionRecorder } from "../services/production-recorder.js";
import { SignalHistorian } from "../services/signal-historian.js";
import { ScheduleService } from "../services/schedule-service.js";
import { ScrapService } from "../services/scrap-service.js";
import { ControlLimitsService } from "../services/quality/control-limits-service.js";
import { DueInspectionService } from "../services/quality/due-inspections.js";
import type { RecordedBy } from "../domain/quality/inspection-plan.js";
import { seedInspectionPlans } from "../services/quality/quality-seed.js";
import { inspectionPlanBody } from "../api/routes/quality-routes.js";
import { GaugeSampler } from "../services/quality/gauge-sampler.js";
import { QualityLotQuarantine } from "../services/quality/lot-quarantine.js";
import { NcrService } from "../services/quality/ncr-service.js";
import { InspectionPlanService } from "../services/quality/plan-service.js";
import { QualityResultService } from "../services/quality/result-service.js";
import { MAINTENANCE_REFRESH_MS, MaintenanceDueTracker } from "../services/maintenance/due-tracker.js";
import { seedMaintenancePlans } from "../services/maintenance/maintenance-seed.js";
import { MaintenancePlanService } from "../services/maintenance/plan-service.js";
import { ReliabilityService } from "../services/maintenance/reliability-service.js";
import { MaintenanceWorkOrderService } from "../services/maintenance/work-order-service.js";
import { maintenancePlanBody } from "../api/routes/maintenance-routes.js";
import { UserService } from "../services/user-service.js";
import { WorkOrderService } from "../services/work-order-service.js";
import { MesMetrics } from "../metrics/mes-metrics.js";
import { openStore } from "../store/open-store.js";
import { StopList } from "./stop-list.js";

/** Who is on shift at a work unit in [from, to): the operators a job order, a production record or a stop names. */
export type CrewLookup = (equipmentId: string, from: Date, to: Date) => Promise<string[]>;

export interface CoreOptions {
  readonly clock?: Clock;
  readonly newId?: IdGenerator;
  readonly log?: Log;
  /** Where the OPC UA server keeps its certificates and trust lists; default data/pki. */
  readonly pkiFolder?: string;
}

/**
 * The MES without its doors: the database, the engineering model and every use case, built once
 * from the configuration. `npm start`, the tests and the benchmarks all run this one graph, with
 * the OPC UA, PLC and HTTP doors started on top of it (src/compose/*-door.ts).
 */
export interface MesCore {
  readonly config: MesConfig;
  readonly clock: Clock;
  readonly newId: IdGenerator;
  readonly log: Log;
  readonly store: Store;
  readonly bus: EventBus;
  readonly live: LiveState;
  /** The plant's equipment hierarchy, flattened (Enterprise to WorkUnit). */
  readonly equipmentNodes: readonly EquipmentNode[];
  readonly equipment: EquipmentService;
  readonly masterData: MasterDataService;
  readonly calendars: CalendarService;
  readonly oee: OeeService;
  readonly users: UserService;
  readonly access: AccessService;
  readonly jobs: JobOrderService;
  /** What people know a job order by (ERP number, step, product name) and who begins and completes it. */
  readonly jobNames: JobOrderNames;
  readonly workOrders: WorkOrderService;
  readonly schedules: ScheduleService;
  readonly rescheduler: AutoRescheduler;
  readonly callbacks: CallbackSender;
  readonly personnel: PersonnelService;
  /** The OPC UA server's trust lists (server and user PKI), as `npm run pki` keeps them. */
  readonly pki: PkiService;
  readonly crew: CrewLookup;
  /** The station side of dispatch: what a PLC's TakeNextJob / ReportProgress / FinishJob do, whichever driver carries them. */
  readonly stationDispatch: StationDispatchService;
  readonly downtime: DowntimeService;
  readonly scrap: ScrapService;
  readonly quality: { readonly plans: InspectionPlanService; readonly results: QualityResultService; readonly ncrs: NcrService; readonly due: DueInspectionService; readonly gauges: GaugeSampler; readonly lots: QualityLotQuarantine; readonly limits: ControlLimitsService };
  /** Maintenance work orders, preventive plans and what of them is due, MTBF/MTTR per work unit and failure reason. */
  readonly maintenance: { readonly workOrders: MaintenanceWorkOrderService; readonly plans: MaintenancePlanService; readonly due: MaintenanceDueTracker; readonly reliability: ReliabilityService };
  readonly overview: OverviewService;
  readonly tracker: MachineStateTracker;
  readonly recorder: ProductionRecorder;
  /** Records the signals the plant historizes, and prunes them after history.retentionDays. */
  readonly signalHistory: SignalHistorian;
  /** The figures GET /metrics serves (one registry per MES); the doors add theirs. */
  readonly metrics: MesMetrics;
  /** Inventory operations: receipts, moves, splits, merges, staging, consumption (ISA-95 Part 3). */
  readonly inventory: InventoryService;
  /** Consumes the BOM's material from the staged lots as the PLCs count parts, into each job order's output lot. */
  readonly backflush: BackflushService;
  readonly genealogy: GenealogyService;
  /** Material classes, and each definition's class and properties (ISA-95 Part 2). */
  readonly materialClasses: MaterialClassService;
  /** Alarms and Conditions (OPC 10000-9): every alarm's life, stored, on every door. */
  readonly alarms: AlarmService;
  /** What raises and clears the alarms: faults, long stops, lost PLCs, held jobs, quality, material, maintenance. */
  readonly alarmSources: AlarmSources;
  /** Which part of the plant this instance runs (all of it unless `cluster.instanceId` is set). */
  readonly ownership: Ownership;
  /** This instance's leases in the database; null for a MES alone on its database. */
  readonly leases: LeaseKeeper | null;
  /** Carries out the commands peers send for the equipment this instance owns; null for a MES alone on its database. */
  readonly commands: CommandWorker | null;
  /** Tells on the bus what the other instances store for their equipment; null for a MES alone on its database. */
  readonly peers: PeerFollower | null;
  /** Starts the background jobs: rescheduling, callbacks, machine-state intervals, production records. */
  start(): Promise<void>;
  /** Stops the background jobs (flushing what they hold), then closes the database. Doors stop first. */
  stop(): Promise<void>;
}

/**
 * Opens the database named in the settings, syncs the plant model and the seeds of the
 * configuration (calendars, demo accounts, master data, personnel) into it, and builds every
 * service on it. Nothing runs in the background until start().
 */
export async function buildCore(config: MesConfig, options: CoreOptions = {}): Promise<MesCore> {
  const baseLog = options.log ?? consoleLog;
  const log = withoutStoreOutages(baseLog);
  const clock = options.clock ?? systemClock;
  const newId = options.newId ?? uuidV7;
  const { settings, plant } = config;
  const stops = new StopList(log);
  try {
    const metrics = new MesMetrics(plant, () => clock.now());
    const store = await openStore(settings.database.url, { log: baseLog, onTransaction: (seconds, outcome) => metrics.observeTransaction(seconds, outcome), onRetry: (reason) => metrics.observeTransactionRetry(reason) });
    stops.push(() => store.close());
    const synced = await syncPlant(store, plant, clock, newId);
    if (synced.inserted.length + synced.updated.length > 0) {
      log.info(`plant model: ${synced.inserted.length} added, ${synced.updated.length} changed`);
    }
    const equipmentNodes = flattenPlant(plant.enterprise);
    const cluster = joinCluster(settings.cluster, store, equipmentNodes, clock, log);
    const { ownership } = cluster;
    // The work units this instance runs: their PLC signals, states, counts and bookings are its own to write.
    const units = unitOwnership(cluster, workUnitsOf(plant).map((unit) => unit.id));
    let pruning: Singleton | undefined;
    const calendars = new CalendarService(store, equipmentNodes, clock, newId);
    const seededCalendars = await calendars.seed(config.oee.calendars);
    if (seededCalendars > 0) log.info(`shift calendars: ${seededCalendars} added from oee.yaml`);
    const oee = new OeeService(store, calendars, equipmentNodes, config.oee, clock);

    const users = new UserService(store, clock, newId, settings.security.login.verifiedCacheSeconds * 1000);
    if (settings.security.demoAccounts) {
      const added = await seedDemoAccounts(users, CONFIG_ACTOR);
      if (added > 0) log.info(`demo accounts: ${added} added (passwords in the README; the production profile refuses them)`);
    }
    // Loads every account, so the OPC UA user manager (which asks synchronously) knows them from the start.
    await users.list();
    const access = new AccessService(store, users, clock, newId, settings.security);

    const masterData = new MasterDataService(store, clock, newId);
    const seedFile = settings.masterData.seedFile;
    const seed = seedFile ? readYamlFile(path.join(config.dir, seedFile), masterDataSeedSchema) : null;
    if (seed) {
      const added = await seedMasterData(store, masterData, seed);
      if (added > 0) log.info(`master data: ${added} materials and products added from ${seedFile}`);
    }
    const personnel = new PersonnelService(store, calendars, equipmentNodes, config.scheduling.staffing, clock, newId);
    if (seed) {
      const added = await seedPersonnel(store, personnel, seed.personnel);
      if (added > 0) log.info(`personnel: ${added} people added from ${seedFile}`);
    }
    const crew: CrewLookup = (equipmentId, from, to) => personnel.crew(equipmentId, from, to);

    const bus = new EventBus((error, event) => log.error(`a listener of ${event} failed`, error));
    stops.push(metrics.watch(bus));
    metrics.readOutboxFrom(() => store.read.callbacks.countPending());
    // What a job order consumes and produces is reported on its work order's callbacks, in the booking's transaction.
    const movementObservers = new MovementObservers();
    const inventory = new InventoryService(store, bus, clock, newId, movementObservers);
    if (seed) {
      const added = await seedInventory(store, inventory, seed);
      if (added > 0) log.info(`inventory: ${added} BOMs and lots added from ${seedFile}`);
    }
    const live = new LiveState(plant, bus);
    stops.push(() => live.close());
    // In a cluster, commands for equipment a peer owns are carried out by that peer; alone, every service is the plain one.
    const router = cluster.leases ? new CommandRouter(store, cluster.ownership, clock, newId, { timeoutMs: settings.cluster.commandTimeoutMs }, log) : null;
    const commandWorker = router && cluster.leases ? new CommandWorker(store, router, cluster.leases.instanceId, clock, log) : null;
    const jobs = router
      ? new RoutedJobOrderService(router, store, bus, clock, newId, settings.dispatch.maxDownloadableJobOrders)
      : new JobOrderService(store, bus, clock, newId, settings.dispatch.maxDownloadableJobOrders);
    if (seed && settings.masterData.startDemoJobOrders) {
      const added = await seedDemoJobOrders(store, jobs, seed);
      if (added > 0) log.info(`demo: ${added} job orders stored and started from ${seedFile}`);
    }
    const allowedCallbackTargets = callbackTargets(settings.callbacks.allowedOrigins, settings.security.profile);
    const outbox = new CallbackOutbox(clock, newId, allowedCallbackTargets, settings.inventory.callbackBatchMs);
    const workOrders = router ? new RoutedWorkOrderService(router, store, jobs, bus, outbox, clock, newId) : new WorkOrderService(store, jobs, bus, outbox, clock, newId);
    movementObservers.observe((repos, movements) => workOrders.reportMaterial(repos, movements));
    const schedules = new ScheduleService(store, calendars, equipmentNodes, config.oee, config.scheduling, bus, clock, newId);
    const equipment = new EquipmentService(store, live, equipmentNodes);
    const drivers = new Map(workUnitsOf(plant).map((unit) => [unit.id, unit.dispatch.driver]));
    const executors = (equipmentId: string): JobExecutor => executorOf(drivers.get(equipmentId));
    const jobNames = new JobOrderNames(store, executors);
    const recorder = new ProductionRecorder(plant, bus, store, clock, newId, log, settings.production.flushIntervalMs, crew, settings.production.maxPendingRecords, units);
    metrics.readProductionFrom(() => recorder.backlog());
    recorder.onFlushed((lagMs) => metrics.observeFlushLag(lagMs / 1000));
    const qualityResults = new QualityResultService(store, jobs, bus, clock, newId, log, outbox);
    const quality = {
      plans: new InspectionPlanService(store, clock, newId, bus),
      results: qualityResults,
      ncrs: new NcrService(store, clock, newId),
      due: new DueInspectionService(store, clock),
      gauges: new GaugeSampler(store, qualityResults, bus, log, units),
      lots: new QualityLotQuarantine(store, inventory, bus, log),
      limits: new ControlLimitsService(store, qualityResults, clock, newId),
    };
    if (seed && seed.inspectionPlans.length > 0) {
      const plans = seed.inspectionPlans.map(({ id, ...body }, i) => {
        const parsed = inspectionPlanBody.safeParse(body);
        if (!parsed.success) throw new Error(`${seedFile}: inspectionPlans[${i}] ("${id}"): ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`);
        return { id, ...parsed.data, recordedBy: parsed.data.recordedBy as RecordedBy };
      });
      const added = await seedInspectionPlans(store, quality.plans, plans);
      if (added > 0) log.info(`quality: ${added} inspection plans added from ${seedFile}`);
    }
    const downtime = new DowntimeService(store, oee, config.oee, clock, newId, crew);
    const maintenanceWorkOrders = new MaintenanceWorkOrderService(store, inventory, bus, () => oee.policy, clock, newId);
    await maintenanceWorkOrders.loadSlots();
    // Planned maintenance slots are planned down time of their unit (ISO 22400 PDOT), not availability loss.
    calendars.addPlannedDowntime((equipmentId) => maintenanceWorkOrders.slotsOf(equipmentId));
    const maintenancePlans = new MaintenancePlanService(store, clock, newId);
    if (seed && seed.maintenancePlans.length > 0) {
      const plans = seed.maintenancePlans.map(({ id, ...body }, i) => {
        const parsed = maintenancePlanBody.safeParse(body);
        if (!parsed.success) throw new Error(`${seedFile}: maintenancePlans[${i}] ("${id}"): ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`);
        return { id, ...parsed.data };
      });
      const added = await seedMaintenancePlans(store, maintenancePlans, plans);
      if (added > 0) log.info(`maintenance: ${added} preventive plans added from ${seedFile}`);
    }
    const rootId = equipmentNodes.find((node) => node.parentId === null)?.id ?? plant.enterprise.id;
    const maintenance = {
      workOrders: maintenanceWorkOrders,
      plans: maintenancePlans,
      due: new MaintenanceDueTracker(store, maintenancePlans, maintenanceWorkOrders, bus, () => oee.policy, clock, log, workUnitsOf(plant).map((unit) => unit.id), () => recorder.flush(), MAINTENANCE_REFRESH_MS, (id) => units.owns(id)),
      reliability: new ReliabilityService(oee, downtime, clock, rootId),
    };
    const alarms = new AlarmService(store, bus, clock, newId, log, settings.alarms, (id) => equipmentNodes.find((node) => node.id === id)?.name ?? null);
    if (ownership.clustered) alarms.runAlarmsOf((workUnitId) => ownership.ownsLocally(workUnitId));
    await alarms.restore();
    const alarmSources = new AlarmSources(alarms, bus, quality.due, clock, log, {
      units: workUnitsOf(plant),
      faultCodeReasons: config.oee.faultCodeReasons,
      downtimeReasons: config.oee.downtimeReasons,
      longStopMs: settings.alarms.longStopMinutes * 60_000,
      owns: (id) => units.owns(id),
    });
    const dispatchArgs = [store, jobs, bus, clock, newId, log, crew, () => recorder.flush(), executors, settings.dispatch.maxReportedMultiple] as const;
    const peers = ownership.clustered
      ? new PeerFollower(store.read, bus, alarms, live, ownership, workUnitsOf(plant), log, { followEveryMs: settings.cluster.followEveryMs, lookbackMs: FOLLOW_LOOKBACK_MS })
      : null;
    const plcLinks = ownership.instanceId ? new PlcLinkRecorder(store, bus, ownership.instanceId, log) : null;
    let started = false;

    const core: MesCore = {
      config,
      clock,
      newId,
      log,
      store,
      bus,
      live,
      equipmentNodes,
      equipment,
      masterData,
      calendars,
      oee,
      users,
      access,
      jobs,
      jobNames,
      workOrders,
      schedules,
      rescheduler: new AutoRescheduler(schedules, bus, config.scheduling.autoReschedule, log),
      callbacks: new CallbackSender(store, clock, log, settings.callbacks, allowedCallbackTargets),
      personnel,
      pki: new PkiService(store, certificateFoldersAt(options.pkiFolder ?? path.resolve("data/pki")), clock, newId, log),
      crew,
      stationDispatch: router ? new RoutedStationDispatchService(router, ...dispatchArgs) : new StationDispatchService(...dispatchArgs),
      downtime,
      scrap: new ScrapService(store, oee, config.oee, clock, newId),
      quality,
      maintenance,
      overview: new OverviewService(equipment, live, jobs, oee, new StateSinceService(store), bus, jobNames, (interval) => core.downtime.eventOf(interval)),
      tracker: new MachineStateTracker(plant, bus, store, clock, newId, log, config.oee.faultCodeReasons, units),
      recorder,
      signalHistory: new SignalHistorian(plant, bus, store, clock, newId, log, settings.history, () => pruning?.here ?? true),
      metrics,
      inventory,
      backflush: new BackflushService(store, bus, clock, newId, log, settings.inventory.outputLotNumber, movementObservers, (workUnitId) => core.stationDispatch.carrierAt(workUnitId), units),
      genealogy: new GenealogyService(store),
      materialClasses: new MaterialClassService(store, clock, newId),
      alarms,
      alarmSources,
      ownership: cluster.ownership,
      leases: cluster.leases,
      commands: commandWorker,
      peers,
      async start() {
        if (started) return;
        started = true;
        // Plant-wide jobs run on one instance of a cluster; their leases are asked for before the keeper's first round.
        const rescheduling = new Singleton(core.leases, "rescheduler", core.rescheduler, log);
        const sending = new Singleton(core.leases, "callback-sender", core.callbacks, log);
        pruning = new Singleton(core.leases, "history-pruning", { start: () => undefined, stop: async () => undefined }, log);
        if (core.leases) {
          core.callbacks.claimWith(sending, 1000);
          core.jobs.fencePlcWritesWith(units);
          core.stationDispatch.fencePlcWritesWith(units);
        }
        // First so it stops last: the leases are released only after every writer has stopped.
        if (core.leases) {
          const leases = core.leases;
          await leases.start();
          stops.push(() => leases.stop());
        }
        // Right after the leases, so commands are routed by what this instance holds, and answered until the last writer stops.
        if (router && commandWorker) {
          router.startRouting();
          commandWorker.start();
          stops.push(async () => {
            router.stopRouting();
            await commandWorker.stop();
          });
        }
        await rescheduling.start();
        stops.push(() => rescheduling.stop());
        await sending.start();
        stops.push(() => sending.stop());
        await core.tracker.start();
        stops.push(() => core.tracker.stop());
        core.backflush.start();
        stops.push(() => core.backflush.stop());
        await core.recorder.start();
        stops.push(() => core.recorder.stop());
        core.signalHistory.start();
        stops.push(() => core.signalHistory.stop());
        core.quality.lots.start();
        stops.push(() => core.quality.lots.stop());
        core.quality.gauges.start();
        stops.push(() => core.quality.gauges.stop());
        core.maintenance.due.start();
        stops.push(() => core.maintenance.due.stop());
        core.alarms.start();
        stops.push(() => core.alarms.stop());
        core.alarmSources.start();
        stops.push(() => core.alarmSources.stop());
        if (plcLinks) {
          plcLinks.start();
          stops.push(() => plcLinks.stop());
        }
        // Last so it stops first: what it tells reaches every listener, and no listener has stopped.
        if (core.peers) {
          const peers = core.peers;
          await peers.start();
          stops.push(() => peers.stop());
        }
      },
      stop: () => stops.stopAll(),
    };
    return core;
  } catch (error) {
    await stops.stopAll();
    throw error;
  }
}
