import { AttributeIds, MessageSecurityMode, OPCUAClient, SecurityPolicy, TimestampsToReturn, type ClientSession, type ClientSubscription } from "node-opcua";
import { percentile } from "./stats.js";

export interface ProbeSettings {
  readonly publishingIntervalMs: number;
  readonly samplingIntervalMs: number;
  readonly queueSize: number;
  readonly warmupSeconds: number;
  readonly seconds: number;
}

/** Where the changes come from: read after the window, it says how many were made (the simulator's own sequence numbers). */
export interface ProbeSource {
  readonly endpointUrl: string;
  readonly nodeIds: readonly string[];
}

export interface ProbeResult {
  readonly sessions: number;
  /** Time to create every monitored item (CreateMonitoredItems calls, chunked); of the slowest session when there are several. */
  readonly creationMs: number;
  /** Notifications received during the window, all sessions together. */
  readonly changes: number;
  readonly changesPerSecond: number;
  readonly latencyMs: { p50: number | null; p99: number | null; max: number | null };
  /** Changes the simulator made from the window's start to its end (its sequence numbers read then), times the sessions (each must see every one). */
  readonly sent: number;
  /** Of those, the ones that reached a client (each sequence number once per session), after the stragglers were awaited. */
  readonly received: number;
  /** sent - received. */
  readonly lost: number;
}

const ITEMS_PER_CALL = 1000;
const NODES_PER_READ = 5000;
/** How long the stragglers of the window may take to arrive before they count as lost. */
const DRAIN_MS = 5000;

/** One client session's subscription: per-tag sequence numbers as last seen. */
interface Probe {
  readonly client: OPCUAClient;
  readonly session: ClientSession;
  readonly subscription: ClientSubscription;
  creationMs: number;
  readonly last: Int32Array;
  /** From the window's start on, each new value is kept as an arrival. */
  counting: boolean;
  /** Tag index and sequence number of each new value after the baseline, in pairs: counted against the simulator once its count is read. */
  arrivals: Int32Array;
  arrivalCount: number;
}

/**
 * `sessions` OPC UA clients at once, each subscribed to `nodeIds` whose values are per-tag
 * sequence numbers stamped by the simulator: latency = receipt - source timestamp. Loss is counted
 * against the simulator: its sequence numbers at the window's end minus those at its start are the
 * changes it made, and each session must receive every one of them.
 */
export async function probeSubscription(endpointUrl: string, nodeIds: readonly string[], settings: ProbeSettings, source: ProbeSource, sessions = 1): Promise<ProbeResult> {
  let measuring = false;
  let changes = 0;
  let latencies = new Float64Array(1 << 16);
  const onValue = (probe: Probe, index: number, value: unknown, sourceTimestamp: Date | null) => {
    const receivedAt = Date.now();
    if (typeof value !== "number") return;
    const previous = probe.last[index];
    if (value <= previous) return;
    probe.last[index] = value;
    if (probe.counting) {
      if (probe.arrivalCount * 2 === probe.arrivals.length) {
        const bigger = new Int32Array(probe.arrivals.length * 2);
        bigger.set(probe.arrivals);
        probe.arrivals = bigger;
      }
      probe.arrivals[probe.arrivalCount * 2] = index;
      probe.arrivals[probe.arrivalCount * 2 + 1] = value;
      probe.arrivalCount++;
    }
    if (!measuring || previous < 0) return;
    if (changes === latencies.length) {
      const bigger = new Float64Array(latencies.length * 2);
      bigger.set(latencies);
      latencies = bigger;
    }
    latencies[changes++] = sourceTimestamp ? receivedAt - sourceTimestamp.getTime() : Number.NaN;
  };

  const probes = await Promise.all(Array.from({ length: sessions }, () => openProbe(endpointUrl, nodeIds, settings, onValue)));
  try {
    await sleep(settings.warmupSeconds * 1000);
    // Counted against the simulator, not against what a session saw so far: a session that is late
    // with its initial values (50 of them on 2 cores) must not shift its own baseline.
    for (const probe of probes) probe.counting = true;
    const baseline = await readSequences(source);
    measuring = true;
    const from = performance.now();
    await sleep(settings.seconds * 1000);
    measuring = false;
    const elapsed = (performance.now() - from) / 1000;
    const target = await readSequences(source);
    const drainUntil = performance.now() + DRAIN_MS;
    while (performance.now() < drainUntil && !probes.every((probe) => caughtUp(probe.last, target))) await sleep(50);

    let sent = 0;
    for (let i = 0; i < target.length; i++) sent += Math.max(0, target[i] - baseline[i]) * probes.length;
    // Values are per-tag sequence numbers that only grow: each arrival up to the simulator's count is one change received.
    let received = 0;
    for (const probe of probes) {
      for (let a = 0; a < probe.arrivalCount; a++) {
        const [index, value] = [probe.arrivals[a * 2], probe.arrivals[a * 2 + 1]];
        if (value > baseline[index] && value <= target[index]) received++;
      }
    }
    const sample = latencies.subarray(0, changes).filter((v) => !Number.isNaN(v));
    return {
      sessions,
      creationMs: Math.max(...probes.map((probe) => probe.creationMs)),
      changes,
      changesPerSecond: changes / elapsed,
      latencyMs: { p50: percentile(sample, 50), p99: percentile(sample, 99), max: sample.length ? sample.reduce((a, b) => Math.max(a, b), 0) : null },
      sent,
      received,
      lost: sent - received,
    };
  } finally {
    await Promise.all(probes.map(closeProbe));
  }
}

