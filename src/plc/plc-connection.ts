import { readFileSync } from "node:fs";
import {
  AttributeIds,
  MessageSecurityMode,
  OPCUAClient,
  SecurityPolicy,
  StatusCodes,
  TimestampsToReturn,
  UserTokenType,
  VariableIds,
  type ClientSession,
  type ClientSubscription,
  type OPCUACertificateManager,
  type StatusCode,
  type UserIdentityInfo,
} from "node-opcua";
import { convertPEMtoDER, keyOperationsFromPrivateKey, readPrivateKey } from "node-opcua-crypto";
import { backoffDelay } from "../domain/backoff.js";
import { DomainError } from "../domain/domain-error.js";
import type { Plc, PlcSecurity } from "../domain/plant/plc.js";
import type { SignalRole } from "../domain/plant/signal.js";
import type { Clock } from "../services/clock.js";
import type { EventBus } from "../services/event-bus.js";
import type { Log } from "../services/log.js";
import { resolveNodeId } from "./resolve-node-id.js";
import { statusSample, toSample } from "./to-sample.js";

/** One PLC node that feeds one signal of one work unit. */
export interface PlcSignal {
  readonly workUnitId: string;
  /** The signal's browse name. */
  readonly signal: string;
  readonly role: SignalRole;
  readonly nodeId: string;
}

/**
 * CreateMonitoredItems calls are cut to this size, or to the PLC's own OperationLimits
 * MaxMonitoredItemsPerCall when that is lower: one request of 50,000 items would be a message
 * of megabytes that many PLCs refuse, and would hold the PLC's event loop for seconds.
 */
export const MONITORED_ITEMS_PER_CALL = 1000;
/** CreateMonitoredItems calls sent before the first is answered. */
const MONITORED_ITEM_CALLS_IN_FLIGHT = 2;
/** Per item, changes the PLC may queue between publishes: a burst on one tag is not lost, a stuck one cannot hog memory. */
export const MONITORED_ITEM_QUEUE_SIZE = 10;
/** A connection attempt to a dead PLC must give up quickly so the back-off, not the stack, sets the pace. */
const CONNECT_TIMEOUT_MS = 5000;

/**
 * The MES as OPC UA client of one PLC: one session, one subscription with every mapped signal,
 * each change put on the bus. When the link breaks every signal turns BadNotConnected, and a new
 * session is built with back-off; node-opcua's own reconnection is off, so there is exactly one
 * way back and its state is always known.
 */
export class PlcConnection {
  private client: OPCUAClient | undefined;
  private session: ClientSession | undefined;
  private namespaceArray: string[] = [];
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private connecting: Promise<void> | undefined;
  /** Set once the session is built and subscribed, before "connected" is announced; cleared the moment the link is lost. */
  private usable = false;

  constructor(
    private readonly plc: Plc,
    private bindings: readonly PlcSignal[],
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly log: Log,
    private readonly certificateManager: OPCUACertificateManager,
  ) {}

  get id(): string {
    return this.plc.id;
  }

  /** The signals subscribed from the next start on (a cluster instance subscribes those of the units it owns). */
  setBindings(bindings: readonly PlcSignal[]): void {
    this.bindings = bindings;
  }

  /** Begins connecting; resolves after the first attempt, connected or not (a PLC may be down at MES start). */
  async start(): Promise<void> {
    this.stopped = false;
    this.publishAllBad(StatusCodes.BadWaitingForInitialData);
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.connecting;
    // No "disconnected" event: the MES stopping is not the PLC going away, and must not be recorded as such.
    await this.teardown();
  }

  /** True from the "connected" event on: a listener of that event may use the session at once. */
  get connected(): boolean {
    return this.usable && this.session !== undefined;
  }

  /**
   * Runs `work` on the live session, with node ids resolved against this PLC's namespace array
   * (dispatch drivers write tags and call methods through it). Refused as unavailable while the
   * PLC is not connected: a driver must wait for the next "connected" event, not queue blindly.
   */
  async withSession<T>(work: (session: ClientSession, resolve: (nodeId: string) => string) => Promise<T>): Promise<T> {
    const session = this.session;
    if (!session || !this.usable) throw new DomainError("unavailable", `PLC ${this.plc.id} is not connected`, { plcId: this.plc.id });
    const namespaceArray = this.namespaceArray;
    return work(session, (nodeId) => resolveNodeId(nodeId, namespaceArray));
  }

