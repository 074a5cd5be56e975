import path from "node:path";
import type Router from "koa-router";
import { createHttpApp, listen, type RunningHttpServer } from "../../src/api/http-app.js";
import { loadConfig } from "../../src/config/load-config.js";
import { CallbackOutbox } from "../../src/services/callback-outbox.js";
import { CallbackSender, type CallbackSettings } from "../../src/services/callback-sender.js";
import { flattenPlant } from "../../src/domain/equipment.js";
import { CalendarService } from "../../src/services/calendar-service.js";
import { systemClock, uuidV7, type Clock } from "../../src/services/clock.js";
import { OeeService } from "../../src/services/oee-service.js";
import { PersonnelService } from "../../src/services/personnel-service.js";
import { ScheduleService } from "../../src/services/schedule-service.js";
import { ScrapService } from "../../src/services/scrap-service.js";
import { DowntimeService } from "../../src/services/downtime-service.js";
import { EquipmentService } from "../../src/services/equipment-service.js";
import { EventBus } from "../../src/services/event-bus.js";
import { JobOrderService } from "../../src/services/job-order-service.js";
import { LiveState } from "../../src/services/live-state.js";
import { silentLog } from "../../src/services/log.js";
import { MasterDataService } from "../../src/services/master-data-service.js";
import { syncPlant } from "../../src/services/plant-sync.js";
import type { Store } from "../../src/services/ports.js";
import { WorkOrderService } from "../../src/services/work-order-service.js";
import { openStore } from "../../src/store/open-store.js";

export interface RestApp {
  readonly url: string;
  readonly store: Store;
  readonly bus: EventBus;
  readonly jobs: JobOrderService;
  readonly workOrders: WorkOrderService;
  readonly schedules: ScheduleService;
  readonly router: Router;
  close(): Promise<void>;
}

/** The REST door over the real services and a real database with the demo plant, without PLCs or OPC UA. */
export async function startRestApp(
  databaseUrl: string,
  callbacks: CallbackSettings = { timeoutMs: 2000, maxAttempts: 5, initialDelayMs: 50, maxDelayMs: 400 },
  clock: Clock = systemClock,
): Promise<RestApp> {
  const store = await openStore(databaseUrl);
  const { plant, oee: oeeConfig, scheduling } = loadConfig(path.resolve("config"), {});
  await syncPlant(store, plant, clock, uuidV7);
  const equipment = flattenPlant(plant.enterprise);
  const calendars = new CalendarService(store, equipment, clock, uuidV7);
  await calendars.seed(oeeConfig.calendars);
  const oee = new OeeService(store, calendars, equipment, oeeConfig, clock);
  const bus = new EventBus();
  const live = new LiveState(plant, bus);
  const jobs = new JobOrderService(store, bus, clock, uuidV7, 100);
  const workOrders = new WorkOrderService(store, jobs, bus, new CallbackOutbox(clock, uuidV7), clock, uuidV7);
  const schedules = new ScheduleService(store, calendars, equipment, oeeConfig, scheduling, bus, clock, uuidV7);
  const sender = new CallbackSender(store, bus, clock, silentLog, callbacks);
  sender.start();
  const { app, router } = createHttpApp({
    store,
    live,
    equipment: new EquipmentService(store, live),
    masterData: new MasterDataService(store, clock, uuidV7),
    workOrders,
    jobs,
    oee,
    calendars,
    downtime: new DowntimeService(store, oee, oeeConfig, clock, uuidV7),
    scrap: new ScrapService(store, oee, oeeConfig, clock, uuidV7),
    oeeConfig,
    schedules,
    personnel: new PersonnelService(store, calendars, equipment, scheduling.staffing, clock, uuidV7),
    log: silentLog,
    version: "test",
    startedAt: new Date(),
  });
  const server: RunningHttpServer = await listen(app, 0, "127.0.0.1");
  return {
    url: server.url,
    store,
    bus,
    jobs,
    workOrders,
    schedules,
    router,
    async close() {
      await server.close();
      await sender.stop();
      live.close();
      await store.close();
    },
  };
}
