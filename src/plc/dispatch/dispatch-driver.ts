import type { WorkUnit } from "../../domain/plant/plant.js";
import type { PlcAggregator } from "../plc-aggregator.js";
import type { Clock, IdGenerator } from "../../services/clock.js";
import type { EventBus } from "../../services/event-bus.js";
import type { JobOrderService } from "../../services/job-order-service.js";
import type { Log } from "../../services/log.js";
import type { StationDispatchService } from "../../services/station-dispatch-service.js";
import type { Store } from "../../services/ports/store.js";

/** A driver that takes job orders to one work unit's PLC and moves them as the PLC reports back. */
export interface DispatchDriver {
  start(): Promise<void>;
  /** Stops listening and releases what it holds; a job in progress stays as it is in the database. */
  stop(): Promise<void>;
}

/** What every MES-side driver may use: the job-order services, the bus, and the PLC connections. */
export interface DispatchDriverContext {
  readonly store: Store;
  readonly bus: EventBus;
  readonly jobs: JobOrderService;
  /** Decides next job, begin, progress, completion and hold: a driver only speaks its protocol. */
  readonly dispatch: StationDispatchService;
  readonly plcs: PlcAggregator;
  readonly clock: Clock;
  readonly newId: IdGenerator;
  readonly log: Log;
}

export type DispatchDriverFactory = (unit: WorkUnit, context: DispatchDriverContext) => DispatchDriver;
