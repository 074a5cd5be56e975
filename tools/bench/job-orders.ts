import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { DataType, makeBrowsePath, MessageSecurityMode, OPCUACertificateManager, OPCUAClient, resolveNodeId, SecurityPolicy, UserTokenType, VariantArrayType, type CallMethodRequestLike, type ClientSession } from "node-opcua";
import { demoPassword } from "../../src/services/demo-accounts.js";
import { parse, stringify } from "yaml";
import { freePort } from "../free-port.js";
import { startTsChild, type Child } from "./child-process.js";
import { seedHistory } from "../../src/store/bench-history.js";
import { round, spread, timed, type Run } from "./stats.js";

export interface JobOrderBenchOptions {
  readonly repoDir: string;
  readonly workDir: string;
  readonly repetitions: number;
  readonly seconds: number;
  /** Parallel REST clients for the throughput figure (latency is measured with one). */
  readonly restConcurrency: number;
  /** Work units that take job orders over Dispatch, one OPC UA session driving each, for the parallel figure. */
  readonly stations: number;
  /** Days of history seeded for the second round (0: none); see seedHistory. */
  readonly historyDays: number;
}

const JOB_CONTROL = "http://opcfoundation.org/UA/ISA95-JOBCONTROL_V2/";
const PLANT_NAMESPACE = "urn:opcua-mes:plant:acme";
/** The work units that take job orders over the MES's Dispatch methods in the bench's copy of the demo plant; the first one for the serial figures. */
const STATIONS = ["welder-1", "press-1", "press-2", "mill-1", "packer-1", "labeler-1"];
/** The bench's OPC UA client, as its certificate names it (the server checks the two agree). */
const BENCH_CLIENT_URI = "urn:opcua-mes:bench";
const CALLS_PER_LIFE = 5;

/**
 * Job orders through the MES as a PLC and an ERP drive it, the MES in its own process on the
 * given database: over OPC UA, one job order's whole life in method calls (JobOrderControl Store,
 * Start; Dispatch TakeNextJob, FinishJob; JobOrderControl Clear), one after the other from one
 * session signed in as the demo Supervisor, unsecured and over Basic256Sha256 SignAndEncrypt (the
 * security tax), and from one session per station at once (throughput); over REST, work orders
 * created (POST /api/v1/work-orders) with an ERP API token, from one client for latency and from
 * several at once for throughput. Medians over repetitions, with min and max. Then again with
 * `historyDays` of history in the database (seedHistory), and each throughput's ratio history/empty.
 */
export async function benchJobOrders(database: { name: string; url: string }, options: JobOrderBenchOptions): Promise<Record<string, unknown>> {
  const dir = path.join(options.workDir, `job-orders-${database.name}`);
  mkdirSync(dir, { recursive: true });
  const stations = STATIONS.slice(0, Math.max(1, Math.min(STATIONS.length, options.stations)));
  const configDir = benchConfig(options.repoDir, dir, stations);
  const clientPki = await trustedClientPki(dir);
  try {
    const empty = await measureRound(database, options, dir, configDir, clientPki, stations, true);
    if (options.historyDays <= 0) return { database: database.name, ...empty };
    process.stderr.write(`  seeding ${options.historyDays} days of history...\n`);
    const seeded = await seedHistory(database.url, { days: options.historyDays, workUnits: stations, jobsPerUnitPerDay: 24, recordsPerUnitPerHour: 4, statesPerUnitPerHour: 3 });
    process.stderr.write(`  seeded ${JSON.stringify(seeded.rows)} in ${seeded.seconds} s; measuring again...\n`);
    const history = await measureRound(database, options, dir, configDir, clientPki, stations, false);
    const ratio = (key: string) => {
      const [a, b] = [(empty[key] as { perSecond?: { median: number } | null }).perSecond?.median, (history[key] as { perSecond?: { median: number } | null }).perSecond?.median];
      return a && b ? round(b / a, 2) : null;
    };
    return {
      database: database.name,
      ...empty,
      withHistory: { days: options.historyDays, rows: seeded.rows, seedSeconds: seeded.seconds, ...history },
      throughputRatioHistoryToEmpty: Object.fromEntries(Object.keys(empty).map((key) => [key, ratio(key)])),
    };
  } finally {
    await clientPki.pki.dispose();
  }
}

