import path from "node:path";
import type Router from "koa-router";
import { createHttpApp, listen } from "../api/http-app.js";
import { PACKAGE_ROOT, PACKAGE_VERSION } from "../package-root.js";
import type { MesCore } from "./mes-core.js";

export interface HttpDoorOptions {
  /** Where the built web UI is; default dist/web of the package. */
  readonly uiFolder?: string;
  /** The version the OpenAPI document states; default the package's. */
  readonly version?: string;
}

export interface HttpDoor {
  readonly url: string;
  readonly router: Router;
  stop(): Promise<void>;
}

/** The REST API for the ERP, the event stream and the web UI, over the core, on settings.http. */
export async function startHttpDoor(core: MesCore, options: HttpDoorOptions = {}): Promise<HttpDoor> {
  const { settings } = core.config;
  const { app, router } = createHttpApp({
    store: core.store,
    live: core.live,
    equipment: core.equipment,
    masterData: core.masterData,
    workOrders: core.workOrders,
    jobs: core.jobs,
    jobNames: core.jobNames,
    stationDispatch: core.stationDispatch,
    oee: core.oee,
    calendars: core.calendars,
    downtime: core.downtime,
    scrap: core.scrap,
    quality: core.quality,
    maintenance: core.maintenance,
    oeeConfig: core.config.oee,
    schedules: core.schedules,
    personnel: core.personnel,
    pki: core.pki,
    inventory: core.inventory,
    genealogy: core.genealogy,
    materialClasses: core.materialClasses,
    alarms: core.alarms,
    users: core.users,
    access: core.access,
    overview: core.overview,
    bus: core.bus,
    uiFolder: options.uiFolder ?? path.join(PACKAGE_ROOT, "dist/web"),
    http: settings.http,
    log: core.log,
    metrics: core.metrics,
    metricsRoute: settings.metrics,
    version: options.version ?? PACKAGE_VERSION,
    startedAt: core.clock.now(),
  });
  const server = await listen(app, settings.http.port, settings.http.host);
  return { url: server.url, router, stop: () => server.close() };
}
