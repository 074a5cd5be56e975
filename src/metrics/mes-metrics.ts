import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { jobStateName } from "../domain/job-order-state-machine.js";
import { workUnitsOf, type Plant } from "../domain/plant/plant.js";
import type { EventBus } from "../services/event-bus.js";
import { processRegistry } from "./process-metrics.js";

/** What the OPC UA server counts of its clients, read at each scrape. */
export interface OpcuaServerCounts {
  readonly sessions: number;
  readonly subscriptions: number;
  /** Sessions refused since start (server full, a client over its limit, a bad login). */
  readonly rejectedSessions: number;
}

/** The production recorder's backlog, read at each scrape. */
export interface ProductionBacklog {
  readonly records: number;
  /** When the oldest count not yet written arrived; null with nothing pending. */
  readonly oldestAt: Date | null;
}

/** Read at each scrape; a source that is not there yet (the OPC UA door not open) is skipped. */
interface Sources {
  opcua?: () => OpcuaServerCounts;
  outboxDepth?: () => Promise<number>;
  production?: () => ProductionBacklog;
  now: () => Date;
}

/** A transaction is a few milliseconds on SQLite, longer on a busy cluster: buckets from 1 ms to 10 s. */
const TRANSACTION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Counts are written once per production.flushIntervalMs (1 s by default); minutes mean the database is not taking them. */
const FLUSH_LAG_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 900];

/**
 * The MES's figures for Prometheus. Each MES owns a registry of its own (never prom-client's
 * global one), so several can run in one process (the tests do); the process's own figures
 * (CPU, memory, event loop lag, GC) are one set per process, merged in when scraped.
 */
export class MesMetrics {
  readonly registry = new Registry();
  private readonly sources: Sources;

  readonly plcConnected: Gauge<"plc">;
  readonly plcReconnects: Counter<"plc">;
  readonly plcDisconnects: Counter<"plc">;
  readonly plcSignals: Gauge<"plc">;
  readonly plcSignalChanges: Counter<"plc">;
  readonly jobTransitions: Counter<"command" | "state">;
  readonly httpRequests: Counter<"method" | "route" | "status">;
  readonly httpDuration: Histogram<"method" | "route">;
  readonly transactionDuration: Histogram<"outcome">;
  readonly transactionRetries: Counter<"reason">;
  readonly flushLag: Histogram;
  private readonly plcOf = new Map<string, string>();

