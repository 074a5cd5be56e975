import type { GenealogyService } from "../services/inventory/genealogy-service.js";
import type { MaterialClassService } from "../services/inventory/material-class-service.js";
import type { InventoryService } from "../services/inventory/inventory-service.js";
import { inventoryRoutes } from "./routes/inventory-routes.js";
import { materialClassRoutes } from "./routes/material-class-routes.js";
import type { AlarmService } from "../services/alarms/alarm-service.js";
import { alarmRoutes } from "./routes/alarm-routes.js";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Koa from "koa";
import Router from "koa-router";
import type { OeeSettings } from "../domain/oee/oee-settings.js";
import type { CalendarService } from "../services/calendar-service.js";
import type { DowntimeService } from "../services/downtime-service.js";
import type { EquipmentService } from "../services/equipment-service.js";
import type { JobOrderNames } from "../services/job-order-names.js";
import type { JobOrderService } from "../services/job-order-service.js";
import type { StationDispatchService } from "../services/station-dispatch-service.js";
import type { LiveState } from "../services/live-state.js";
import type { Log } from "../services/log.js";
import type { MasterDataService } from "../services/master-data-service.js";
import type { OeeService } from "../services/oee-service.js";
import type { Store } from "../services/ports/store.js";
import type { PersonnelService } from "../services/personnel-service.js";
import type { PkiService } from "../services/pki-service.js";
import type { ScheduleService } from "../services/schedule-service.js";
import type { ScrapService } from "../services/scrap-service.js";
import type { ControlLimitsService } from "../services/quality/control-limits-service.js";
import type { DueInspectionService } from "../services/quality/due-inspections.js";
import type { NcrService } from "../services/quality/ncr-service.js";
import type { InspectionPlanService } from "../services/quality/plan-service.js";
import type { QualityResultService } from "../services/quality/result-service.js";
import type { WorkOrderService } from "../services/work-order-service.js";
import type { AccessService } from "../services/access-service.js";
import type { UserService } from "../services/user-service.js";
import { authenticate } from "./auth/authenticate.js";
import { declaredRoutes, requires } from "./auth/route-access.js";
import { cors } from "./cors.js";
import { errorMiddleware } from "./error-middleware.js";
import { documentAccess, openApiDocument } from "./openapi.js";
import { accessRoutes } from "./routes/access-routes.js";
import { auditRoutes } from "./routes/audit-routes.js";
import { securityHeaders } from "./security-headers.js";
import { liveRoutes } from "./routes/live-routes.js";
import { staticUi } from "./static-ui.js";
import type { EventBus } from "../services/event-bus.js";
import type { OverviewService } from "../services/overview-service.js";
import { equipmentRoutes } from "./routes/equipment-routes.js";
import { healthRoutes } from "./routes/health-routes.js";
import { metricsRoutes } from "./routes/metrics-routes.js";
import { requestLog } from "./request-log.js";
import type { MesMetrics } from "../metrics/mes-metrics.js";
import type { ScrapeAccess } from "./auth/route-access.js";
import { jobOrderRoutes } from "./routes/job-order-routes.js";
import { masterDataRoutes } from "./routes/master-data-routes.js";
import { lossRoutes } from "./routes/loss-routes.js";
import { qualityRoutes } from "./routes/quality-routes.js";
import { maintenanceRoutes, type MaintenanceServices } from "./routes/maintenance-routes.js";
import { oeeRoutes } from "./routes/oee-routes.js";
import { personnelRoutes } from "./routes/personnel-routes.js";
import { pkiRoutes } from "./routes/pki-routes.js";
import { scheduleRoutes } from "./routes/schedule-routes.js";
import { workOrderRoutes } from "./routes/work-order-routes.js";
import { workUnitJobRoutes } from "./routes/work-unit-job-routes.js";

