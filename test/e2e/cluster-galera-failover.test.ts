import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { PlcSimulator } from "../../tools/plc-sim/simulator.js";
import { startDemoSimulator } from "../support/demo-mes.js";
import { GaleraCluster, galeraAvailable } from "../support/galera-cluster.js";
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
} from "../support/mes-cluster.js";
import type { RestAnswer } from "../support/rest-call.js";
import { waitFor } from "../support/wait-for.js";

const DATABASE = "mes";
/** Short, so a dead instance's equipment is taken over in seconds (a plant keeps the default 10). */
const LEASE_SECONDS = 4;
/**
 * The "production for some minutes", cut to what CI can spend: this long before the kill
 * and this long again after the takeover (npm run bench -- --only cluster runs the long version,
 * with several kills).
 */
const PRODUCTION_BEFORE_KILL_MS = 25_000;
const PRODUCTION_AFTER_TAKEOVER_MS = 25_000;
/** The commands the test sends each job order (REST's transition names), each to be recorded once. */
const SENT: Record<string, string[]> = {
  "J-press-1": ["store-and-start", "begin", "stop"],
  "J-packer-1": ["store-and-start", "begin"],
  "J-welder-1": ["store", "start", "begin"],
  "J-press-2": ["store-and-start", "begin"],
  "J-labeler-1": ["store-and-start", "begin"],
};
const FABRICATION = COUNTING_MACHINES.filter((m) => m.area === "fabrication").map((m) => m.unit);

/** A command as an ERP sends it: a 503 (no owner answered yet: the one it had just died) is tried again a little later. */
async function command(instance: MesInstance, token: string, method: string, route: string, body?: unknown): Promise<RestAnswer> {
  const answer = await waitFor(`${instance.id} ${method} ${route} answered`, async () => {
    const answer = await instance.call(token, method, route, body);
    return answer.status === 503 ? false : answer;
  }, 60_000, 500);
  expect(answer.status, `${instance.id} ${method} ${route}: ${JSON.stringify(answer.body)}`).to.be.oneOf([200, 201]);
  return answer;
}

/**
 * Given three MariaDB Galera nodes and three MES instances, one on each, A owning the fabrication
 * area, B the assembly area and C a standby, with the demo's PLCs simulated by the test and making
 * parts all along, and job orders stored, started and begun on one instance for equipment another
 * owns: when A is killed with SIGKILL and the Galera node it used is stopped, then C takes the
 * fabrication area over and production goes on; once the machines stop, every part the simulated
 * PLCs counted is stored exactly once, every job order and transition is there once, and the REST
 * answers of B and C agree.
 */
