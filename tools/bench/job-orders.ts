import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DataType, makeBrowsePath, OPCUAClient, resolveNodeId, VariantArrayType, type CallMethodRequestLike, type ClientSession } from "node-opcua";
import { parse, stringify } from "yaml";
import { freePort } from "../free-port.js";
import { startTsChild, type Child } from "./child-process.js";
import { percentile, round, spread } from "./stats.js";

export interface JobOrderBenchOptions {
  readonly repoDir: string;
  readonly workDir: string;
  readonly repetitions: number;
  readonly seconds: number;
  /** Parallel REST clients for the throughput figure (latency is measured with one). */
  readonly restConcurrency: number;
}

const JOB_CONTROL = "http://opcfoundation.org/UA/ISA95-JOBCONTROL_V2/";
/** The work unit that takes job orders over the MES's Dispatch methods in the bench's copy of the demo plant. */
const STATION = "welder-1";

/**
 * Job orders through the MES as a PLC and an ERP drive it, the MES in its own process on the
 * given database: over OPC UA, one job order's whole life in method calls (JobOrderControl Store,
 * Start; Dispatch TakeNextJob, FinishJob; JobOrderControl Clear), one after the other from one
 * session; over REST, work orders created (POST /api/v1/work-orders), from one client for latency
 * and from several at once for throughput. Medians over repetitions, with min and max.
 */
export async function benchJobOrders(database: { name: string; url: string }, options: JobOrderBenchOptions): Promise<Record<string, unknown>> {
  const dir = path.join(options.workDir, `job-orders-${database.name}`);
  mkdirSync(dir, { recursive: true });
  const configDir = benchConfig(options.repoDir, dir);
  const [opcuaPort, httpPort] = [await freePort(), await freePort()];
  let mes: Child | undefined;
  let client: OPCUAClient | undefined;
  try {
    mes = startTsChild(
      path.join(options.repoDir, "src/main.ts"),
      [],
      { MES_CONFIG_DIR: configDir, MES_SIMULATOR: "off", MES_DB_URL: database.url, MES_OPCUA_PORT: String(opcuaPort), MES_HTTP_PORT: String(httpPort) },
      dir,
    );
    await mes.waitFor(/HTTP\s+http:\/\/\S+/);
    const httpUrl = `http://127.0.0.1:${httpPort}`;
    await rest(httpUrl, "PUT", "/api/v1/products/bench-part", { name: "Bench part", workUnits: [{ equipmentId: STATION, idealCycleTimeS: 1 }] });

    client = OPCUAClient.create({ endpointMustExist: false, connectionStrategy: { maxRetry: 3, initialDelay: 200, maxDelay: 1000 } });
    await client.connect(`opc.tcp://127.0.0.1:${opcuaPort}/opcua-mes`);
    const session = await client.createSession();
    const cycle = await jobOrderCycle(session);

    // One warm-up of each path (JIT, connection pools, prepared statements), not reported.
    await timed(2, cycle);
    await timed(2, () => createWorkOrder(httpUrl));
    const opcua: Run[] = [];
    const restSerial: Run[] = [];
    const restParallel: Run[] = [];
    for (let rep = 0; rep < options.repetitions; rep++) {
      opcua.push(await timed(options.seconds, cycle));
      restSerial.push(await timed(options.seconds, () => createWorkOrder(httpUrl)));
      restParallel.push(await timed(options.seconds, () => createWorkOrder(httpUrl), options.restConcurrency));
    }
    await session.close();
    return {
      database: database.name,
      opcuaJobOrderLifecycle: { callsPerJobOrder: 5, ...summary(opcua) },
      restWorkOrderCreate: summary(restSerial),
      restWorkOrderCreateParallel: { clients: options.restConcurrency, ...summary(restParallel) },
    };
  } finally {
    await client?.disconnect().catch(() => undefined);
    await mes?.stop();
  }
}

/** The demo plant with the bench station on the methods driver; its PLCs are absent (the simulator is off), which these paths do not need. */
function benchConfig(repoDir: string, dir: string): string {
  const configDir = path.join(dir, "config");
  cpSync(path.join(repoDir, "config"), configDir, { recursive: true });
  const plantFile = path.join(configDir, "plant.yaml");
  const plant = parse(readFileSync(plantFile, "utf8"));
  for (const site of plant.enterprise.sites) {
    for (const area of site.areas) {
      for (const center of area.workCenters) {
        for (const unit of center.workUnits) if (unit.id === STATION) unit.dispatch = { driver: "methods" };
      }
    }
  }
  writeFileSync(plantFile, stringify(plant));
  return configDir;
}

