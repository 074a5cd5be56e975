import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { MessageSecurityMode, OPCUAClient, SecurityPolicy, UserTokenType, type UserIdentityInfo } from "node-opcua";
import { parse, stringify } from "yaml";
import { DEMO_ACCOUNTS, demoPassword } from "../../src/services/demo-accounts.js";
import { freePort } from "../free-port.js";
import { startTsChild, type Child } from "./child-process.js";
import { percentile, round } from "./stats.js";

export interface LoginBenchOptions {
  readonly repoDir: string;
  readonly workDir: string;
  /** Clients that sign in at the same moment. */
  readonly logins: number;
}

/**
 * OPC UA password logins as HMI panels make them when the plant network comes back: `logins`
 * clients, each already connected (SecurityPolicy None) with an anonymous session, send
 * ActivateSession with a UserName token at the same moment; the figure is each one's time until its
 * session is active as that user.
 * Runs against the MES in its own process on SQLite, once with the verified-login memory
 * (security.login.verifiedCacheSeconds, the default) and once with it at 0. Scenarios: all of one
 * account, cold (first after start) and again; spread over the 8 demo accounts; every login its
 * own account (one scrypt each, the cost of every login before the memory). Baseline: anonymous
 * sessions, which check no password.
 */
export async function benchLogins(options: LoginBenchOptions): Promise<Record<string, unknown>> {
  const withMemory = await runAgainst(options, "remembered", 600);
  const without = await runAgainst(options, "not-remembered", 0);
  return {
    logins: options.logins,
    measured: "per client, all at once, ms: anonymous CreateSession + ActivateSession (the stack's own cost), then for each scenario ActivateSession with a UserName token on those sessions",
    verifiedCacheSeconds600: withMemory,
    verifiedCacheSeconds0: without,
  };
}

async function runAgainst(options: LoginBenchOptions, name: string, verifiedCacheSeconds: number): Promise<Record<string, unknown>> {
  const dir = path.join(options.workDir, `logins-${name}`);
  mkdirSync(dir, { recursive: true });
  const configDir = benchConfig(options.repoDir, dir, options.logins, verifiedCacheSeconds);
  const [opcuaPort, httpPort] = [await freePort(), await freePort()];
  let mes: Child | undefined;
  const clients: OPCUAClient[] = [];
  try {
    mes = startTsChild(path.join(options.repoDir, "src/main.ts"), [], { MES_CONFIG_DIR: configDir, MES_SIMULATOR: "off", MES_DB_URL: `sqlite:${path.join(dir, "mes.sqlite")}`, MES_OPCUA_PORT: String(opcuaPort), MES_HTTP_PORT: String(httpPort) }, dir);
    await mes.waitFor(/HTTP\s+http:\/\/\S+/);
    const accounts = await benchAccounts(`http://127.0.0.1:${httpPort}`, options.logins);
    const endpoint = `opc.tcp://127.0.0.1:${opcuaPort}/opcua-mes`;
    for (let i = 0; i < options.logins; i++) {
      const client = OPCUAClient.create({ endpointMustExist: false, securityMode: MessageSecurityMode.None, securityPolicy: SecurityPolicy.None, connectionStrategy: { maxRetry: 1, initialDelay: 100, maxDelay: 200 } });
      await client.connect(endpoint);
      clients.push(client);
    }
    const user = (id: string): UserIdentityInfo => ({ type: UserTokenType.UserName, userName: id, password: demoPassword(id) });
    const anonymous = await allAtOnce(clients, () => undefined);
    const oneAccountCold = await allAtOnce(clients, () => user("operator"));
    const oneAccountAgain = await allAtOnce(clients, () => user("operator"));
    const demoAccounts = await allAtOnce(clients, (i) => user(DEMO_ACCOUNTS[i % DEMO_ACCOUNTS.length].id));
    const accountEach = await allAtOnce(clients, (i) => user(accounts[i]));
    return { anonymous, oneAccountCold, oneAccountAgain, demoAccounts, accountEach, mesCpuSeconds: round(mes.cpuSeconds()) };
  } finally {
    await Promise.all(clients.map((client) => client.disconnect().catch(() => undefined)));
    await mes?.stop();
  }
}

/**
 * Every client opens a session at the same moment (CreateSession + ActivateSession); with an
 * identity, it then signs in on it, all at the same moment again: ActivateSession alone (OPC 10000-4
 * §5.6.3, a new user token on an open session), the step a client's watchdog waits for.
 */
async function allAtOnce(clients: readonly OPCUAClient[], identity: (i: number) => UserIdentityInfo | undefined) {
  const created = await timedAll(clients.map((client) => () => client.createSession()));
  const sessions = created.results;
  const activated = await timedAll(sessions.map((session, i) => async () => {
    const id = identity(i);
    if (!session || !id) return session;
    const status = await session.changeUser(id);
    if (!status.isGood()) throw new Error(status.toString());
    return session;
  }));
  await Promise.all(sessions.map((session) => session?.close().catch(() => undefined)));
  return identity(0) ? { activateSession: activated.figures } : { createAndActivateSession: created.figures };
}

/** Runs every operation at once; p50, p99 and max of their times, how long all took, how many failed. */
async function timedAll<T>(operations: (() => Promise<T>)[]): Promise<{ results: (T | null)[]; figures: Record<string, number | null> }> {
  const times: number[] = [];
  let failed = 0;
  const started = performance.now();
  const results = await Promise.all(
    operations.map(async (operation) => {
      const t0 = performance.now();
      try {
        const result = await operation();
        times.push(performance.now() - t0);
        return result;
      } catch {
        failed++;
        return null;
      }
    }),
  );
  const allMs = performance.now() - started;
  return { results, figures: { p50Ms: round(percentile(times, 50)), p99Ms: round(percentile(times, 99)), maxMs: round(times.length > 0 ? Math.max(...times) : null), allMs: round(allMs), failed } };
}

/** The demo configuration, with room for every bench client's session from one address and the given login memory. */
function benchConfig(repoDir: string, dir: string, logins: number, verifiedCacheSeconds: number): string {
  const configDir = path.join(dir, "config");
  cpSync(path.join(repoDir, "config"), configDir, { recursive: true });
  const settingsFile = path.join(configDir, "mes.yaml");
  const settings = parse(readFileSync(settingsFile, "utf8"));
  settings.opcua.limits.maxSessionsPerClient = logins + 10;
  settings.opcua.maxSessions = Math.max(settings.opcua.maxSessions, logins * 2 + 20);
  settings.security.login.verifiedCacheSeconds = verifiedCacheSeconds;
  settings.simulator.enabled = false;
  writeFileSync(settingsFile, stringify(settings));
  return configDir;
}

/** One Operator account per bench client (`bench-1` ...), made by an admin over REST; their passwords are `<id>-demo-pass` like the demo's. */
async function benchAccounts(httpUrl: string, count: number): Promise<string[]> {
  const login = await fetch(`${httpUrl}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ user: "admin", password: demoPassword("admin") }) });
  if (!login.ok) throw new Error(`admin login: HTTP ${login.status}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const ids = Array.from({ length: count }, (_, i) => `bench-${i + 1}`);
  for (const id of ids) {
    const created = await fetch(`${httpUrl}/api/v1/users`, { method: "POST", headers: { "content-type": "application/json", cookie, "x-csrf-token": csrfToken }, body: JSON.stringify({ id, name: id, roles: ["Operator"], password: demoPassword(id) }) });
    if (created.status !== 201) throw new Error(`account ${id}: HTTP ${created.status}`);
  }
  return ids;
}