export interface HttpDependencies {
  readonly store: Store;
  readonly live: LiveState;
  readonly equipment: EquipmentService;
  readonly masterData: MasterDataService;
  readonly workOrders: WorkOrderService;
  readonly jobs: JobOrderService;
  readonly jobNames: JobOrderNames;
  readonly stationDispatch: StationDispatchService;
  readonly oee: OeeService;
  readonly calendars: CalendarService;
  readonly downtime: DowntimeService;
  readonly scrap: ScrapService;
  readonly quality: { readonly plans: InspectionPlanService; readonly results: QualityResultService; readonly ncrs: NcrService; readonly due: DueInspectionService; readonly limits: ControlLimitsService };
  readonly maintenance: MaintenanceServices;
  readonly oeeConfig: OeeSettings;
  readonly schedules: ScheduleService;
  readonly personnel: PersonnelService;
  readonly pki: PkiService;
  readonly inventory: InventoryService;
  readonly genealogy: GenealogyService;
  readonly materialClasses: MaterialClassService;
  readonly alarms: AlarmService;
  readonly users: UserService;
  readonly access: AccessService;
  readonly overview: OverviewService;
  readonly bus: EventBus;
  /** Where the built web UI is (dist/web). */
  readonly uiFolder: string;
  readonly http: { readonly corsOrigins: readonly string[]; readonly secureCookies: boolean; readonly trustProxy?: boolean };
  readonly log: Log;
  readonly metrics: MesMetrics;
  /** GET /metrics, and who may scrape it (mes.yaml `metrics`). */
  readonly metricsRoute: ScrapeAccess & { readonly enabled: boolean };
  readonly version: string;
  readonly startedAt: Date;
}

export function createHttpApp(deps: HttpDependencies): { app: Koa; router: Router } {
  const app = new Koa({ proxy: deps.http.trustProxy ?? false });
  const router = new Router();
  const openApi = openApiDocument(deps.version, { metrics: deps.metricsRoute.enabled });
  router.get("/api/openapi.json", requires("public"), (ctx) => {
    ctx.body = openApi;
  });
  accessRoutes(router, deps.access, deps.users, deps.http.secureCookies);
  auditRoutes(router, deps.store);
  liveRoutes(router, deps.overview, deps.bus);
  healthRoutes(router, deps.store, deps.live, deps.startedAt);
  if (deps.metricsRoute.enabled) metricsRoutes(router, deps.metrics, deps.metricsRoute);
  equipmentRoutes(router, deps.equipment);
  masterDataRoutes(router, deps.masterData);
  workOrderRoutes(router, deps.workOrders, deps.jobNames);
  jobOrderRoutes(router, deps.jobs, deps.jobNames);
  workUnitJobRoutes(router, deps.stationDispatch, deps.jobNames);
  oeeRoutes(router, deps.oee, deps.calendars);
  lossRoutes(router, deps.downtime, deps.scrap, deps.oeeConfig);
  qualityRoutes(router, deps.quality.plans, deps.quality.results, deps.quality.ncrs, deps.quality.due, deps.quality.limits);
  maintenanceRoutes(router, deps.maintenance);
  scheduleRoutes(router, deps.schedules);
  personnelRoutes(router, deps.personnel);
  pkiRoutes(router, deps.pki);
  inventoryRoutes(router, deps.inventory, deps.genealogy, deps.store);
  materialClassRoutes(router, deps.materialClasses);
  alarmRoutes(router, deps.alarms);
  // Throws for a route without requires(...): a new route cannot be left open by mistake.
  documentAccess(openApi, declaredRoutes(router));
  // A browser that closes an event stream or a page mid-answer is no error of the MES's.
  app.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "ERR_STREAM_PREMATURE_CLOSE" || error.code === "ECONNRESET" || error.code === "EPIPE") return;
    deps.log.error("HTTP", error);
  });
  app.use(securityHeaders(deps.http.secureCookies));
  // Outside the error middleware, so it logs and counts the status the client gets.
  app.use(requestLog(deps.log, deps.metrics));
  app.use(errorMiddleware(deps.log));
  app.use(cors(deps.http.corsOrigins));
  app.use(authenticate(deps.access));
  app.use(router.routes());
  app.use(router.allowedMethods());
  app.use(staticUi(deps.uiFolder));
  return { app, router };
}

export interface RunningHttpServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function listen(app: Koa, port: number, host: string): Promise<RunningHttpServer> {
  const server = http.createServer(app.callback());
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = host === "0.0.0.0" || host === "::" ? "localhost" : host;
  return {
    url: `http://${shownHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
