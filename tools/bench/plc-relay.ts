import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { OPCUAClient } from "node-opcua";
import { stringify } from "yaml";
import { startTsChild, type Child } from "./child-process.js";
import { freePort } from "../free-port.js";
import { round, spread } from "./stats.js";
import { probeSubscription, type ProbeResult, type ProbeSettings } from "./subscription-probe.js";

export interface RelayTier {
  readonly tags: number;
  readonly changesPerSecond: number;
  /** Client sessions subscribed at once, each to every tag (`--relay 1000:100x50`); 1 when absent. */
  readonly sessions?: number;
}

export interface RelayOptions {
  readonly repetitions: number;
  readonly probe: ProbeSettings;
  readonly workDir: string;
  readonly repoDir: string;
  /** Writes a V8 CPU profile of the MES process here (node --cpu-prof), for finding where a tier's time goes. */
  readonly mesCpuProfileDir?: string;
}

/** Tags per work unit in the generated plant: a large machine's worth, and the size of one CreateMonitoredItems call. */
const TAGS_PER_WORK_UNIT = 1000;
const SIM_NAMESPACE = "urn:opcua-mes:plc-sim";
/** The bench plant's namespace: the default for its enterprise id "bench" (no opcua.namespaceUri set). */
const PLANT_NAMESPACE = "urn:opcua-mes:plant:bench";

/**
 * BENCHMARKS.md, "The PLC relay": the simulator, the MES and this load client in three processes.
 * The same client settings subscribe first to the simulator (the bare node-opcua figure), then to
 * the MES's mirror of the same tags; the MES forwards source timestamps, so latency is end to end.
 */
export async function benchPlcRelay(tier: RelayTier, options: RelayOptions): Promise<Record<string, unknown>> {
  const sessions = tier.sessions ?? 1;
  const dir = path.join(options.workDir, `relay-${tier.tags}x${sessions}`);
  mkdirSync(path.join(dir, "config"), { recursive: true });
  const simPort = await freePort();
  writeFileSync(
    path.join(dir, "plc-sim.yaml"),
    stringify({ seed: 1, tickMs: 100, plcs: [{ id: "bench-plc", port: simPort, benchTags: { count: tier.tags, changesPerSecond: tier.changesPerSecond } }] }),
  );
  const opcuaPort = await freePort();
  writeMesConfig(path.join(dir, "config"), tier, simPort, opcuaPort, options.probe.publishingIntervalMs);

  let sim: Child | undefined;
  let mes: Child | undefined;
  try {
    sim = startTsChild(path.join(options.repoDir, "tools/plc-sim/main.ts"), ["--config", path.join(dir, "plc-sim.yaml")], {}, dir);
    await sim.waitFor(/opc\.tcp:\/\/\S+/);
    const mesStarted = Date.now();
    const profile = options.mesCpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(options.mesCpuProfileDir)}`] : [];
    mes = startTsChild(path.join(options.repoDir, "src/main.ts"), [], { MES_CONFIG_DIR: path.join(dir, "config"), MES_SIMULATOR: "off", MES_DB_URL: `sqlite:${path.join(dir, "mes.sqlite")}` }, dir, profile);
    const [, endpoint] = await mes.waitFor(/OPC UA\s+(opc\.tcp:\/\/\S+)/);
    // The MES's own CreateMonitoredItems calls to the PLC, as it logs them (src/plc/plc-connection.ts).
    const [, mirroredItems, plcItemsMs] = await mes.waitFor(/(\d+) monitored items created in (\d+) ms/);
    const mesStartMs = Date.now() - mesStarted;
    const simEndpoint = `opc.tcp://127.0.0.1:${simPort}/plc`;
    const mesEndpoint = endpoint.replace(/\/\/[^:/]+:/, "//127.0.0.1:");

    const simNs = await namespaceIndexOf(simEndpoint, SIM_NAMESPACE);
    const bareIds = Array.from({ length: tier.tags }, (_, i) => `ns=${simNs};s=Bench.${i}`);
    const mesNs = await namespaceIndexOf(mesEndpoint, PLANT_NAMESPACE);
    const mesIds = Array.from({ length: tier.tags }, (_, i) => `ns=${mesNs};s=${unitOf(i)}.Signals.T${i}`);

    const bare: ProbeResult[] = [];
    const relayed: (ProbeResult & { mesCpuPer1000Changes: number; mesRssBytes: number })[] = [];
    const source = { endpointUrl: simEndpoint, nodeIds: bareIds };
    const rssAtStart = mes.rssBytes();
    // One warm-up of each path, not reported, then alternating repetitions so drift hits both alike.
    await probeSubscription(simEndpoint, bareIds, { ...options.probe, seconds: 2 }, source, sessions);
    await probeSubscription(mesEndpoint, mesIds, { ...options.probe, seconds: 2 }, source, sessions);
    for (let rep = 0; rep < options.repetitions; rep++) {
      bare.push(await probeSubscription(simEndpoint, bareIds, options.probe, source, sessions));
      const cpuBefore = mes.cpuSeconds();
      const result = await probeSubscription(mesEndpoint, mesIds, options.probe, source, sessions);
      const cpu = mes.cpuSeconds() - cpuBefore;
      relayed.push({ ...result, mesCpuPer1000Changes: (cpu / Math.max(1, result.changes)) * 1000, mesRssBytes: mes.rssBytes() });
    }

    const summary = (results: readonly ProbeResult[]) => ({
      changesPerSecond: roundSpread(results.map((r) => r.changesPerSecond)),
      latencyP50Ms: roundSpread(results.map((r) => r.latencyMs.p50 ?? Number.NaN)),
      latencyP99Ms: roundSpread(results.map((r) => r.latencyMs.p99 ?? Number.NaN)),
      latencyMaxMs: roundSpread(results.map((r) => r.latencyMs.max ?? Number.NaN)),
      /** Changes the simulator made during the windows, times the sessions; received: those that reached a client; lost: the difference. */
      sent: results.reduce((sum, r) => sum + r.sent, 0),
      received: results.reduce((sum, r) => sum + r.received, 0),
      lost: results.reduce((sum, r) => sum + r.lost, 0),
      /** The load client's CreateMonitoredItems calls (of the slowest session). */
      monitoredItemCreationMs: roundSpread(results.map((r) => r.creationMs)),
    });
    const bareSummary = summary(bare);
    const mesSummary = summary(relayed);
    const rssMiB = relayed[relayed.length - 1].mesRssBytes / 2 ** 20;
    return {
      tier: { ...tier, sessions },
      mesStartMs,
      /** The MES's own CreateMonitoredItems calls to the PLC for its mirror, at start (from its log). */
      mesPlcMonitoredItems: { items: Number(mirroredItems), creationMs: Number(plcItemsMs) },
      bare: bareSummary,
      mes: {
        ...mesSummary,
        cpuSecondsPer1000Changes: roundSpread(relayed.map((r) => r.mesCpuPer1000Changes), 4),
        /** The whole MES process (companion nodesets included), after the last repetition. */
        rssMiB: round(rssMiB, 1),
        rssMiBAtStart: round(rssAtStart / 2 ** 20, 1),
        rssMiBPer1000Tags: round((rssMiB / tier.tags) * 1000, 2),
      },
      ratios: {
        throughputMesOverBare: ratio(mesSummary.changesPerSecond?.median, bareSummary.changesPerSecond?.median),
        p99MesMinusBareMs: difference(mesSummary.latencyP99Ms?.median, bareSummary.latencyP99Ms?.median),
        p50MesMinusBareMs: difference(mesSummary.latencyP50Ms?.median, bareSummary.latencyP50Ms?.median),
      },
    };
  } finally {
    await mes?.stop();
    await sim?.stop();
  }
}

