import { expect } from "chai";
import { buildCore, type MesCore } from "../../../src/compose/mes-core.js";
import { DomainError } from "../../../src/domain/domain-error.js";
import type { Actor } from "../../../src/services/actor.js";
import { systemClock } from "../../../src/services/clock.js";
import { LeaseKeeper } from "../../../src/services/cluster/lease-keeper.js";
import { silentLog } from "../../../src/services/log.js";
import { GaleraCluster, galeraAvailable } from "../../support/galera-cluster.js";
import { restTestConfig } from "../../support/rest-app.js";
import { waitFor } from "../../support/wait-for.js";

const CALLBACKS = { timeoutMs: 2000, maxAttempts: 1, initialDelayMs: 50, maxDelayMs: 50 };
const erp: Actor = { id: "erp-connector", role: "ERP", door: "rest" };
const ALL = { limit: 1000, offset: 0 };
const JOBS_PER_NODE = 10;
/** Units the writers spread their job orders over, so no receiver's list fills up. */
const UNITS = ["press-2", "welder-1", "mill-1", "cplab-1", "packer-1", "labeler-1"];

/** The store's retries so far, summed over every reason. */
async function retriesOf(core: MesCore): Promise<number> {
  return (await core.metrics.transactionRetries.get()).values.reduce((sum, value) => sum + value.value, 0);
}