/** One MES process on the database, every path measured on it, then stopped. */
async function measureRound(
  database: { name: string; url: string },
  options: JobOrderBenchOptions,
  dir: string,
  configDir: string,
  clientPki: { pki: OPCUACertificateManager; certificateFile: string },
  stations: readonly string[],
  first: boolean,
): Promise<Record<string, unknown>> {
  const [opcuaPort, httpPort] = [await freePort(), await freePort()];
  let mes: Child | undefined;
  const clients: OPCUAClient[] = [];
  try {
    mes = startTsChild(
      path.join(options.repoDir, "src/main.ts"),
      [],
      { MES_CONFIG_DIR: configDir, MES_SIMULATOR: "off", MES_DB_URL: database.url, MES_OPCUA_PORT: String(opcuaPort), MES_HTTP_PORT: String(httpPort) },
      dir,
    );
    await mes.waitFor(/HTTP\s+http:\/\/\S+/);
    const httpUrl = `http://127.0.0.1:${httpPort}`;
    const token = await erpToken(httpUrl);
    if (first) await rest(httpUrl, token, "PUT", "/api/v1/products/bench-part", { name: "Bench part", workUnits: stations.map((equipmentId) => ({ equipmentId, idealCycleTimeS: 1 })) });

    const endpoint = `opc.tcp://127.0.0.1:${opcuaPort}/opcua-mes`;
    const supervisor = { type: UserTokenType.UserName, userName: "supervisor", password: demoPassword("supervisor") } as const;
    const plainSession = async () => {
      const client = OPCUAClient.create({ endpointMustExist: false, connectionStrategy: { maxRetry: 3, initialDelay: 200, maxDelay: 1000 } });
      clients.push(client);
      await client.connect(endpoint);
      return client.createSession(supervisor);
    };
    const session = await plainSession();
    const cycle = await jobOrderCycle(session, stations[0], `plain-${first ? "e" : "h"}`);
    const secureClient = OPCUAClient.create({
      applicationUri: BENCH_CLIENT_URI,
      endpointMustExist: false,
      securityMode: MessageSecurityMode.SignAndEncrypt,
      securityPolicy: SecurityPolicy.Basic256Sha256,
      clientCertificateManager: clientPki.pki,
      certificateFile: clientPki.certificateFile,
      privateKeyFile: clientPki.pki.privateKey,
      connectionStrategy: { maxRetry: 3, initialDelay: 200, maxDelay: 1000 },
    });
    clients.push(secureClient);
    await secureClient.connect(endpoint);
    const secureSession = await secureClient.createSession(supervisor);
    const secureCycle = await jobOrderCycle(secureSession, stations[0], `secure-${first ? "e" : "h"}`);
    // One session per station, each its own job orders: TakeNextJob takes the station's next one.
    const parallelCycles: (() => Promise<void>)[] = [];
    for (const station of stations) parallelCycles.push(await jobOrderCycle(await plainSession(), station, `par-${first ? "e" : "h"}`));

    // One warm-up of each path (JIT, connection pools, prepared statements), not reported.
    await timed(2, cycle);
    await timed(2, secureCycle);
    await timedEach(2, parallelCycles);
    await timed(2, () => createWorkOrder(httpUrl, token));
    const opcua: Run[] = [];
    const opcuaSecure: Run[] = [];
    const opcuaParallel: Run[] = [];
    const restSerial: Run[] = [];
    const restParallel: Run[] = [];
    for (let rep = 0; rep < options.repetitions; rep++) {
      opcua.push(await timed(options.seconds, cycle));
      opcuaSecure.push(await timed(options.seconds, secureCycle));
      opcuaParallel.push(await timedEach(options.seconds, parallelCycles));
      restSerial.push(await timed(options.seconds, () => createWorkOrder(httpUrl, token)));
      restParallel.push(await timed(options.seconds, () => createWorkOrder(httpUrl, token), options.restConcurrency));
    }
    const plain = summary(opcua);
    const secure = summary(opcuaSecure);
    const parallel = summary(opcuaParallel);
    return {
      opcuaJobOrderLifecycle: { callsPerJobOrder: CALLS_PER_LIFE, securityPolicy: "None", callsPerSecond: times(plain.perSecond, CALLS_PER_LIFE), ...plain },
      opcuaJobOrderLifecycleSigned: { callsPerJobOrder: CALLS_PER_LIFE, securityPolicy: "Basic256Sha256 SignAndEncrypt", callsPerSecond: times(secure.perSecond, CALLS_PER_LIFE), ...secure, throughputRatioToNone: secure.perSecond?.median && plain.perSecond?.median ? round(secure.perSecond.median / plain.perSecond.median, 2) : null },
      opcuaJobOrderLifecycleParallel: { callsPerJobOrder: CALLS_PER_LIFE, securityPolicy: "None", sessions: stations.length, callsPerSecond: times(parallel.perSecond, CALLS_PER_LIFE), ...parallel },
      restWorkOrderCreate: summary(restSerial),
      restWorkOrderCreateParallel: { clients: options.restConcurrency, ...summary(restParallel) },
    };
  } finally {
    for (const client of clients) await client.disconnect().catch(() => undefined);
    erpAgent.destroy();
    await mes?.stop();
  }
}

