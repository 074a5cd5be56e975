import path from "node:path";
import type Router from "koa-router";
import { createHttpApp, listen, type RunningHttpServer } from "../../src/api/http-app.js";
import { loadConfig } from "../../src/config/load-config.js";
import type { CallbackTargets } from "../../src/domain/callback-targets.js";
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
import type { Store } from "../../src/services/ports/store.js";
import { WorkOrderService } from "../../src/services/work-order-service.js";
import { openStore } from "../../src/store/open-store.js";
import { ROLES, type Role } from "../../src/domain/roles.js";
import { AccessService, type AccessSettings } from "../../src/services/access-service.js";
import { UserService } from "../../src/services/user-service.js";
import { OverviewService } from "../../src/services/overview-service.js";
import { PACKAGE_ROOT } from "../../src/package-root.js";
import { useDefaultToken } from "./rest-call.js";

export interface RestApp {
  readonly url: string;
  readonly store: Store;
  readonly bus: EventBus;
  readonly jobs: JobOrderService;
  readonly workOrders: WorkOrderService;
  readonly schedules: ScheduleService;
  readonly router: Router;
  readonly users: UserService;
  readonly access: AccessService;
  /** An API token of an account `test-<role>` for every role; requests carry the Admin's unless they say otherwise. */
  readonly tokens: Readonly<Record<Role, string>>;
  close(): Promise<void>;
}

export interface RestAppOptions {
  readonly corsOrigins?: readonly string[];
  readonly security?: Partial<AccessSettings>;
  /** Where callbacks may go; "any", as the demo profile allows, unless a test says otherwise. */
  readonly callbackTargets?: CallbackTargets;
}

const TEST_ACCESS: AccessSettings = { sessionTtlMinutes: 60, maxTokenDays: 365, login: { maxFailures: 5, windowSeconds: 300 } };

/** The REST door over the real services and a real database with the demo plant, without PLCs or OPC UA. */
export async function startRestApp(
  databaseUrl: string,
  callbacks: CallbackSettings = { timeoutMs: 2000, maxAttempts: 5, initialDelayMs: 50, maxDelayMs: 400 },
  clock: Clock = systemClock,
  options: RestAppOptions = {},
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
  const callbackTargets = options.callbackTargets ?? "any";
  const workOrders = new WorkOrderService(store, jobs, bus, new CallbackOutbox(clock, uuidV7, callbackTargets), clock, uuidV7);
  const schedules = new ScheduleService(store, calendars, equipment, oeeConfig, scheduling, bus, clock, uuidV7);
  const sender = new CallbackSender(store, bus, clock, silentLog, callbacks, callbackTargets);
  sender.start();
  const users = new UserService(store, clock, uuidV7);
  const access = new AccessService(store, users, clock, uuidV7, { ...TEST_ACCESS, ...options.security });
  const setup = { id: "test-setup", role: null, door: "config" } as const;
  const tokens = {} as Record<Role, string>;
  for (const role of ROLES) {
    const id = `test-${role.toLowerCase()}`;
    if (!(await users.refresh(id))) await users.create({ id, name: `Test ${role}`, roles: [role], password: null }, setup);
    tokens[role] = (await access.issueToken(id, { name: "tests" }, setup)).token;
  }
  const equipmentService = new EquipmentService(store, live);
  const { app, router } = createHttpApp({
    store,
    live,
    equipment: equipmentService,
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
    users,
    access,
    overview: new OverviewService(equipmentService, live, jobs, oee, bus),
    bus,
    uiFolder: path.join(PACKAGE_ROOT, "dist/web"),
    http: { corsOrigins: options.corsOrigins ?? [], secureCookies: false },
    log: silentLog,
    version: "test",
    startedAt: new Date(),
  });
  const server: RunningHttpServer = await listen(app, 0, "127.0.0.1");
  useDefaultToken(server.url, tokens.Admin);
  return {
    url: server.url,
    store,
    bus,
    jobs,
    workOrders,
    schedules,
    router,
    users,
    access,
    tokens,
    async close() {
      await server.close();
      await sender.stop();
      live.close();
      await store.close();
    },
  };
}
