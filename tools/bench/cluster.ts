import { mkdirSync } from "node:fs";
import path from "node:path";
import { format } from "node:util";
import { setErrorLogger, setWarningLogger } from "node-opcua";
import { startDemoSimulator } from "../../test/support/demo-mes.js";
import { GaleraCluster, galeraAvailable } from "../../test/support/galera-cluster.js";
import {
  adminToken,
  busyPlant,
  COUNTING_MACHINES,
  leaseHolder,
  MesInstance,
  PLCS_OF_AREA,
  plcCounters,
  recordCount,
  startProduction,
  storedCheckpoints,
  storedCounts,
  type MesInstanceSpec,
} from "../../test/support/mes-cluster.js";
import type { PlcSimulator } from "../plc-sim/simulator.js";
import { round, spread } from "./stats.js";

export interface ClusterBenchOptions {
  readonly workDir: string;
  /** How many times the owner of the fabrication area is killed (each time the one that took it over). */
  readonly kills: number;
  /** Production between two kills, and before the first. */
  readonly secondsBetweenKills: number;
  readonly leaseSeconds: number;
  /** How long job orders are stored back to back through an instance, for its own equipment and for a peer's. */
  readonly commandSeconds: number;
}

const DATABASE = "mes";
const FABRICATION = COUNTING_MACHINES.filter((m) => m.area === "fabrication").map((m) => m.unit);

/**
 * The long version of test/e2e/cluster-galera-failover.test.ts: three Galera nodes, three MES
 * processes (A owns fabrication, B assembly, C a standby), the simulated plant producing all along.
 * `kills` times, the instance owning fabrication is SIGKILLed and its Galera node stopped; an
 * instance waiting takes it over (the failover time: from the kill to the lease held by another,
 * and to that one's first production record); then the node and the killed instance come back, the
 * instance as the next standby. At the end, the parts the simulated PLCs counted against those
 * stored, and job orders stored per second through B for its own equipment and routed to the owner of fabrication.
 */
