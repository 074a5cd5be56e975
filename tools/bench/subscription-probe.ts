import { AttributeIds, MessageSecurityMode, OPCUAClient, SecurityPolicy, TimestampsToReturn } from "node-opcua";
import { percentile } from "./stats.js";

export interface ProbeSettings {
  readonly publishingIntervalMs: number;
  readonly samplingIntervalMs: number;
  readonly queueSize: number;
  readonly warmupSeconds: number;
  readonly seconds: number;
}

export interface ProbeResult {
  /** Time to create every monitored item (CreateMonitoredItems calls, chunked). */
  readonly creationMs: number;
  readonly changes: number;
  readonly changesPerSecond: number;
  readonly latencyMs: { p50: number | null; p99: number | null; max: number | null };
  /** Sequence numbers skipped between two notifications of the same tag. */
  readonly lost: number;
}

const ITEMS_PER_CALL = 1000;

/**
 * One OPC UA client subscribed to `nodeIds` whose values are per-tag sequence numbers stamped
 * by the simulator: latency = receipt - source timestamp, loss = gaps in the sequence.
 */
export async function probeSubscription(endpointUrl: string, nodeIds: readonly string[], settings: ProbeSettings): Promise<ProbeResult> {
  const client = OPCUAClient.create({ endpointMustExist: false, securityMode: MessageSecurityMode.None, securityPolicy: SecurityPolicy.None, connectionStrategy: { maxRetry: 3, initialDelay: 200, maxDelay: 1000 }, requestedSessionTimeout: 120_000 });
  await client.connect(endpointUrl);
  const session = await client.createSession();
  try {
    const subscription = await session.createSubscription2({
      requestedPublishingInterval: settings.publishingIntervalMs,
      requestedMaxKeepAliveCount: 20,
      requestedLifetimeCount: 200,
      maxNotificationsPerPublish: 0,
      publishingEnabled: true,
    });
    const last = new Int32Array(nodeIds.length).fill(-1);
    let measuring = false;
    let changes = 0;
    let lost = 0;
    let latencies = new Float64Array(1 << 16);
    const record = (index: number, value: unknown, sourceTimestamp: Date | null) => {
      const received = Date.now();
      if (typeof value !== "number") return;
      const previous = last[index];
      last[index] = value;
      if (!measuring || previous < 0) return;
      if (value > previous + 1) lost += value - previous - 1;
      if (changes === latencies.length) {
        const bigger = new Float64Array(latencies.length * 2);
        bigger.set(latencies);
        latencies = bigger;
      }
      latencies[changes++] = sourceTimestamp ? received - sourceTimestamp.getTime() : Number.NaN;
    };

    const started = performance.now();
    for (let start = 0; start < nodeIds.length; start += ITEMS_PER_CALL) {
      const chunk = nodeIds.slice(start, start + ITEMS_PER_CALL);
      const group = await subscription.monitorItems(
        chunk.map((nodeId) => ({ nodeId, attributeId: AttributeIds.Value })),
        { samplingInterval: settings.samplingIntervalMs, queueSize: settings.queueSize, discardOldest: true },
        TimestampsToReturn.Both,
      );
      group.on("changed", (_item, dataValue, index) => record(start + index, dataValue.value.value, dataValue.sourceTimestamp));
    }
    const creationMs = performance.now() - started;

    await sleep(settings.warmupSeconds * 1000);
    measuring = true;
    const from = performance.now();
    await sleep(settings.seconds * 1000);
    measuring = false;
    const elapsed = (performance.now() - from) / 1000;
    await subscription.terminate();

    const sample = latencies.subarray(0, changes).filter((v) => !Number.isNaN(v));
    return {
      creationMs,
      changes,
      changesPerSecond: changes / elapsed,
      latencyMs: { p50: percentile(sample, 50), p99: percentile(sample, 99), max: sample.length ? sample.reduce((a, b) => Math.max(a, b), 0) : null },
      lost,
    };
  } finally {
    await session.close().catch(() => {});
    await client.disconnect().catch(() => {});
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