  constructor(plant: Plant, now: () => Date) {
    this.sources = { now };
    const registers = [this.registry];
    const sources = this.sources;
    this.plcConnected = new Gauge({ name: "mes_plc_connected", help: "1 while the MES has a usable session with the PLC, 0 otherwise", labelNames: ["plc"], registers });
    this.plcReconnects = new Counter({ name: "mes_plc_reconnects_total", help: "Sessions to the PLC rebuilt after one was lost", labelNames: ["plc"], registers });
    this.plcDisconnects = new Counter({ name: "mes_plc_disconnects_total", help: "Connection attempts that failed or sessions that were lost", labelNames: ["plc"], registers });
    this.plcSignals = new Gauge({ name: "mes_plc_mirrored_signals", help: "PLC tags the MES subscribes to and mirrors (states, counters, jobs, extra tags)", labelNames: ["plc"], registers });
    this.plcSignalChanges = new Counter({ name: "mes_plc_signal_changes_total", help: "Value or status changes of mirrored tags (rate() gives notifications per second)", labelNames: ["plc"], registers });
    this.jobTransitions = new Counter({ name: "mes_job_transitions_total", help: "Job-order transitions by command and the state reached (removed: cancelled or cleared)", labelNames: ["command", "state"], registers });
    this.httpRequests = new Counter({ name: "mes_http_requests_total", help: "REST and UI requests by route pattern, method and status", labelNames: ["method", "route", "status"], registers });
    this.httpDuration = new Histogram({ name: "mes_http_request_duration_seconds", help: "Time to answer a request, headers out", labelNames: ["method", "route"], registers });
    this.transactionDuration = new Histogram({ name: "mes_db_transaction_duration_seconds", help: "Database units of work, begin to commit or rollback", labelNames: ["outcome"], buckets: TRANSACTION_BUCKETS, registers });
    this.transactionRetries = new Counter({ name: "mes_store_transaction_retries_total", help: "Units of work run again after a deadlock, a Galera certification failure or a node not ready (MySQL/MariaDB)", labelNames: ["reason"], registers });
    this.flushLag = new Histogram({ name: "mes_production_flush_lag_seconds", help: "At each write of production records: how long their oldest count waited in memory", buckets: FLUSH_LAG_BUCKETS, registers });
    new Gauge({
      name: "mes_production_pending_records",
      help: "Production records held in memory, not yet written",
      registers,
      collect() {
        const backlog = sources.production?.();
        if (backlog) this.set(backlog.records);
      },
    });
    new Gauge({
      name: "mes_production_oldest_pending_seconds",
      help: "Age of the oldest count not yet written (0 with nothing pending); grows while the database is down",
      registers,
      collect() {
        const backlog = sources.production?.();
        if (backlog) this.set(backlog.oldestAt ? Math.max(0, (sources.now().getTime() - backlog.oldestAt.getTime()) / 1000) : 0);
      },
    });
    new Gauge({
      name: "mes_callback_outbox_depth",
      help: "ERP callbacks not yet delivered and still being retried",
      registers,
      async collect() {
        // During an outage the last known depth stays: the scrape itself must not fail.
        const depth = await sources.outboxDepth?.().catch(() => undefined);
        if (depth !== undefined) this.set(depth);
      },
    });
    new Gauge({ name: "mes_opcua_sessions", help: "OPC UA sessions open on the MES's server", registers, collect: opcua((counts) => counts.sessions) });
    new Gauge({ name: "mes_opcua_subscriptions", help: "OPC UA subscriptions on the MES's server", registers, collect: opcua((counts) => counts.subscriptions) });
    new Gauge({ name: "mes_opcua_rejected_sessions", help: "OPC UA sessions refused since start (server full, a client over its limit, a bad login)", registers, collect: opcua((counts) => counts.rejectedSessions) });

    function opcua(pick: (counts: OpcuaServerCounts) => number) {
      return function (this: Gauge) {
        const counts = sources.opcua?.();
        if (counts) this.set(pick(counts));
      };
    }

    for (const plc of plant.plcs) {
      this.plcConnected.set({ plc: plc.id }, 0);
      this.plcSignals.set({ plc: plc.id }, 0);
    }
    for (const unit of workUnitsOf(plant)) {
      this.plcOf.set(unit.id, unit.plcId);
      this.plcSignals.inc({ plc: unit.plcId }, unit.signals.length);
    }
  }

  /** Counts what the bus carries: PLC connection changes, tag changes, job-order transitions. Returns the unsubscribe. */
  watch(bus: EventBus): () => void {
    const everConnected = new Set<string>();
    const unsubscribe = [
      // Each instance counts what it does itself: a cluster's figures add up across instances.
      bus.on("plc.connection", ({ plcId, state, fromPeer }) => {
        if (fromPeer) return;
        if (state === "connected") {
          if (everConnected.has(plcId)) this.plcReconnects.inc({ plc: plcId });
          everConnected.add(plcId);
          this.plcConnected.set({ plc: plcId }, 1);
        } else {
          this.plcConnected.set({ plc: plcId }, 0);
          if (state === "disconnected") this.plcDisconnects.inc({ plc: plcId });
        }
      }),
      bus.on("signal.changed", ({ workUnitId }) => this.plcSignalChanges.inc({ plc: this.plcOf.get(workUnitId) ?? "unknown" })),
      bus.on("job.transition", ({ command, to, fromPeer }) => {
        if (!fromPeer) this.jobTransitions.inc({ command, state: to ? jobStateName(to.state) : "removed" });
      }),
    ];
    return () => unsubscribe.forEach((off) => off());
  }

  /** Where the scrape reads the OPC UA server's session counts (set when the OPC UA door opens). */
  readOpcuaFrom(counts: () => OpcuaServerCounts): void {
    this.sources.opcua = counts;
  }

  readOutboxFrom(depth: () => Promise<number>): void {
    this.sources.outboxDepth = depth;
  }

  readProductionFrom(backlog: () => ProductionBacklog): void {
    this.sources.production = backlog;
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.httpRequests.inc({ method, route, status: String(status) });
    this.httpDuration.observe({ method, route }, seconds);
  }

  observeTransaction(seconds: number, outcome: "commit" | "rollback"): void {
    this.transactionDuration.observe({ outcome }, seconds);
  }

  observeTransactionRetry(reason: string): void {
    this.transactionRetries.inc({ reason });
  }

  observeFlushLag(seconds: number): void {
    this.flushLag.observe(seconds);
  }

  /** The text a Prometheus scrape gets: this MES's figures and the process's. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    const merged = Registry.merge([processRegistry(), this.registry]);
    return { contentType: merged.contentType, body: await merged.metrics() };
  }
}