/** Each operation on a loop of its own, all at once (one per station); latency of each, count per second over all. */
function timedEach(seconds: number, operations: readonly (() => Promise<void>)[]): Promise<Run> {
  return timed(seconds, (worker) => operations[worker](), operations.length);
}

function times(figure: { median: number | null; min: number | null; max: number | null } | null, factor: number) {
  const scaled = (value: number | null) => (value === null ? null : round(value * factor));
  return figure && { median: scaled(figure.median), min: scaled(figure.min), max: scaled(figure.max) };
}

/** A client certificate the MES trusts before it starts (the operator's step), in the bench MES's own PKI folder. */
async function trustedClientPki(dir: string): Promise<{ pki: OPCUACertificateManager; certificateFile: string }> {
  const pki = new OPCUACertificateManager({ rootFolder: path.join(dir, "bench-client-pki"), automaticallyAcceptUnknownCertificate: true });
  await pki.initialize();
  const certificateFile = path.join(pki.rootDir, "own/certs/client_certificate.pem");
  if (!existsSync(certificateFile)) {
    await pki.createSelfSignedCertificate({ outputFile: certificateFile, subject: "/CN=opcua-mes bench", applicationUri: BENCH_CLIENT_URI, dns: ["localhost"], startDate: new Date(Date.now() - 60_000), validity: 30 });
  }
  const serverPki = new OPCUACertificateManager({ rootFolder: path.join(dir, "data/pki"), automaticallyAcceptUnknownCertificate: false });
  await serverPki.initialize();
  const der = Buffer.from(readFileSync(certificateFile, "utf8").replace(/-----(BEGIN|END) CERTIFICATE-----|\s+/g, ""), "base64");
  await serverPki.trustCertificate(der);
  await serverPki.dispose();
  return { pki, certificateFile };
}