async function outcome<T>(promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

// Three MES cores, each on its own node of a 3-node Galera cluster started by the test: the writes
// of each replicate to the others, writes that meet on two nodes are retried or refused as a
// user would see it, and one node leaving and rejoining stops nobody else.
describe("The MES store on a 3-node MariaDB Galera cluster", function () {
  this.timeout(120_000);
  const galera = new GaleraCluster();
  let cores: MesCore[] = [];

  before(async function () {
    if (!galeraAvailable()) this.skip();
    await galera.start();
    console.log(`      (Galera: 3 nodes Primary and Synced in ${galera.startSeconds.toFixed(1)} s)`);
    await galera.createDatabase("mes");
    // Node 1 migrates the schema and syncs the plant; the others find both done.
    for (let node = 0; node < galera.size; node++) cores.push(await buildCore(restTestConfig(galera.url(node, "mes"), CALLBACKS), { log: silentLog }));
  });

  after(async function () {
    for (const core of cores) await core.stop().catch(() => undefined);
    cores = [];
    await galera.stop();
  });

  it("stores job orders through every node at once, and starts each once when all three start it together", async function () {
    await Promise.all(
      cores.map(async (core, node) => {
        for (let n = 1; n <= JOBS_PER_NODE; n++) await core.jobs.storeJobOrder({ id: `J-${node}-${n}`, equipmentId: "press-1", quantity: 10 }, erp, { andStart: false });
      }),
    );
    const ids = cores.flatMap((_, node) => Array.from({ length: JOBS_PER_NODE }, (_, n) => `J-${node}-${n + 1}`)).sort();
    for (const core of cores) {
      const listed = (await core.jobs.list({ equipmentId: "press-1" }, ALL)).items.map((job) => job.id).sort();
      expect(listed, "every node has every job order").to.deep.equal(ids);
    }

    // Every core starts every job order, in the same order: the three meet on each one.
    const retriesBefore = (await Promise.all(cores.map(retriesOf))).reduce((a, b) => a + b, 0);
    const results = await Promise.all(cores.map(async (core) => Promise.all(ids.map((id) => outcome(core.jobs.command(id, "Start", erp))))));
    const retries = (await Promise.all(cores.map(retriesOf))).reduce((a, b) => a + b, 0) - retriesBefore;
    console.log(`      (${retries} units of work retried after a conflict between nodes)`);
    for (const [index, id] of ids.entries()) {
      const tries = results.map((perCore) => perCore[index]!);
      expect(tries.filter((result) => result.ok), `${id} started once`).to.have.length(1);
      for (const refused of tries.filter((result) => !result.ok)) expect((refused as { error: unknown }).error, `${id}: the others are refused as a user sees it`).to.be.instanceOf(DomainError);
    }
    for (const core of cores) {
      for (const id of ids) {
        const starts = (await core.jobs.history(id)).filter((transition) => transition.command === "Start");
        expect(starts, `${id}: one Start transition`).to.have.length(1);
      }
    }
  });

  // A clean stop (the node says goodbye) and a kill (the others notice it gone after the group's suspect timeout).
  for (const { how, down } of [
    { how: "stopped", down: 2 },
    { how: "killed", down: 1 },
  ] as const) {
    it(`goes on writing through two nodes while the third is ${how}, and the third rejoins with every write`, async function () {
      const up = [0, 1, 2].filter((node) => node !== down);
      const prefix = `${how}-`;
      const stored: string[][] = up.map(() => []);
      const failed: unknown[] = [];
      let writing = true;
      const writers = up.map(async (node, w) => {
        for (let n = 1; writing; n++) {
          const id = `${prefix}${node}-${n}`;
          const result = await outcome(cores[node]!.jobs.storeJobOrder({ id, equipmentId: UNITS[n % UNITS.length]!, quantity: 1 }, erp, { andStart: false }));
          if (result.ok) stored[w]!.push(id);
          else failed.push(result.error);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      });
      const more = (than: number[], count: number) => () => stored.every((ids, w) => ids.length >= than[w]! + count);
      try {
        await waitFor("writes before the node goes", more([0, 0], 3));
        if (how === "stopped") await galera.stopNode(down);
        else await galera.killNode(down);
        const during = await outcome(cores[down]!.jobs.storeJobOrder({ id: `${prefix}${down}-1`, equipmentId: "press-2", quantity: 1 }, erp, { andStart: false }));
        expect(during.ok, "a write through the node that is gone fails").to.equal(false);
        expect((during as { error: unknown }).error).to.be.instanceOf(DomainError).with.property("code", "unavailable");
        await waitFor("writes while the node is gone", more(stored.map((ids) => ids.length), 5), 30_000);
        await galera.startNode(down);
        await waitFor("writes after the node is back", more(stored.map((ids) => ids.length), 3), 30_000);
      } finally {
        writing = false;
        await Promise.all(writers);
      }
      expect(failed, "no write through the running nodes failed").to.deep.equal([]);

      // The rejoined node has every write the others took while it was gone, and takes writes again.
      const expected = stored.flat().sort();
      const onRejoined = async () => (await cores[down]!.jobs.list({}, ALL)).items.map((job) => job.id).filter((id) => id.startsWith(prefix)).sort();
      expect(await waitFor("the rejoined node answering", () => onRejoined().catch(() => undefined))).to.deep.equal(expected);
      const late = `${prefix}${down}-2`;
      await waitFor("a write through the rejoined node", () => outcome(cores[down]!.jobs.storeJobOrder({ id: late, equipmentId: "press-2", quantity: 1 }, erp, { andStart: false })).then((result) => result.ok));
      for (const node of up) expect((await cores[node]!.jobs.get(late)).id).to.equal(late);
    });
  }

  it("gives a lease to one instance only when keepers on two nodes ask for it together", async function () {
    const settings = { durationMs: 10_000, renewEveryMs: 3_000 };
    const a = new LeaseKeeper(cores[0]!.store, systemClock, "mes-a", settings, silentLog);
    const b = new LeaseKeeper(cores[1]!.store, systemClock, "mes-b", settings, silentLog);
    const name = "singleton:galera-smoke";
    a.want(name);
    b.want(name);
    let holder: LeaseKeeper | null = null;
    for (let round = 0; round < 5; round++) {
      await Promise.all([a.tick(), b.tick()]);
      const holders = [a, b].filter((keeper) => keeper.holding(name));
      expect(holders, `round ${round}: one holder`).to.have.length(1);
      holder ??= holders[0]!;
      expect(holders[0], "the same holder while it renews").to.equal(holder);
    }
    // Every node's row names that holder.
    for (const core of cores) expect((await core.store.read.leases.find(name))?.holder).to.equal(holder!.instanceId);

    // The holder lets go: the other takes the lease at its next round, and is then the only holder.
    const other = holder === a ? b : a;
    await holder!.stop();
    await other.tick();
    expect(other.holding(name), "the other took it over").to.not.equal(undefined);
    expect(holder!.holding(name)).to.equal(undefined);
    expect((await cores[2]!.store.read.leases.find(name))?.holder).to.equal(other.instanceId);
    await other.stop();
  });
});