describe("three MES instances on a 3-node Galera cluster, one SIGKILLed and its node stopped", function () {
  this.timeout(420_000);
  const galera = new GaleraCluster();
  let root: string;
  let sim: PlcSimulator | undefined;
  let production: { stop(): void } | undefined;
  const instances: MesInstance[] = [];
  let a: MesInstance;
  let b: MesInstance;
  let c: MesInstance;
  let token: string;

  const spec = (id: string, owns: string[], takeOver: boolean, node: number): MesInstanceSpec => ({ id, owns, takeOver, databaseUrl: galera.url(node, DATABASE), leaseSeconds: LEASE_SECONDS });

  before(async function () {
    if (!galeraAvailable()) this.skip();
    root = mkdtempSync(path.join(tmpdir(), "mes-cluster-"));
    await galera.start();
    console.log(`      (Galera: 3 nodes Primary and Synced in ${galera.startSeconds.toFixed(1)} s)`);
    await galera.createDatabase(DATABASE);
    sim = await startDemoSimulator(busyPlant);
    // A first: it migrates the schema and syncs the plant, which the others then find done.
    // The owners take nothing over, so the standby is the one that does.
    a = await MesInstance.start(root, spec("mes-a", ["fabrication"], false, 0), sim);
    instances.push(a);
    [b, c] = await Promise.all([MesInstance.start(root, spec("mes-b", ["assembly"], false, 1), sim), MesInstance.start(root, spec("mes-c", [], true, 2), sim)]);
    instances.push(b, c);
    token = await adminToken(a);
  });

  afterEach(function () {
    if (this.currentTest?.state === "failed") for (const instance of instances) console.log(`--- ${instance.id} (last lines)\n${instance.output().split("\n").slice(-40).join("\n")}`);
  });

  after(async function () {
    production?.stop();
    for (const instance of instances) await instance.kill();
    await sim?.stop();
    await galera.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it("takes the dead instance's area over, stores every counted part once, and every surviving instance answers the same", async function () {
    await a.connectedTo(PLCS_OF_AREA.fabrication!);
    await b.connectedTo(PLCS_OF_AREA.assembly!);
    // Each owner's first reading of a counter is its baseline: what the PLCs count from there on must be stored.
    const baseline = await waitFor("every counter's baseline stored", async () => {
      const stored = await storedCheckpoints(galera, 1, DATABASE);
      const counters = plcCounters(sim!);
      return COUNTING_MACHINES.every((m) => stored.get(m.unit)?.good === counters.get(m.unit)!.good && stored.get(m.unit)?.scrap === counters.get(m.unit)!.scrap) && counters;
    }, 30_000, 200);
    const from = new Date(Date.now() - 1000);
    production = startProduction(sim!);

    // Job orders stored and started on one instance for equipment another owns: each is carried out by the owner.
    await command(c, token, "POST", "/api/v1/job-orders", { id: "J-press-1", equipmentId: "press-1", quantity: 100_000, start: true });
    await command(c, token, "POST", "/api/v1/work-units/press-1/start-job", { jobOrderId: "J-press-1" });
    await command(a, token, "POST", "/api/v1/job-orders", { id: "J-packer-1", equipmentId: "packer-1", quantity: 100_000, start: true });
    await command(a, token, "POST", "/api/v1/work-units/packer-1/start-job", { jobOrderId: "J-packer-1" });
    await command(b, token, "POST", "/api/v1/job-orders", { id: "J-welder-1", equipmentId: "welder-1", quantity: 100_000 });
    await command(c, token, "POST", "/api/v1/job-orders", { id: "J-press-2", equipmentId: "press-2", quantity: 100_000, start: true });
    await new Promise((resolve) => setTimeout(resolve, PRODUCTION_BEFORE_KILL_MS));
    expect(await recordCount(galera, 1, DATABASE, FABRICATION), "A stored fabrication's parts before it died").to.be.above(0);

    // A's host dies, and the Galera node it used is shut down: nobody uses that node any more.
    const killedAt = Date.now();
    await a.kill();
    await galera.stopNode(0);
    const takenOver = await waitFor("C holding fabrication's lease", async () => {
      const lease = await leaseHolder(galera, 1, DATABASE, "fabrication");
      return lease?.holder === "mes-c" && lease.live && Date.now();
    }, 60_000, 100);
    const recordsAtTakeover = await recordCount(galera, 1, DATABASE, FABRICATION);
    const firstRecord = await waitFor("C's first fabrication record", async () => (await recordCount(galera, 1, DATABASE, FABRICATION)) > recordsAtTakeover && Date.now(), 60_000, 100);
    await c.connectedTo(PLCS_OF_AREA.fabrication!);
    console.log(
      `      (failover, leaseSeconds ${LEASE_SECONDS}: SIGKILL to C holding the lease ${((takenOver - killedAt) / 1000).toFixed(1)} s, to C's first production record ${((firstRecord - killedAt) / 1000).toFixed(1)} s)`,
    );

    // After the takeover: commands for fabrication, sent to B, are carried out by C; C runs its own and B's.
    await command(b, token, "POST", "/api/v1/job-orders/J-welder-1/start");
    await command(b, token, "POST", "/api/v1/work-units/welder-1/start-job", { jobOrderId: "J-welder-1" });
    await command(b, token, "POST", "/api/v1/work-units/press-2/start-job", { jobOrderId: "J-press-2" });
    await command(c, token, "POST", "/api/v1/job-orders", { id: "J-labeler-1", equipmentId: "labeler-1", quantity: 100_000, start: true });
    await command(c, token, "POST", "/api/v1/work-units/labeler-1/start-job", { jobOrderId: "J-labeler-1" });
    await new Promise((resolve) => setTimeout(resolve, PRODUCTION_AFTER_TAKEOVER_MS));
    // Stopped rather than finished: a fault of the press may have interrupted it (finishing takes a running job only).
    await command(b, token, "POST", "/api/v1/job-orders/J-press-1/stop");

    production.stop();
    production = undefined;
    const counters = plcCounters(sim!);
    const made = new Map(COUNTING_MACHINES.map((m) => [m.unit, { good: counters.get(m.unit)!.good - baseline.get(m.unit)!.good, scrap: counters.get(m.unit)!.scrap - baseline.get(m.unit)!.scrap }]));
    // The owners flush every second; the last flush stores the checkpoints at the counters.
    await waitFor("the owners' last flushes stored", async () => {
      const stored = await storedCheckpoints(galera, 1, DATABASE);
      return COUNTING_MACHINES.every((m) => stored.get(m.unit)?.good === counters.get(m.unit)!.good && stored.get(m.unit)?.scrap === counters.get(m.unit)!.scrap);
    }, 30_000, 200).catch(() => undefined);
    const to = new Date();
    for (const node of [1, 2]) {
      const stored = await storedCounts(galera, node, DATABASE);
      expect(Object.fromEntries(stored), `node ${node + 1}: every part the PLCs counted, stored once`).to.deep.equal(Object.fromEntries(made));
    }
    const total = [...made.values()].reduce((sum, counts) => sum + counts.good + counts.scrap, 0);
    console.log(`      (${total} parts counted by the simulated PLCs, ${total} stored)`);

    // Every job order once, each transition once, the same on both surviving instances.
    const ids = ["J-labeler-1", "J-packer-1", "J-press-1", "J-press-2", "J-welder-1"];
    const lists = await Promise.all([b, c].map(async (instance) => (await instance.get(token, "/api/v1/job-orders?limit=500")).items.map((job: any) => ({ id: job.id, equipmentId: job.equipmentId, state: job.state })).sort((x: any, y: any) => x.id.localeCompare(y.id))));
    expect(lists[0].map((job: any) => job.id), "every job order, once").to.deep.equal(ids);
    expect(lists[1], "C lists what B lists").to.deep.equal(lists[0]);
    for (const id of ids) {
      const [onB, onC] = await Promise.all([b, c].map((instance) => instance.get(token, `/api/v1/job-orders/${id}`)));
      const commands: string[] = onB.history.map((step: any) => String(step.command).toLowerCase());
      // A transition written twice would break the chain: each step leaves the state the one before it reached.
      for (const [n, step] of onB.history.entries()) {
        if (n > 0) expect(step.fromStateNumber, `${id}: step ${n + 1} (${commands.join(", ")}) follows step ${n}`).to.equal(onB.history[n - 1].toStateNumber);
      }
      for (const sent of SENT[id]!) expect(commands.filter((command) => command === sent), `${id}: ${sent} once (${commands.join(", ")})`).to.have.length(1);
      expect(onC.history, `${id}: C has B's history`).to.deep.equal(onB.history);
      expect(onC.produced, `${id}: C has B's produced quantity`).to.deep.equal(onB.produced);
    }

    // The REST answers agree: OEE and its counts per unit, and the overview.
    for (const m of COUNTING_MACHINES) {
      const route = `/api/v1/oee/${m.unit}?from=${from.toISOString()}&to=${to.toISOString()}`;
      const [onB, onC] = await Promise.all([b.get(token, route), c.get(token, route)]);
      expect(onC, `${m.unit}: C's OEE is B's`).to.deep.equal(onB);
      expect({ good: onB.quantities.gq, scrap: onB.quantities.sq }, `${m.unit}: the OEE counts what the PLC counted`).to.deep.equal(made.get(m.unit));
    }
    const plantRoute = `/api/v1/oee/plant-1?from=${from.toISOString()}&to=${to.toISOString()}`;
    expect(await c.get(token, plantRoute), "the plant's OEE, on C as on B").to.deep.equal(await b.get(token, plantRoute));
    const tiles = async (instance: MesInstance) =>
      ((await instance.get(token, "/api/v1/overview")).workUnits as any[]).map((tile) => ({ id: tile.id, machineState: tile.machineState, stateSince: tile.stateSince, job: tile.job }));
    // The overview follows each instance's own bus and its peers' rows: given a moment, both show the plant as it stopped.
    await waitFor("B and C showing the same overview", async () => JSON.stringify(await tiles(b)) === JSON.stringify(await tiles(c)), 20_000, 500).catch(() => undefined);
    expect(await tiles(c), "C's overview is B's").to.deep.equal(await tiles(b));

    // The stopped node rejoins and has every write made while it was down.
    await galera.startNode(0);
    expect(Object.fromEntries(await storedCounts(galera, 0, DATABASE)), "node 1, back: every part once").to.deep.equal(Object.fromEntries(made));
  });
});