export async function benchCluster(options: ClusterBenchOptions): Promise<Record<string, unknown>> {
  if (!galeraAvailable()) return { skipped: "needs root, galera-4, mariadb-server and rsync (.ci/run installs them)" };
  // The simulated PLCs run in this process: node-opcua's warnings go to stderr, so stdout stays one JSON document.
  const toStderr = (_where: unknown, ...args: unknown[]) => void process.stderr.write(`${format(...args)}\n`);
  setWarningLogger(toStderr);
  setErrorLogger(toStderr);
  const root = path.join(options.workDir, "cluster");
  mkdirSync(root, { recursive: true });
  const galera = new GaleraCluster();
  let sim: PlcSimulator | undefined;
  let production: { stop(): void } | undefined;
  const running = new Map<string, MesInstance>();
  try {
    await galera.start();
    await galera.createDatabase(DATABASE);
    sim = await startDemoSimulator(busyPlant);
    const spec = (id: string, owns: string[], node: number): MesInstanceSpec => ({ id, owns, takeOver: id !== "mes-b", databaseUrl: galera.url(node, DATABASE), leaseSeconds: options.leaseSeconds });
    const specs = [spec("mes-a", ["fabrication"], 0), spec("mes-b", ["assembly"], 1), spec("mes-c", [], 2)];
    const nodeOf = new Map(specs.map((s, node) => [s.id, node]));
    running.set("mes-a", await MesInstance.start(root, specs[0]!, sim));
    const [b, c] = await Promise.all([MesInstance.start(root, specs[1]!, sim), MesInstance.start(root, specs[2]!, sim)]);
    running.set("mes-b", b).set("mes-c", c);
    const token = await adminToken(b);
    await running.get("mes-a")!.connectedTo(PLCS_OF_AREA.fabrication!);
    await b.connectedTo(PLCS_OF_AREA.assembly!);
    const baseline = await until(async () => {
      const stored = await storedCheckpoints(galera, 1, DATABASE);
      const counters = plcCounters(sim!);
      return COUNTING_MACHINES.every((m) => stored.get(m.unit)?.good === counters.get(m.unit)!.good && stored.get(m.unit)?.scrap === counters.get(m.unit)!.scrap) && counters;
    }, 60_000);
    const started = Date.now();
    production = startProduction(sim);

    const toLease: number[] = [];
    const toFirstRecord: number[] = [];
    const takers: string[] = [];
    for (let round = 0; round < options.kills; round++) {
      await sleep(options.secondsBetweenKills * 1000);
      const holder = (await leaseHolder(galera, 1, DATABASE, "fabrication"))!.holder;
      const victim = running.get(holder)!;
      const node = nodeOf.get(holder)!;
      process.stderr.write(`cluster: kill ${round + 1} of ${options.kills}: ${holder} (and Galera node ${node + 1})...\n`);
      const killedAt = Date.now();
      await victim.kill();
      running.delete(holder);
      // Node 2 (B's) is never stopped: it answers the measuring queries.
      await galera.stopNode(node);
      const taken = await until(async () => {
        const lease = await leaseHolder(galera, 1, DATABASE, "fabrication");
        return lease && lease.live && lease.holder !== holder && { at: Date.now(), by: lease.holder };
      }, 120_000, 100);
      const records = await recordCount(galera, 1, DATABASE, FABRICATION);
      const firstRecordAt = await until(async () => (await recordCount(galera, 1, DATABASE, FABRICATION)) > records && Date.now(), 120_000, 100);
      toLease.push((taken.at - killedAt) / 1000);
      toFirstRecord.push((firstRecordAt - killedAt) / 1000);
      takers.push(taken.by);
      await galera.startNode(node);
      running.set(holder, await MesInstance.start(root, specs.find((s) => s.id === holder)!, sim));
    }

    // Job orders stored through B back to back: for its own packer, and for fabrication's press (routed to its owner).
    const storeRate = async (equipmentId: string) => {
      let n = 0;
      const deadline = Date.now() + options.commandSeconds * 1000;
      const began = performance.now();
      for (; Date.now() < deadline; n++) {
        const answer = await b.call(token, "POST", "/api/v1/job-orders", { id: `B-${equipmentId}-${n}`, equipmentId, quantity: 1, start: true });
        if (answer.status !== 201) throw new Error(`store through B for ${equipmentId}: ${answer.status} ${JSON.stringify(answer.body)}`);
      }
      return n / ((performance.now() - began) / 1000);
    };
    const localPerSecond = await storeRate("packer-1");
    const routedPerSecond = await storeRate("press-2");

    production.stop();
    production = undefined;
    const productionSeconds = (Date.now() - started) / 1000;
    const counters = plcCounters(sim);
    await until(async () => {
      const stored = await storedCheckpoints(galera, 1, DATABASE);
      return COUNTING_MACHINES.every((m) => stored.get(m.unit)?.good === counters.get(m.unit)!.good && stored.get(m.unit)?.scrap === counters.get(m.unit)!.scrap);
    }, 30_000).catch(() => undefined);
    const stored = await storedCounts(galera, 1, DATABASE);
    const perUnit = COUNTING_MACHINES.map((m) => ({
      unit: m.unit,
      counted: counters.get(m.unit)!.good + counters.get(m.unit)!.scrap - baseline.get(m.unit)!.good - baseline.get(m.unit)!.scrap,
      stored: stored.get(m.unit)!.good + stored.get(m.unit)!.scrap,
    }));
    return {
      galeraStartSeconds: round(galera.startSeconds, 1),
      leaseSeconds: options.leaseSeconds,
      kills: options.kills,
      productionSeconds: round(productionSeconds, 0),
      failoverToLeaseSeconds: spread(toLease),
      failoverToFirstRecordSeconds: spread(toFirstRecord),
      takenOverBy: takers,
      partsCounted: perUnit.reduce((sum, unit) => sum + unit.counted, 0),
      partsStored: perUnit.reduce((sum, unit) => sum + unit.stored, 0),
      perUnit,
      jobOrdersStoredAndStartedPerSecond: { local: round(localPerSecond, 1), routedToOwner: round(routedPerSecond, 1) },
    };
  } finally {
    production?.stop();
    for (const instance of running.values()) await instance.kill();
    await sim?.stop();
    await galera.stop();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `probe` until it gives something; a guard against hanging, not a figure. */
async function until<T>(probe: () => Promise<T | false | null | undefined>, timeoutMs: number, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error("cluster bench: timed out waiting");
    await sleep(everyMs);
  }
}