  private connect(): Promise<void> {
    this.connecting = this.tryConnect().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async tryConnect(): Promise<void> {
    if (this.stopped) return;
    this.bus.emit("plc.connection", { plcId: this.plc.id, state: "connecting", at: this.clock.now() });
    const client = OPCUAClient.create({
      applicationName: "opcua-mes",
      clientName: `opcua-mes:${this.plc.id}`,
      endpointMustExist: false,
      securityMode: MessageSecurityMode[this.plc.security.mode],
      securityPolicy: SecurityPolicy[this.plc.security.policy],
      // The PLC's certificate must be in the PLC trust list (npm run pki -- trust --plc); an unknown one lands in its rejected folder.
      clientCertificateManager: this.certificateManager,
      connectionStrategy: { maxRetry: 0, initialDelay: 100, maxDelay: 200 },
      transportTimeout: CONNECT_TIMEOUT_MS,
      keepSessionAlive: true,
      requestedSessionTimeout: 60_000,
    });
    this.client = client;
    try {
      await client.connect(this.plc.endpointUrl);
      client.on("connection_lost", () => this.onLost("connection lost"));
      client.on("close", () => this.onLost("connection closed"));
      const session = await client.createSession(userIdentityOf(this.plc.security));
      this.session = session;
      session.on("session_closed", () => this.onLost("session closed"));
      session.on("keepalive_failure", () => this.onLost("keep-alive failed"));
      const namespaceArray = await session.readNamespaceArray();
      this.namespaceArray = namespaceArray;
      await this.subscribe(session, namespaceArray);
      if (this.stopped) return;
      const attempts = this.attempt + 1;
      this.attempt = 0;
      // Usable before it is announced: drivers resume (reconcile, re-send) from the event itself.
      this.usable = true;
      this.log.info(`PLC ${this.plc.id} connected (${shownUrl(this.plc.endpointUrl)})`, { event: "plc.connection", plcId: this.plc.id, state: "connected", endpointUrl: shownUrl(this.plc.endpointUrl), attempts });
      this.bus.emit("plc.connection", { plcId: this.plc.id, state: "connected", at: this.clock.now() });
    } catch (error) {
      await this.failed(error instanceof Error ? error.message : String(error));
    }
  }

  private async subscribe(session: ClientSession, namespaceArray: string[]): Promise<void> {
    const subscription = await session.createSubscription2({
      requestedPublishingInterval: this.plc.publishingIntervalMs,
      requestedLifetimeCount: 60,
      requestedMaxKeepAliveCount: 10,
      maxNotificationsPerPublish: 0,
      publishingEnabled: true,
      priority: 10,
    });
    const started = performance.now();
    const perCall = await monitoredItemsPerCall(session);
    const chunks: PlcSignal[][] = [];
    for (let start = 0; start < this.bindings.length; start += perCall) chunks.push(this.bindings.slice(start, start + perCall));
    let created = 0;
    // A few calls in flight: the PLC creates one batch while the MES wires up the last, without one huge request.
    const next = chunks.values();
    await Promise.all(
      Array.from({ length: Math.min(MONITORED_ITEM_CALLS_IN_FLIGHT, chunks.length) }, async () => {
        for (const chunk of next) {
          const accepted = await this.monitor(subscription, chunk, namespaceArray);
          created += accepted;
        }
      }),
    );
    const ms = Math.round(performance.now() - started);
    // How long a large PLC takes to come up (the relay benchmark reads this line).
    this.log.info(`PLC ${this.plc.id}: ${created} monitored items created in ${ms} ms (${perCall} per call)`, { event: "plc.monitored_items", plcId: this.plc.id, created, refused: this.bindings.length - created, ms, perCall });
  }

  /** Monitors one batch of signals; returns how many the PLC accepted. */
  private async monitor(subscription: ClientSubscription, chunk: readonly PlcSignal[], namespaceArray: string[]): Promise<number> {
    const resolved = chunk.map((binding) => {
      try {
        return resolveNodeId(binding.nodeId, namespaceArray);
      } catch (error) {
        this.log.warn(`PLC ${this.plc.id}, ${binding.workUnitId}.${binding.signal}: ${(error as Error).message}`);
        return undefined;
      }
    });
    const items = chunk.map((binding, i) => ({ binding, nodeId: resolved[i] })).filter((item) => item.nodeId !== undefined);
    for (const [i, binding] of chunk.entries()) {
      if (resolved[i] === undefined) this.publish(binding, StatusCodes.BadNodeIdUnknown);
    }
    if (items.length === 0) return 0;
    const group = await subscription.monitorItems(
      items.map((item) => ({ nodeId: item.nodeId!, attributeId: AttributeIds.Value })),
      { samplingInterval: this.plc.samplingIntervalMs, queueSize: MONITORED_ITEM_QUEUE_SIZE, discardOldest: true },
      TimestampsToReturn.Both,
    );
    group.on("changed", (_item, dataValue, index) => {
      const binding = items[index]?.binding;
      if (binding) this.bus.emit("signal.changed", { workUnitId: binding.workUnitId, signal: binding.signal, role: binding.role, sample: toSample(dataValue) });
    });
    // An item the PLC refused (unknown node, no read access) shows the PLC's reason on the mirror.
    let accepted = 0;
    group.monitoredItems.forEach((item, index) => {
      if (item.statusCode.isNotGood()) this.publish(items[index].binding, item.statusCode);
      else accepted++;
    });
    return accepted;
  }

  private onLost(reason: string): void {
    if (this.stopped || !this.usable || !this.client) return;
    void this.failed(reason);
  }

  private async failed(reason: string): Promise<void> {
    await this.teardown();
    if (this.stopped) return;
    // One line when the link goes (or the first attempt fails), not one per retry of a PLC that stays down.
    if (this.attempt === 0) this.log.warn(`PLC ${this.plc.id} not connected (${reason}); retrying with back-off up to ${this.plc.reconnect.maxDelayMs} ms`, { event: "plc.connection", plcId: this.plc.id, state: "disconnected", endpointUrl: shownUrl(this.plc.endpointUrl), reason });
    const delay = backoffDelay(this.attempt++, this.plc.reconnect.initialDelayMs, this.plc.reconnect.maxDelayMs, Math.random());
    this.bus.emit("plc.connection", { plcId: this.plc.id, state: "disconnected", at: this.clock.now(), error: reason });
    this.publishAllBad(StatusCodes.BadNotConnected);
    this.retryTimer = setTimeout(() => void this.connect(), delay);
  }

  private async teardown(): Promise<void> {
    this.usable = false;
    const client = this.client;
    const session = this.session;
    this.client = undefined;
    this.session = undefined;
    if (!client) return;
    client.removeAllListeners();
    session?.removeAllListeners();
    try {
      if (session) await withTimeout(session.close(true), 2000);
    } catch {
      // The PLC is gone or going: closing is a courtesy, not a requirement.
    }
    try {
      await withTimeout(client.disconnect(), 2000);
    } catch {
      // Same: the socket is released either way.
    }
  }

  private publishAllBad(status: StatusCode): void {
    for (const binding of this.bindings) this.publish(binding, status);
  }

  private publish(binding: PlcSignal, status: StatusCode): void {
    this.bus.emit("signal.changed", { workUnitId: binding.workUnitId, signal: binding.signal, role: binding.role, sample: statusSample(status) });
  }
}

/** MONITORED_ITEMS_PER_CALL, or less if the PLC says so (0 or no answer: it sets no limit). */
async function monitoredItemsPerCall(session: ClientSession): Promise<number> {
  try {
    const limit = await session.read({ nodeId: VariableIds.Server_ServerCapabilities_OperationLimits_MaxMonitoredItemsPerCall, attributeId: AttributeIds.Value });
    const value = limit.statusCode.isGood() ? Number(limit.value.value) : 0;
    return value > 0 ? Math.min(MONITORED_ITEMS_PER_CALL, value) : MONITORED_ITEMS_PER_CALL;
  } catch {
    return MONITORED_ITEMS_PER_CALL;
  }
}

/** The user token of the MES's session on the PLC (OPC 10000-4 §7.36). */
function userIdentityOf(security: PlcSecurity): UserIdentityInfo {
  const { identity } = security;
  if (identity.kind === "userName") return { type: UserTokenType.UserName, userName: identity.userName, password: identity.password };
  if (identity.kind === "certificate") {
    return {
      type: UserTokenType.Certificate,
      certificateData: convertPEMtoDER(readFileSync(identity.certificateFile, "utf8")),
      keyOperations: keyOperationsFromPrivateKey(readPrivateKey(identity.privateKeyFile)),
    };
  }
  return { type: UserTokenType.Anonymous };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return Promise.race([promise, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms).unref())]);
}

/** An endpoint URL as logged: without a user:password@ part, should one ever be configured. */
function shownUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, "//***@");
}