/** What an ERP team does once: an admin signs in and issues the ERP account an API token. */
async function erpToken(httpUrl: string): Promise<string> {
  const login = await fetch(`${httpUrl}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ user: "admin", password: demoPassword("admin") }) });
  if (!login.ok) throw new Error(`admin login: HTTP ${login.status}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const issued = await fetch(`${httpUrl}/api/v1/users/erp/tokens`, { method: "POST", headers: { "content-type": "application/json", cookie, "x-csrf-token": csrfToken }, body: JSON.stringify({ name: "bench" }) });
  if (issued.status !== 201) throw new Error(`ERP token: HTTP ${issued.status}`);
  return ((await issued.json()) as { token: string }).token;
}

/** The demo plant with the bench stations on the methods driver and no demo job orders; its PLCs are absent (the simulator is off), which these paths do not need. */
function benchConfig(repoDir: string, dir: string, stations: readonly string[]): string {
  const configDir = path.join(dir, "config");
  cpSync(path.join(repoDir, "config"), configDir, { recursive: true });
  const plantFile = path.join(configDir, "plant.yaml");
  const plant = parse(readFileSync(plantFile, "utf8"));
  for (const site of plant.enterprise.sites) {
    for (const area of site.areas) {
      for (const center of area.workCenters) {
        for (const unit of center.workUnits) if (stations.includes(unit.id)) unit.dispatch = { driver: "methods" };
      }
    }
  }
  writeFileSync(plantFile, stringify(plant));
  // The demo's running job orders would be the stations' next job: TakeNextJob must take the bench's.
  const seedFile = path.join(configDir, "master-data.yaml");
  const seed = parse(readFileSync(seedFile, "utf8"));
  seed.demoJobOrders = [];
  writeFileSync(seedFile, stringify(seed));
  return configDir;
}

/** One job order from Store to Clear, as method calls on the MES's OPC UA server. */
async function jobOrderCycle(session: ClientSession, station: string, tag: string): Promise<() => Promise<void>> {
  const namespaces = await session.readNamespaceArray();
  const jc = namespaces.indexOf(JOB_CONTROL);
  // The demo plant's namespace (config/mes.yaml opcua.namespaceUri); its index follows the load order.
  const ns = namespaces.indexOf(PLANT_NAMESPACE);
  const receiver = `ns=${ns};s=${station}.JobOrderControl`;
  const method = async (name: string) => (await session.translateBrowsePath(makeBrowsePath(receiver, `/${jc}:${name}`))).targets![0].targetId;
  const [store, start, clear] = [await method("Store"), await method("Start"), await method("Clear")];
  const comment = { dataType: DataType.LocalizedText, arrayType: VariantArrayType.Array, value: [{ text: "bench" }] };
  const text = (value: string) => ({ dataType: DataType.String, value });
  const dispatch = (name: string) => ({ objectId: `ns=${ns};s=${station}.Dispatch`, methodId: `ns=${ns};s=${station}.Dispatch.${name}` });
  let n = 0;
  const call = async (request: CallMethodRequestLike, what: string) => {
    const result = await session.call(request);
    if (!result.statusCode.isGood()) throw new Error(`${what}: ${result.statusCode.toString()}`);
    return result.outputArguments?.[0]?.value;
  };
  return async () => {
    const id = `BENCH-${station}-${tag}-${process.pid}-${++n}`;
    const jobOrder = await session.constructExtensionObject(resolveNodeId(`ns=${jc};i=3008`), { jobOrderID: id, materialRequirements: [{ materialDefinitionID: "", quantity: "1" }] });
    noError(await call({ objectId: receiver, methodId: store, inputArguments: [{ dataType: DataType.ExtensionObject, value: jobOrder }, comment] }, "Store"), "Store");
    noError(await call({ objectId: receiver, methodId: start, inputArguments: [text(id), comment] }, "Start"), "Start");
    const taken = await call({ ...dispatch("TakeNextJob"), inputArguments: [] }, "TakeNextJob");
    if (taken !== 0) throw new Error(`TakeNextJob answered ${String(taken)} for ${id}`);
    const finished = await call({ ...dispatch("FinishJob"), inputArguments: [text(id)] }, "FinishJob");
    if (finished !== 0) throw new Error(`FinishJob answered ${String(finished)} for ${id}`);
    noError(await call({ objectId: receiver, methodId: clear, inputArguments: [text(id), comment] }, "Clear"), "Clear");
  };
}

/** OPC 10031-4 ReturnStatus NoError is bit 0 of a UInt64, which node-opcua gives as [high, low]. */
function noError(returnStatus: unknown, what: string): void {
  const [high, low] = returnStatus as [number, number];
  if (high !== 0 || low !== 1) throw new Error(`${what} answered ReturnStatus ${JSON.stringify(returnStatus)}`);
}

let workOrders = 0;
/**
 * The ERP's connections, kept open as an integration keeps them. node:http, not fetch: on this
 * 2-core machine the bench's own client shares the cores with the MES and MariaDB, and fetch
 * (undici's) took 0.44-0.52 cores for 400-500 requests/s, this 0.20-0.23 for 670-780 (issue 19).
 */
const erpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
function createWorkOrder(httpUrl: string, token: string): Promise<void> {
  const body = JSON.stringify({ erpId: `BENCH-${process.pid}-${++workOrders}`, productId: "bench-part", quantity: 10, dueAt: "2030-01-01T00:00:00Z" });
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${httpUrl}/api/v1/work-orders`,
      { method: "POST", agent: erpAgent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), authorization: `Bearer ${token}` } },
      (response) => {
        response.resume();
        response.on("end", () => (response.statusCode === 201 ? resolve() : reject(new Error(`POST /api/v1/work-orders: HTTP ${response.statusCode}`))));
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

async function rest(httpUrl: string, token: string, method: string, route: string, body: unknown, expected?: number): Promise<void> {
  const response = await fetch(`${httpUrl}${route}`, { method, headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  await response.arrayBuffer();
  if (expected !== undefined ? response.status !== expected : !response.ok) throw new Error(`${method} ${route}: HTTP ${response.status}`);
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
