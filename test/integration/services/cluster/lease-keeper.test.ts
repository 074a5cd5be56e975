import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { LeaseKeeper, LeaseLostError } from "../../../../src/services/cluster/lease-keeper.js";
import { LeasedOwnership } from "../../../../src/services/cluster/ownership.js";
import { silentLog } from "../../../../src/services/log.js";
import type { Store } from "../../../../src/services/ports/store.js";
import { openStore } from "../../../../src/store/open-store.js";
import { testDatabases, type TestDatabase } from "../../../support/mysql-database.js";
import { HostClock } from "../../../support/host-clock.js";

const databases: TestDatabase[] = testDatabases();
const SETTINGS = { durationMs: 10_000, renewEveryMs: 3_000 };
const LEASE = "equipment:area-press";

for (const database of databases) {
  describe(`Leases of two MES instances on one database (${database.name})`, function () {
    this.timeout(60_000);
    let dir: string;
    let stores: Store[] = [];
    const start = Date.parse("2026-12-02T08:00:00.000Z");

    beforeEach(async function () {
      if (database.skip) this.skip();
      dir = mkdtempSync(path.join(tmpdir(), "mes-leases-"));
      const url = await database.url(dir);
      for (let i = 0; i < 2; i++) stores.push(await openStore(url, { log: silentLog }));
    });

    afterEach(async function () {
      for (const store of stores) await store.close();
      stores = [];
      await database.drop?.();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    function keepers(): { a: LeaseKeeper; b: LeaseKeeper; clockA: HostClock; clockB: HostClock; changes: string[] } {
      const clockA = new HostClock(start);
      const clockB = new HostClock(start);
      const a = new LeaseKeeper(stores[0]!, clockA, "mes-a", SETTINGS, silentLog);
      const b = new LeaseKeeper(stores[1]!, clockB, "mes-b", SETTINGS, silentLog);
      const changes: string[] = [];
      a.onChange((name, held) => changes.push(`a ${held ? "took" : "lost"} ${name}`));
      b.onChange((name, held) => changes.push(`b ${held ? "took" : "lost"} ${name}`));
      a.want(LEASE);
      b.want(LEASE);
      return { a, b, clockA, clockB, changes };
    }

    it("lets one instance hold a lease and the other take it only after it lapsed, with the next token", async function () {
      const { a, b, clockA, clockB, changes } = keepers();
      await a.tick();
      await b.tick();
      expect(a.holding(LEASE)?.token).to.equal(1);
      expect(b.holding(LEASE)).to.equal(undefined);

      // a renews while it lives; b's asking changes nothing.
      for (let i = 0; i < 5; i++) {
        clockA.advance(3_000);
        clockB.advance(3_000);
        await a.tick();
        await b.tick();
      }
      expect(a.holding(LEASE)?.token).to.equal(1);
      expect(b.holding(LEASE)).to.equal(undefined);

      // a dies (stops renewing without releasing): b takes over once a's last renewal ran out.
      clockB.advance(9_000);
      await b.tick();
      expect(b.holding(LEASE), "not before the lease ran out").to.equal(undefined);
      clockB.advance(1_001);
      await b.tick();
      expect(b.holding(LEASE)?.token).to.equal(2);
      expect(changes).to.deep.equal([`a took ${LEASE}`, `b took ${LEASE}`]);
      expect(await stores[0]!.read.leases.find(LEASE)).to.include({ holder: "mes-b", token: 2 });
    });

    it("fences off a write of the former holder once another instance took the lease over", async function () {
      const { a, b, clockA, clockB, changes } = keepers();
      await a.tick();
      await stores[0]!.unitOfWork((repos) => a.fence(repos, LEASE));

      // a's clock stands still (a paused process): it still believes it holds the lease.
      clockB.advance(10_001);
      await b.tick();
      expect(b.holding(LEASE)?.token).to.equal(2);
      expect(a.holding(LEASE), "a's own clock says its lease still runs").to.not.equal(undefined);

      let refused: unknown;
      await stores[0]!
        .unitOfWork(async (repos) => {
          await repos.audit.append({ id: "fenced-1", at: clockA.now(), actor: "mes-a", role: null, door: "system", action: "fenced.write", targetType: "lease", targetId: LEASE, before: null, after: null });
          await a.fence(repos, LEASE);
        })
        .catch((error: unknown) => (refused = error));
      expect(refused).to.be.instanceOf(LeaseLostError);
      expect((refused as LeaseLostError).code).to.equal("unavailable");
      expect(a.holding(LEASE)).to.equal(undefined);
      expect(await stores[0]!.read.audit.count({ action: "fenced.write" }), "the fenced transaction rolled back").to.equal(0);
      expect(changes).to.deep.equal([`a took ${LEASE}`, `b took ${LEASE}`, `a lost ${LEASE}`]);
    });

    it("stops counting a lease as held once its time ran out on this instance's clock, though the database is out of reach", async function () {
      const { a, clockA } = keepers();
      await a.tick();
      await stores[0]!.close();
      clockA.advance(6_000);
      await a.tick();
      expect(a.holding(LEASE), "still within its run").to.not.equal(undefined);
      clockA.advance(2_001);
      await a.tick();
      expect(a.holding(LEASE), "given up before a peer may take it (margin for clocks)").to.equal(undefined);
      stores[0] = await openStore(await database.url(dir), { log: silentLog });
    });

    it("releases its leases when it stops, so a standby takes them at once", async function () {
      const { a, b } = keepers();
      await a.tick();
      await a.stop();
      await b.tick();
      expect(b.holding(LEASE)?.token).to.equal(2);
    });
  });
}

describe("Ownership by equipment leases (SQLite)", function () {
  this.timeout(30_000);
  let dir: string;
  let stores: Store[] = [];
  const nodes = [
    { id: "acme", parentId: null },
    { id: "site-1", parentId: "acme" },
    { id: "area-press", parentId: "site-1" },
    { id: "press-1", parentId: "area-press" },
    { id: "area-weld", parentId: "site-1" },
    { id: "welder-1", parentId: "area-weld" },
  ].map((node, i) => ({ ...node, level: "WorkUnit" as const, name: node.id, description: null, sortOrder: i, plcId: null }));

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "mes-ownership-"));
    for (let i = 0; i < 2; i++) stores.push(await openStore(`sqlite:${path.join(dir, "mes.sqlite")}`, { log: silentLog }));
  });

  afterEach(async () => {
    for (const store of stores) await store.close();
    stores = [];
    rmSync(dir, { recursive: true, force: true });
  });

  it("gives each instance what it owns, and the standby a dead owner's equipment once its lease lapsed", async () => {
    const clock = { ms: Date.parse("2026-12-02T08:00:00.000Z"), now: () => new Date(clock.ms) };
    const keeperA = new LeaseKeeper(stores[0]!, clock, "mes-a", SETTINGS, silentLog);
    const keeperB = new LeaseKeeper(stores[1]!, clock, "mes-b", SETTINGS, silentLog);
    const a = new LeasedOwnership(keeperA, stores[0]!.read, nodes, ["area-press"], true, clock, silentLog);
    const b = new LeasedOwnership(keeperB, stores[1]!.read, nodes, ["area-weld"], true, clock, silentLog);
    const taken: string[] = [];
    b.onChange((equipmentId, owned) => taken.push(`${equipmentId} ${owned}`));
    await keeperA.tick();
    await keeperB.tick();
    expect([a.ownsLocally("press-1"), a.ownsLocally("welder-1"), b.ownsLocally("press-1"), b.ownsLocally("welder-1")]).to.deep.equal([true, false, false, true]);
    expect(await b.ownerOf("press-1")).to.equal("mes-a");
    expect(await a.ownerOf("welder-1")).to.equal("mes-b");

    // mes-a dies: mes-b renews its own and, once mes-a's lease lapsed, takes the press area too.
    for (let i = 0; i < 4; i++) {
      clock.ms += 3_000;
      await keeperB.tick();
    }
    expect(b.ownsLocally("press-1")).to.equal(true);
    expect(await b.ownerOf("press-1")).to.equal("mes-b");
    expect(taken).to.deep.equal(["area-weld true", "area-press true"]);
  });
});
