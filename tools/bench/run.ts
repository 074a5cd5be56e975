import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import mysql from "mysql2/promise";
import { benchCluster } from "./cluster.js";
import { benchGenealogy } from "./genealogy.js";
import { benchJobOrders } from "./job-orders.js";
import { benchLiveUi } from "./live-ui.js";
import { benchLogins } from "./logins.js";
import { benchOee } from "./oee.js";
import { benchPlcRelay, type RelayTier } from "./plc-relay.js";
import { benchScheduling } from "./scheduling.js";

/**
 * `npm run bench [-- --only relay,job-orders,oee,scheduling,live-ui,logins,genealogy,cluster --cluster-kills 5 --cluster-seconds 60 --cluster-lease-seconds 10 --logins 50 --genealogy-movements 1000000 --screens 20 --live-ui-history-days 365 --schedule-orders 200,2000,20000 --oee-units 500 --oee-days 30 --relay 1000:100,10000:250,50000:500,1000:100x50 --reps 5 --mes-cpu-prof dir --seconds 10
 *   --job-seconds 5 --job-stations 6 --job-history-days 365 --mysql-url mysql://root@127.0.0.1:3306/test --sqlite off --out bench-results/x.json]`
 * Prints one JSON document: environment, versions, settings, figures, ratios to the bare stack.
 */
const repoDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const { values } = parseArgs({
  options: {
    /** tags:changesPerSecond, with xN: N client sessions at once, each subscribed to every tag. */
    relay: { type: "string", default: "1000:100,10000:250,50000:500,1000:100x50" },
    /** A folder for a V8 CPU profile of the MES of each relay tier. */
    "mes-cpu-prof": { type: "string" },
    reps: { type: "string", default: "5" },
    seconds: { type: "string", default: "10" },
    "publishing-interval": { type: "string", default: "100" },
    out: { type: "string" },
    only: { type: "string", default: "relay,job-orders,oee,scheduling,live-ui,logins" },
    screens: { type: "string", default: "20" },
    "schedule-orders": { type: "string", default: "200,2000,20000" },
    "oee-units": { type: "string", default: "500" },
    "oee-days": { type: "string", default: "30" },
    /** Months of older history for the OEE figures' second round (target: cost grows with work, not with history); 0 skips it. */
    "oee-history-months": { type: "string", default: "12" },
    /** A directory for a CPU profile of each OEE case (see tools/bench/profile-summary.ts). */
    "oee-profile": { type: "string" },
    "job-seconds": { type: "string", default: "5" },
    "rest-clients": { type: "string", default: "8" },
    /** Stations driven at once over OPC UA, one session each, for the parallel job-order figure (at most 6). */
    "job-stations": { type: "string", default: "6" },
    /** Days of history (job orders, transitions, audit entries, production records, state intervals) for the job-order figures' second round; 0 skips it. */
    "job-history-days": { type: "string", default: "365" },
    /** Days of history for the live UI figures' second round; 0 skips it. */
    "live-ui-history-days": { type: "string", default: "365" },
    /** OPC UA clients that sign in with a password at the same moment. */
    logins: { type: "string", default: "50" },
    "genealogy-movements": { type: "string", default: "1000000" },
    /** The cluster tier (3 Galera nodes, 3 MES processes): owners SIGKILLed one after the other, production this long before each. */
    "cluster-kills": { type: "string", default: "5" },
    "cluster-seconds": { type: "string", default: "60" },
    "cluster-lease-seconds": { type: "string", default: "10" },
    /** A MariaDB/MySQL server for the database figures; a fresh database is made there and dropped. "none" skips it. */
    "mysql-url": { type: "string", default: process.env.MES_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test" },
    /** "off" skips the SQLite round of the database figures (to repeat MariaDB's alone). */
    sqlite: { type: "string", default: "on" },
  },
});

const tiers: RelayTier[] = values.relay!.split(",").filter(Boolean).map((spec) => {
  const [, tags, rate, sessions] = (/^(\d+):([\d.]+)(?:x(\d+))?$/.exec(spec) ?? []).map(Number);
  if (!Number.isInteger(tags) || !(rate > 0)) throw new Error(`--relay takes tags:changesPerSecond[xSessions] pairs, got "${spec}"`);
  return { tags, changesPerSecond: rate, sessions: sessions || 1 };
});
const probe = {
  publishingIntervalMs: Number(values["publishing-interval"]),
  samplingIntervalMs: 0,
  queueSize: 10,
  warmupSeconds: 2,
  seconds: Number(values.seconds),
};
const repetitions = Number(values.reps);

const only = new Set(values.only!.split(","));
const workDir = mkdtempSync(path.join(os.tmpdir(), "mes-bench-"));
try {
  const relay = [];
  for (const tier of only.has("relay") ? tiers : []) {
    process.stderr.write(`relay: ${tier.tags} tags at ${tier.changesPerSecond} changes/s to ${tier.sessions} session(s), ${repetitions} repetitions of ${probe.seconds} s...\n`);
    relay.push(await benchPlcRelay(tier, { repetitions, probe, workDir, repoDir, mesCpuProfileDir: values["mes-cpu-prof"] }));
  }
  const jobOrders = [];
  if (only.has("job-orders")) {
    const jobOptions = { repoDir, workDir, repetitions, seconds: Number(values["job-seconds"]), restConcurrency: Number(values["rest-clients"]), stations: Number(values["job-stations"]), historyDays: Number(values["job-history-days"]) };
    if (values.sqlite !== "off") {
      process.stderr.write(`job orders on SQLite: ${repetitions} repetitions of ${jobOptions.seconds} s per path...\n`);
      jobOrders.push(await benchJobOrders({ name: "SQLite", url: `sqlite:${path.join(workDir, "job-orders.sqlite")}` }, jobOptions));
    }
    const mysqlDatabase = await freshMysqlDatabase(values["mysql-url"]!);
    if (mysqlDatabase) {
      try {
        process.stderr.write(`job orders on MariaDB/MySQL: ${repetitions} repetitions of ${jobOptions.seconds} s per path...\n`);
        jobOrders.push(await benchJobOrders({ name: "MySQL", url: mysqlDatabase.url }, jobOptions));
      } finally {
        await mysqlDatabase.drop();
      }
    }
  }
  let oee: Record<string, unknown> | undefined;
  if (only.has("oee")) {
    process.stderr.write(`OEE: ${values["oee-units"]} work units, ${values["oee-days"]} days of history, loading...\n`);
    oee = await benchOee({ workDir, workUnits: Number(values["oee-units"]), days: Number(values["oee-days"]), repetitions, historyMonths: Number(values["oee-history-months"]), profileDir: values["oee-profile"] });
  }
  let scheduling: Record<string, unknown>[] | undefined;
  if (only.has("scheduling")) {
    process.stderr.write(`scheduling: ${values["schedule-orders"]} orders over 50 work units...\n`);
    scheduling = benchScheduling(values["schedule-orders"]!.split(",").map(Number), repetitions);
  }
  let liveUi: Record<string, unknown> | undefined;
  if (only.has("live-ui")) {
    process.stderr.write(`live UI: the overview and the event stream for ${values.seconds} s per path...\n`);
    liveUi = await benchLiveUi({ repoDir, workDir, seconds: Number(values.seconds), screens: Number(values.screens), historyDays: Number(values["live-ui-history-days"]) });
  }
  let logins: Record<string, unknown> | undefined;
  if (only.has("logins")) {
    process.stderr.write(`logins: ${values.logins} OPC UA password logins at once...\n`);
    logins = await benchLogins({ repoDir, workDir, logins: Number(values.logins) });
  }
  const genealogy = [];
  if (only.has("genealogy")) {
    const genealogyOptions = { movements: Number(values["genealogy-movements"]), repetitions: Math.max(repetitions, 20) };
    if (values.sqlite !== "off") {
      process.stderr.write(`genealogy on SQLite: ${genealogyOptions.movements} movements, loading...\n`);
      genealogy.push(await benchGenealogy({ name: "SQLite", url: `sqlite:${path.join(workDir, "genealogy.sqlite")}` }, genealogyOptions));
    }
    const mysqlDatabase = await freshMysqlDatabase(values["mysql-url"]!);
    if (mysqlDatabase) {
      try {
        process.stderr.write(`genealogy on MariaDB/MySQL: ${genealogyOptions.movements} movements, loading...\n`);
        genealogy.push(await benchGenealogy({ name: "MySQL", url: mysqlDatabase.url }, genealogyOptions));
      } finally {
        await mysqlDatabase.drop();
      }
    }
  }
  let cluster: Record<string, unknown> | undefined;
  if (only.has("cluster")) {
    const clusterOptions = { workDir, kills: Number(values["cluster-kills"]), secondsBetweenKills: Number(values["cluster-seconds"]), leaseSeconds: Number(values["cluster-lease-seconds"]), commandSeconds: Number(values["job-seconds"]) };
    process.stderr.write(`cluster: 3 Galera nodes, 3 MES instances, ${clusterOptions.kills} owners killed, ${clusterOptions.secondsBetweenKills} s of production before each...\n`);
    cluster = await benchCluster(clusterOptions);
  }
  const version = (name: string) => (JSON.parse(readFileSync(path.join(repoDir, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
  const report = {
    benchmark: "opcua-mes",
    at: new Date().toISOString(),
    environment: { node: process.version, platform: `${os.platform()} ${os.release()}`, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30) },
    versions: { "node-opcua": version("node-opcua"), typeorm: version("typeorm"), koa: version("koa") },
    settings: { repetitions, probe },
    plcRelay: relay,
    plcRelayRss: marginalRss(relay),
    jobOrders,
    oee,
    scheduling,
    liveUi,
    logins,
    genealogy,
    cluster,
  };
  const json = JSON.stringify(report, null, 2);
  console.log(json);
  if (values.out) {
    mkdirSync(path.dirname(path.resolve(values.out)), { recursive: true });
    writeFileSync(values.out, json);
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}

/**
 * What each further 1,000 mirrored tags cost the MES in RSS, between the smallest and the largest
 * one-session tier: the companion nodesets and the rest of the MES are in both and drop out.
 */
function marginalRss(relay: Record<string, unknown>[]): { fromTags: number; toTags: number; miBPer1000Tags: number } | undefined {
  const single = relay
    .map((result) => ({ tier: result.tier as RelayTier, rss: (result.mes as { rssMiB: number }).rssMiB }))
    .filter(({ tier }) => (tier.sessions ?? 1) === 1)
    .sort((a, b) => a.tier.tags - b.tier.tags);
  const [first, last] = [single[0], single[single.length - 1]];
  if (!first || first.tier.tags === last.tier.tags) return undefined;
  return { fromTags: first.tier.tags, toTags: last.tier.tags, miBPer1000Tags: Number((((last.rss - first.rss) / (last.tier.tags - first.tier.tags)) * 1000).toFixed(2)) };
}

/** A new empty database on the server, or null (and a note) when there is no server to use. */
async function freshMysqlDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> } | null> {
  if (serverUrl === "none") return null;
  const base = new URL(serverUrl);
  const name = `mes_bench_${process.pid}`;
  const connect = () => mysql.createConnection({ host: base.hostname, port: Number(base.port || 3306), user: decodeURIComponent(base.username), password: decodeURIComponent(base.password) });
  try {
    const connection = await connect();
    await connection.query(`CREATE DATABASE \`${name}\``);
    await connection.end();
  } catch (error) {
    process.stderr.write(`no MySQL figures: ${(error as Error).message}\n`);
    return null;
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const connection = await connect();
      await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await connection.end();
    },
  };
}
