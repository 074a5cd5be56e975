import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DataType, makeBrowsePath, MessageSecurityMode, OPCUACertificateManager, OPCUAClient, resolveNodeId, SecurityPolicy, UserTokenType, VariantArrayType, type CallMethodRequestLike, type ClientSession } from "node-opcua";
import { demoPassword } from "../../src/services/demo-accounts.js";
import { parse, stringify } from "yaml";
import { freePort } from "../free-port.js";
import { startTsChild, type Child } from "./child-process.js";
import { round, spread, timed, type Run } from "./stats.js";

export interface JobOrderBenchOptions {
  readonly repoDir: string;
  readonly workDir: string;
  readonly repetitions: number;
  readonly seconds: number;
  /** Parallel REST clients for the throughput figure (latency is measured with one). */
  readonly restConcurrency: number;
}

const JOB_CONTROL = "http://opcfoundation.org/UA/ISA95-JOBCONTROL_V2/";
const PLANT_NAMESPACE = "urn:opcua-mes:plant:acme";
/** The work unit that takes job orders over the MES's Dispatch methods in the bench's copy of the demo plant. */
const STATION = "welder-1";
/** The bench's OPC UA client, as its certificate names it (the server checks the two agree). */
const BENCH_CLIENT_URI = "urn:opcua-mes:bench";

/**
 * Job orders through the MES as a PLC and an ERP drive it, the MES in its own process on the
 * given database: over OPC UA, one job order's whole life in method calls (JobOrderControl Store,
 * Start; Dispatch TakeNextJob, FinishJob; JobOrderControl Clear), one after the other from one
 * session signed in as the demo Supervisor, unsecured and over Basic256Sha256 SignAndEncrypt (the
 * security tax); over REST, work orders created (POST /api/v1/work-orders) with an ERP API token,
 * from one client for latency and from several at once for throughput. Medians over repetitions,
 * with min and max.
 */
export async function benchJobOrders(database: { name: string; url: string }, options: JobOrderBenchOptions): Promise<Record<string, unknown>> {
  const dir = path.join(options.workDir, `job-orders-${database.name}`);
  mkdirSync(dir, { recursive: true });
  const configDir = benchConfig(options.repoDir, dir);
  const [opcuaPort, httpPort] = [await freePort(), await freePort()];
  let mes: Child | undefined;
  let client: OPCUAClient | undefined;
  let secureClient: OPCUAClient | undefined;
  const clientPki = await trustedClientPki(dir);
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
    await rest(httpUrl, token, "PUT", "/api/v1/products/bench-part", { name: "Bench part", workUnits: [{ equipmentId: STATION, idealCycleTimeS: 1 }] });

    const endpoint = `opc.tcp://127.0.0.1:${opcuaPort}/opcua-mes`;
    const supervisor = { type: UserTokenType.UserName, userName: "supervisor", password: demoPassword("supervisor") } as const;
    client = OPCUAClient.create({ endpointMustExist: false, connectionStrategy: { maxRetry: 3, initialDelay: 200, maxDelay: 1000 } });
    await client.connect(endpoint);
    const session = await client.createSession(supervisor);
    const cycle = await jobOrderCycle(session, "plain");
    secureClient = OPCUAClient.create({
      applicationUri: BENCH_CLIENT_URI,
      endpointMustExist: false,
      securityMode: MessageSecurityMode.SignAndEncrypt,
      securityPolicy: SecurityPolicy.Basic256Sha256,
      clientCertificateManager: clientPki.pki,
      certificateFile: clientPki.certificateFile,
      privateKeyFile: clientPki.pki.privateKey,
      connectionStrategy: { maxRetry: 3, initialDelay: 200, maxDelay: 1000 },
    });
    await secureClient.connect(endpoint);
    const secureSession = await secureClient.createSession(supervisor);
    const secureCycle = await jobOrderCycle(secureSession, "secure");

    // One warm-up of each path (JIT, connection pools, prepared statements), not reported.
    await timed(2, cycle);
    await timed(2, secureCycle);
    await timed(2, () => createWorkOrder(httpUrl, token));
    const opcua: Run[] = [];
    const opcuaSecure: Run[] = [];
    const restSerial: Run[] = [];
    const restParallel: Run[] = [];
    for (let rep = 0; rep < options.repetitions; rep++) {
      opcua.push(await timed(options.seconds, cycle));
      opcuaSecure.push(await timed(options.seconds, secureCycle));
      restSerial.push(await timed(options.seconds, () => createWorkOrder(httpUrl, token)));
      restParallel.push(await timed(options.seconds, () => createWorkOrder(httpUrl, token), options.restConcurrency));
    }
    await session.close();
    await secureSession.close();
    const plain = summary(opcua);
    const secure = summary(opcuaSecure);
    return {
      database: database.name,
      opcuaJobOrderLifecycle: { callsPerJobOrder: 5, securityPolicy: "None", ...plain },
      opcuaJobOrderLifecycleSigned: { callsPerJobOrder: 5, securityPolicy: "Basic256Sha256 SignAndEncrypt", ...secure, throughputRatioToNone: secure.perSecond?.median && plain.perSecond?.median ? round(secure.perSecond.median / plain.perSecond.median, 2) : null },
      restWorkOrderCreate: summary(restSerial),
      restWorkOrderCreateParallel: { clients: options.restConcurrency, ...summary(restParallel) },
    };
  } finally {
    await client?.disconnect().catch(() => undefined);
    await secureClient?.disconnect().catch(() => undefined);
    await mes?.stop();
    await clientPki.pki.dispose();
  }
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
async function jobOrderCycle(session: ClientSession, tag: string): Promise<() => Promise<void>> {
  const namespaces = await session.readNamespaceArray();
  const jc = namespaces.indexOf(JOB_CONTROL);
  // The demo plant's namespace (config/mes.yaml opcua.namespaceUri); its index follows the load order.
  const ns = namespaces.indexOf(PLANT_NAMESPACE);
  const receiver = `ns=${ns};s=${STATION}.JobOrderControl`;
  const method = async (name: string) => (await session.translateBrowsePath(makeBrowsePath(receiver, `/${jc}:${name}`))).targets![0].targetId;
  const [store, start, clear] = [await method("Store"), await method("Start"), await method("Clear")];
  const comment = { dataType: DataType.LocalizedText, arrayType: VariantArrayType.Array, value: [{ text: "bench" }] };
  const text = (value: string) => ({ dataType: DataType.String, value });
  const dispatch = (name: string) => ({ objectId: `ns=${ns};s=${STATION}.Dispatch`, methodId: `ns=${ns};s=${STATION}.Dispatch.${name}` });
  let n = 0;
  const call = async (request: CallMethodRequestLike, what: string) => {
    const result = await session.call(request);
    if (!result.statusCode.isGood()) throw new Error(`${what}: ${result.statusCode.toString()}`);
    return result.outputArguments?.[0]?.value;
  };
  return async () => {
    const id = `BENCH-${tag}-${process.pid}-${++n}`;
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
async function createWorkOrder(httpUrl: string, token: string): Promise<void> {
  await rest(httpUrl, token, "POST", "/api/v1/work-orders", { erpId: `BENCH-${process.pid}-${++workOrders}`, productId: "bench-part", quantity: 10, dueAt: "2030-01-01T00:00:00Z" }, 201);
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
