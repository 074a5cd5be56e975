import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { buildCore, type MesCore } from "../../src/compose/mes-core.js";
import { loadConfig, type MesConfig } from "../../src/config/load-config.js";
import type { Actor } from "../../src/services/actor.js";
import { silentLog } from "../../src/services/log.js";
import { percentile, round } from "./stats.js";

/**
 * Routed against local StoreAndStart: two MES cores in this process on one database, A owning the
 * fabrication area, B the assembly; StoreAndStart of a job order for press-1 (A's) asked of A
 * (local: one transaction) and of B (routed: B writes the command, A's worker claims it, runs the
 * same transaction and writes the answer, B reads it). One caller, one job order after the other.
 *
 *   npx tsx tools/bench/cluster-commands.ts [--count 200] [--mysql mysql://root@127.0.0.1:3306/bench_cluster]
 */
const { values } = parseArgs({ options: { count: { type: "string", default: "200" }, mysql: { type: "string" } } });
const count = Number(values.count);
const repoDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const ACTOR: Actor = { id: "bench", role: null, door: "rest" };

function clusterConfig(url: string, instanceId: string, owns: string): MesConfig {
  const config = loadConfig(path.join(repoDir, "config"), { MES_DB_URL: url, MES_HTTP_PORT: "0" });
  return {
    ...config,
    settings: {
      ...config.settings,
      security: { ...config.settings.security, demoAccounts: false },
      masterData: { seedFile: undefined, startDemoJobOrders: false },
      cluster: { ...config.settings.cluster, instanceId, owns: [owns], takeOver: false },
    },
  };
}

async function storeAndStart(core: MesCore, prefix: string): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const job = await core.jobs.storeJobOrder({ id: `${prefix}-${i}`, equipmentId: "press-1", quantity: 1 }, ACTOR, { andStart: true });
    latencies.push(performance.now() - started);
    // Cancelled, it leaves press-1's JobOrderList, which stays under dispatch.maxDownloadableJobOrders.
    await core.jobs.command(job.id, "Cancel", ACTOR);
  }
  return latencies;
}

const figures = (latencies: number[]) => ({ p50Ms: round(percentile(latencies, 50)), p99Ms: round(percentile(latencies, 99)), perSecond: round(latencies.length / (latencies.reduce((a, b) => a + b, 0) / 1000), 1) });

const dir = mkdtempSync(path.join(os.tmpdir(), "bench-cluster-"));
const database = values.mysql ? { name: "MariaDB", url: values.mysql } : { name: "SQLite", url: `sqlite:${path.join(dir, "mes.sqlite")}` };
const a = await buildCore(clusterConfig(database.url, "bench-a", "fabrication"), { log: silentLog });
const b = await buildCore(clusterConfig(database.url, "bench-b", "assembly"), { log: silentLog });
try {
  await a.start();
  await b.start();
  // Warm-up of both paths (JIT, statements), not reported.
  await storeAndStart(a, "warm-local");
  await storeAndStart(b, "warm-routed");
  const local = await storeAndStart(a, "local");
  const routed = await storeAndStart(b, "routed");
  const result = {
    benchmark: "cluster-commands",
    environment: { node: process.version, cpus: os.cpus().length, database: database.name },
    count,
    local: figures(local),
    routed: figures(routed),
    ratio: round(percentile(routed, 50)! / percentile(local, 50)!, 1),
    note: "routed = StoreAndStart asked of B for A's work unit, carried out by A through cluster_command (worker poll 50 ms, answer poll 20 ms)",
  };
  console.log(JSON.stringify(result, null, 2));
} finally {
  await b.stop();
  await a.stop();
  rmSync(dir, { recursive: true, force: true });
}