/** One job order from Store to Clear, as method calls on the MES's OPC UA server. */
async function jobOrderCycle(session: ClientSession): Promise<() => Promise<void>> {
  const jc = (await session.readNamespaceArray()).indexOf(JOB_CONTROL);
  const receiver = `ns=1;s=${STATION}.JobOrderControl`;
  const method = async (name: string) => (await session.translateBrowsePath(makeBrowsePath(receiver, `/${jc}:${name}`))).targets![0].targetId;
  const [store, start, clear] = [await method("Store"), await method("Start"), await method("Clear")];
  const comment = { dataType: DataType.LocalizedText, arrayType: VariantArrayType.Array, value: [{ text: "bench" }] };
  const text = (value: string) => ({ dataType: DataType.String, value });
  const dispatch = (name: string) => ({ objectId: `ns=1;s=${STATION}.Dispatch`, methodId: `ns=1;s=${STATION}.Dispatch.${name}` });
  let n = 0;
  const call = async (request: CallMethodRequestLike, what: string) => {
    const result = await session.call(request);
    if (!result.statusCode.isGood()) throw new Error(`${what}: ${result.statusCode.toString()}`);
    return result.outputArguments?.[0]?.value;
  };
  return async () => {
    const id = `BENCH-${process.pid}-${++n}`;
    const jobOrder = await session.constructExtensionObject(resolveNodeId(`ns=${jc};i=3008`), { jobOrderID: id, materialRequirements: [{ materialDefinitionID: "", quantity: "1" }] });
    noError(await call({ objectId: receiver, methodId: store, inputArguments: [{ dataType: DataType.ExtensionObject, value: jobOrder }, comment] }, "Store"), "Store");
    noError(await call({ objectId: receiver, methodId: start, inputArguments: [text(id), comment] }, "Start"), "Start");
    const taken = await call({ ...dispatch("TakeNextJob"), inputArguments: [] }, "TakeNextJob");
    if (taken !== 0) throw new Error(`TakeNextJob answered ${String(taken)} for ${id}`);
    await call({ ...dispatch("FinishJob"), inputArguments: [text(id)] }, "FinishJob");
    noError(await call({ objectId: receiver, methodId: clear, inputArguments: [text(id), comment] }, "Clear"), "Clear");
  };
}

/** OPC 10031-4 ReturnStatus NoError is bit 0 of a UInt64, which node-opcua gives as [high, low]. */
function noError(returnStatus: unknown, what: string): void {
  const [high, low] = returnStatus as [number, number];
  if (high !== 0 || low !== 1) throw new Error(`${what} answered ReturnStatus ${JSON.stringify(returnStatus)}`);
}

let workOrders = 0;
async function createWorkOrder(httpUrl: string): Promise<void> {
  await rest(httpUrl, "POST", "/api/v1/work-orders", { erpId: `BENCH-${process.pid}-${++workOrders}`, productId: "bench-part", quantity: 10, dueAt: "2030-01-01T00:00:00Z" }, 201);
}

async function rest(httpUrl: string, method: string, route: string, body: unknown, expected?: number): Promise<void> {
  const response = await fetch(`${httpUrl}${route}`, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  await response.arrayBuffer();
  if (expected !== undefined ? response.status !== expected : !response.ok) throw new Error(`${method} ${route}: HTTP ${response.status}`);
}

interface Run {
  readonly perSecond: number;
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
}

/** Runs `operation` back to back for `seconds` on `workers` concurrent loops; latency of each, count per second. */
async function timed(seconds: number, operation: () => Promise<void>, workers = 1): Promise<Run> {
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        await operation();
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsedS = (performance.now() - started) / 1000;
  return { perSecond: latencies.length / elapsedS, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}

function summary(runs: readonly Run[]) {
  const rounded = (values: number[]) => {
    const s = spread(values);
    return s && { median: round(s.median), min: round(s.min), max: round(s.max) };
  };
  return {
    perSecond: rounded(runs.map((run) => run.perSecond)),
    latencyP50Ms: rounded(runs.map((run) => run.p50Ms ?? Number.NaN)),
    latencyP99Ms: rounded(runs.map((run) => run.p99Ms ?? Number.NaN)),
  };
}