async function openProbe(endpointUrl: string, nodeIds: readonly string[], settings: ProbeSettings, onValue: (probe: Probe, index: number, value: unknown, sourceTimestamp: Date | null) => void): Promise<Probe> {
  const client = OPCUAClient.create({ endpointMustExist: false, securityMode: MessageSecurityMode.None, securityPolicy: SecurityPolicy.None, connectionStrategy: { maxRetry: 3, initialDelay: 200, maxDelay: 1000 }, requestedSessionTimeout: 120_000 });
  await client.connect(endpointUrl);
  const session = await client.createSession();
  const subscription = await session.createSubscription2({
    requestedPublishingInterval: settings.publishingIntervalMs,
    requestedMaxKeepAliveCount: 20,
    requestedLifetimeCount: 200,
    maxNotificationsPerPublish: 0,
    publishingEnabled: true,
  });
  const started = performance.now();
  const probe: Probe = { client, session, subscription, creationMs: 0, last: new Int32Array(nodeIds.length).fill(-1), counting: false, arrivals: new Int32Array(1 << 12), arrivalCount: 0 };
  for (let start = 0; start < nodeIds.length; start += ITEMS_PER_CALL) {
    const chunk = nodeIds.slice(start, start + ITEMS_PER_CALL);
    const group = await subscription.monitorItems(
      chunk.map((nodeId) => ({ nodeId, attributeId: AttributeIds.Value })),
      { samplingInterval: settings.samplingIntervalMs, queueSize: settings.queueSize, discardOldest: true },
      TimestampsToReturn.Both,
    );
    group.on("changed", (_item, dataValue, index) => onValue(probe, start + index, dataValue.value.value, dataValue.sourceTimestamp));
  }
  probe.creationMs = performance.now() - started;
  return probe;
}

async function closeProbe(probe: Probe): Promise<void> {
  await probe.subscription.terminate().catch(() => {});
  await probe.session.close().catch(() => {});
  await probe.client.disconnect().catch(() => {});
}

/** The simulator's sequence number of every tag, now. */
async function readSequences(source: ProbeSource): Promise<Int32Array> {
  const client = OPCUAClient.create({ endpointMustExist: false, securityMode: MessageSecurityMode.None, securityPolicy: SecurityPolicy.None, connectionStrategy: { maxRetry: 3, initialDelay: 200, maxDelay: 1000 } });
  await client.connect(source.endpointUrl);
  try {
    const session = await client.createSession();
    const values = new Int32Array(source.nodeIds.length);
    for (let start = 0; start < source.nodeIds.length; start += NODES_PER_READ) {
      const read = await session.read(source.nodeIds.slice(start, start + NODES_PER_READ).map((nodeId) => ({ nodeId, attributeId: AttributeIds.Value })));
      read.forEach((dataValue, i) => (values[start + i] = Number(dataValue.value.value)));
    }
    await session.close();
    return values;
  } finally {
    await client.disconnect();
  }
}

function caughtUp(last: Int32Array, target: Int32Array): boolean {
  for (let i = 0; i < target.length; i++) if (last[i] < target[i]) return false;
  return true;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
