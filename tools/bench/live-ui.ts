import { cpSync, mkdirSync } from "node:fs";
import path from "node:path";
import { loadConfig } from "../../src/config/load-config.js";
import { workUnitsOf } from "../../src/domain/plant/plant.js";
import { demoPassword } from "../../src/services/demo-accounts.js";
import { freePort } from "../free-port.js";
import { seedHistory } from "../../src/store/bench-history.js";
import { startTsChild, type Child } from "./child-process.js";
import { percentile, round, timed, type Run } from "./stats.js";

export interface LiveUiBenchOptions {
  readonly repoDir: string;
  readonly workDir: string;
  readonly seconds: number;
  /** Wall screens reloading the overview at once. */
  readonly screens: number;
  /** Days of history (job orders, production records, state intervals of the demo's work units) for the second round; 0 skips it. */
  readonly historyDays: number;
}

/**
 * What a wall screen costs and how live it is: the MES in its own process on the demo plant with
 * its simulated PLCs running (SQLite). The overview answer (GET /api/v1/overview) from one client
 * back to back and from `screens` clients at once; and the event stream (GET /api/v1/events): how
 * long a machine-state change (from the MES seeing it) or a count (from the PLC stamping it) takes
 * to reach a browser-side reader (all clocks are this machine's). Then again with `historyDays` of
 * history in the database (seedHistory), and each throughput's ratio history/empty.
 */
export async function benchLiveUi(options: LiveUiBenchOptions): Promise<Record<string, unknown>> {
  const dir = path.join(options.workDir, "live-ui");
  mkdirSync(dir, { recursive: true });
  const configDir = path.join(dir, "config");
  cpSync(path.join(options.repoDir, "config"), configDir, { recursive: true });
  const databaseUrl = `sqlite:${path.join(dir, "mes.sqlite")}`;
  const workUnits = workUnitsOf(loadConfig(configDir, {}).plant).map((unit) => unit.id);
  const empty = await measureRound(options, dir, configDir, databaseUrl, workUnits.length);
  if (options.historyDays <= 0) return empty;
  process.stderr.write(`  seeding ${options.historyDays} days of history...\n`);
  const seeded = await seedHistory(databaseUrl, { days: options.historyDays, workUnits, jobsPerUnitPerDay: 24, recordsPerUnitPerHour: 4, statesPerUnitPerHour: 3, productId: "bracket" });
  process.stderr.write(`  seeded ${JSON.stringify(seeded.rows)} in ${seeded.seconds} s; measuring again...\n`);
  const history = await measureRound(options, dir, configDir, databaseUrl, workUnits.length);
  const ratio = (a: number | null, b: number | null) => (a && b ? round(b / a, 2) : null);
  return {
    ...empty,
    withHistory: { days: options.historyDays, rows: seeded.rows, seedSeconds: seeded.seconds, ...history },
    throughputRatioHistoryToEmpty: {
      overviewOneClient: ratio(empty.overviewOneClient.perSecond, history.overviewOneClient.perSecond),
      overviewScreens: ratio(empty.overviewScreens.perSecond, history.overviewScreens.perSecond),
    },
  };
}

/** One MES process on the database, with its simulated PLCs; each path measured on it, then stopped. */
async function measureRound(options: LiveUiBenchOptions, dir: string, configDir: string, databaseUrl: string, workUnits: number) {
  const httpPort = await freePort();
  let mes: Child | undefined;
  try {
    mes = startTsChild(path.join(options.repoDir, "src/main.ts"), [], { MES_CONFIG_DIR: configDir, MES_SIMULATOR: "on", MES_DB_URL: databaseUrl, MES_OPCUA_PORT: String(await freePort()), MES_HTTP_PORT: String(httpPort) }, dir);
    await mes.waitFor(/HTTP\s+http:\/\/\S+/);
    const url = `http://127.0.0.1:${httpPort}`;
    const login = await fetch(`${url}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ user: "observer", password: demoPassword("observer") }) });
    if (!login.ok) throw new Error(`observer login: HTTP ${login.status}`);
    const cookie = login.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const overview = async () => {
      const response = await fetch(`${url}/api/v1/overview`, { headers: { cookie } });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`overview: HTTP ${response.status}`);
    };
    await timed(2, overview, 1);
    const stream = listen(url, cookie);
    const serial = rounded(await timed(options.seconds, overview, 1));
    const parallel = rounded(await timed(options.seconds, overview, options.screens));
    const delays = await stream.stop();
    return {
      workUnits,
      overviewOneClient: serial,
      overviewScreens: { screens: options.screens, ...parallel },
      events: { seconds: round(delays.seconds, 1), perSecond: round(delays.values.length / delays.seconds), delayP50Ms: round(percentile(delays.values, 50)), delayP99Ms: round(percentile(delays.values, 99)), delayMaxMs: round(Math.max(...delays.values)) },
    };
  } finally {
    await mes?.stop();
  }
}

const rounded = (run: Run) => ({ perSecond: round(run.perSecond), p50Ms: round(run.p50Ms), p99Ms: round(run.p99Ms) });

/** Reads the event stream as a browser would, noting each state or count event's delay from its `at`. */
function listen(url: string, cookie: string): { stop(): Promise<{ values: number[]; seconds: number }> } {
  const abort = new AbortController();
  const values: number[] = [];
  const started = performance.now();
  const reading = (async () => {
    const response = await fetch(`${url}/api/v1/events`, { headers: { cookie }, signal: abort.signal });
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      const now = Date.now();
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const message = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.+)$/m.exec(message)?.[1];
        const data = /^data: (.+)$/m.exec(message)?.[1];
        if ((event === "machine.state" || event === "production.counted") && data) values.push(now - new Date(JSON.parse(data).at).getTime());
      }
    }
  })().catch((error: Error) => {
    if (error.name !== "AbortError") throw error;
  });
  return {
    async stop() {
      abort.abort();
      await reading;
      return { values, seconds: (performance.now() - started) / 1000 };
    },
  };
}