function unitOf(tagIndex: number): string {
  return `bench-unit-${Math.floor(tagIndex / TAGS_PER_WORK_UNIT)}`;
}

function writeMesConfig(dir: string, tier: RelayTier, simPort: number, opcuaPort: number, publishingIntervalMs: number): void {
  const units = Math.ceil(tier.tags / TAGS_PER_WORK_UNIT);
  const workUnits = Array.from({ length: units }, (_, u) => ({
    id: `bench-unit-${u}`,
    name: `Bench unit ${u}`,
    plc: "bench-plc",
    signals: {
      tags: Array.from({ length: Math.min(TAGS_PER_WORK_UNIT, tier.tags - u * TAGS_PER_WORK_UNIT) }, (_, k) => {
        const i = u * TAGS_PER_WORK_UNIT + k;
        return { name: `T${i}`, nodeId: `nsu=${SIM_NAMESPACE};s=Bench.${i}` };
      }),
    },
  }));
  const plant = {
    enterprise: {
      id: "bench",
      name: "Bench",
      sites: [{ id: "bench-site", name: "Bench site", areas: [{ id: "bench-area", name: "Bench area", workCenters: [{ id: "bench-center", name: "Bench center", workUnits }] }] }],
    },
    plcs: [{ id: "bench-plc", endpointUrl: `opc.tcp://127.0.0.1:${simPort}/plc`, publishingIntervalMs, samplingIntervalMs: 0, security: { allowUnsecured: true } }],
  };
  writeFileSync(path.join(dir, "plant.yaml"), stringify(plant));
  writeFileSync(
    path.join(dir, "mes.yaml"),
    stringify({
      // The load client is one address without a certificate: 50 sessions of it must fit opcua.limits.
      opcua: { port: opcuaPort, allowUnsecured: true, allowAnonymous: true, maxSessions: 100, maxConnectionsPerEndpoint: 100, limits: { maxSessionsPerClient: 100 } },
      security: { profile: "demo" },
      http: { port: 0, host: "127.0.0.1" },
      simulator: { enabled: false },
    }),
  );
}

async function namespaceIndexOf(endpointUrl: string, uri: string): Promise<number> {
  const client = OPCUAClient.create({ endpointMustExist: false, connectionStrategy: { maxRetry: 3, initialDelay: 200, maxDelay: 1000 } });
  await client.connect(endpointUrl);
  try {
    const session = await client.createSession();
    const index = (await session.readNamespaceArray()).indexOf(uri);
    await session.close();
    if (index < 0) throw new Error(`${endpointUrl} does not serve ${uri}`);
    return index;
  } finally {
    await client.disconnect();
  }
}

function roundSpread(values: number[], digits = 2) {
  const s = spread(values.filter((v) => !Number.isNaN(v)));
  return s && { median: round(s.median, digits), min: round(s.min, digits), max: round(s.max, digits) };
}

function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  return a == null || b == null || b === 0 ? null : round(a / b, 3);
}

function difference(a: number | null | undefined, b: number | null | undefined): number | null {
  return a == null || b == null ? null : round(a - b, 2);
}
