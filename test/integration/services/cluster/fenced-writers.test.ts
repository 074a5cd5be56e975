import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadConfig } from "../../../../src/config/load-config.js";
import { flattenPlant } from "../../../../src/domain/equipment.js";
import { workUnitsOf } from "../../../../src/domain/plant/plant.js";
import type { SignalSample } from "../../../../src/domain/signal-sample.js";
import { LeaseKeeper } from "../../../../src/services/cluster/lease-keeper.js";
import { LeasedOwnership } from "../../../../src/services/cluster/ownership.js";
import { Singleton } from "../../../../src/services/cluster/singleton.js";
import { unitOwnership, type UnitOwnership } from "../../../../src/services/cluster/unit-ownership.js";
import { uuidV7 } from "../../../../src/services/clock.js";
import { EventBus } from "../../../../src/services/event-bus.js";
import { silentLog } from "../../../../src/services/log.js";
import { MachineStateTracker } from "../../../../src/services/machine-state-tracker.js";
import { syncPlant } from "../../../../src/services/plant-sync.js";
import type { Store } from "../../../../src/services/ports/store.js";
import { ProductionRecorder } from "../../../../src/services/production-recorder.js";
import { openStore } from "../../../../src/store/open-store.js";
import { testDatabases, type TestDatabase } from "../../../support/mysql-database.js";
import { HostClock } from "../../../support/host-clock.js";

const { plant } = loadConfig(path.resolve("config"), {});
const equipmentNodes = flattenPlant(plant.enterprise);
const unitIds = workUnitsOf(plant).map((unit) => unit.id);
const databases: TestDatabase[] = testDatabases();
const SETTINGS = { durationMs: 10_000, renewEveryMs: 3_000 };
const good = (value: unknown, at: Date): SignalSample => ({ value, dataType: 7, arrayType: 0, statusCode: 0, sourceTimestamp: at });
const forever = [new Date(0), new Date("2100-01-01T00:00:00.000Z")] as const;

interface Instance {
  readonly clock: HostClock;
  readonly keeper: LeaseKeeper;
  readonly units: UnitOwnership;
  readonly bus: EventBus;
  readonly recorder: ProductionRecorder;
  readonly tracker: MachineStateTracker;
}

for (const database of databases) {
  describe(`Writers of equipment fenced by its lease, two instances on one database (${database.name})`, function () {
    this.timeout(60_000);
    let dir: string;
    let stores: Store[] = [];
    const start = Date.parse("2026-12-02T08:00:00.000Z");

    beforeEach(async function () {
      if (database.skip) this.skip();
      dir = mkdtempSync(path.join(tmpdir(), "mes-fenced-"));
      const url = await database.url(dir);
      for (let i = 0; i < 2; i++) stores.push(await openStore(url, { log: silentLog }));
      await syncPlant(stores[0]!, plant, { now: () => new Date(start) }, uuidV7);
    });

    afterEach(async function () {
      for (const store of stores) await store.close();
      stores = [];
      await database.drop?.();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    function instance(i: number, id: string, owns: string[]): Instance {
      const store = stores[i]!;
      const clock = new HostClock(start);
      const keeper = new LeaseKeeper(store, clock, id, SETTINGS, silentLog);
      const ownership = new LeasedOwnership(keeper, store.read, equipmentNodes, owns, true, clock, silentLog);
      const units = unitOwnership({ ownership, leases: keeper }, unitIds);
      const bus = new EventBus((error) => {
        throw error;
      });
      const recorder = new ProductionRecorder(plant, bus, store, clock, uuidV7, silentLog, 3_600_000, undefined, undefined, units);
      const tracker = new MachineStateTracker(plant, bus, store, clock, uuidV7, silentLog, {}, units);
      return { clock, keeper, units, bus, recorder, tracker };
    }

    const count = (at: Instance, value: number) => at.bus.emit("signal.changed", { workUnitId: "press-1", signal: "GoodCount", role: "goodCount", sample: good(value, at.clock.now()) });
    const state = (at: Instance, value: number) => at.bus.emit("signal.changed", { workUnitId: "press-1", signal: "State", role: "state", sample: good(value, at.clock.now()) });
    const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

    it("stops the writes of an owner that lost its lease, and the new owner counts on from the stored checkpoint", async function () {
      const a = instance(0, "mes-a", ["acme"]);
      const b = instance(1, "mes-b", []);
      await a.keeper.tick();
      await b.keeper.tick();
      for (const at of [a, b]) {
        await at.recorder.start();
        await at.tracker.start();
      }
      expect(a.units.owns("press-1")).to.equal(true);
      expect(b.units.owns("press-1")).to.equal(false);

      count(a, 100);
      count(a, 110);
      state(a, 1);
      await a.recorder.flush();
      await settle();
      const store = stores[1]!;
      expect(await store.read.productionRecords.totals("press-1", ...forever)).to.deep.equal({ good: 10, scrap: 0 });
      expect((await store.read.stateIntervals.findAllOpen()).filter((open) => open.equipmentId === "press-1").map((open) => open.state)).to.deep.equal(["running"]);

      // A stalls (its clock, its renewals stand still); B, a lease later, takes the plant over.
      count(a, 120);
      b.clock.advance(SETTINGS.durationMs + 1);
      await b.keeper.tick();
      await b.keeper.tick();
      expect(b.units.owns("press-1"), "B took the plant over").to.equal(true);

      // A wakes and writes what it held: refused by the fence, and A forgets the unit.
      await a.recorder.flush();
      state(a, 3);
      await settle();
      expect(a.units.owns("press-1"), "A knows it lost the plant").to.equal(false);
      expect(await store.read.productionRecords.totals("press-1", ...forever), "nothing A held was stored").to.deep.equal({ good: 10, scrap: 0 });
      expect((await store.read.counterCheckpoints.findAll()).find((c) => c.equipmentId === "press-1" && c.counter === "good")?.value).to.equal(110);

      // B resumes from the checkpoint: the 10 parts A never stored and the 5 made since, once.
      count(b, 125);
      state(b, 1);
      await settle();
      await b.recorder.flush();
      await settle();
      expect(await store.read.productionRecords.totals("press-1", ...forever)).to.deep.equal({ good: 25, scrap: 0 });
      const intervals = await store.read.stateIntervals.findByEquipment("press-1", ...forever);
      expect(intervals.map((interval) => interval.state), "A's faulted never written; A's running closed by B, B's own open").to.deep.equal(["running", "running"]);
      expect(intervals.filter((interval) => interval.endedAt === null)).to.have.length(1);

      await b.tracker.stop();
      await b.recorder.stop();
      await a.tracker.stop();
      await a.recorder.stop();
    });

    it("runs a singleton job on one instance at a time, and moves it when its holder's lease lapses", async function () {
      const runs: string[] = [];
      const job = (id: string) => ({ start: () => void runs.push(`${id} started`), stop: async () => void runs.push(`${id} stopped`) });
      const clockA = new HostClock(start);
      const clockB = new HostClock(start);
      const keeperA = new LeaseKeeper(stores[0]!, clockA, "mes-a", SETTINGS, silentLog);
      const keeperB = new LeaseKeeper(stores[1]!, clockB, "mes-b", SETTINGS, silentLog);
      const onA = new Singleton(keeperA, "callback-sender", job("a"), silentLog);
      const onB = new Singleton(keeperB, "callback-sender", job("b"), silentLog);
      await keeperA.tick();
      await keeperB.tick();
      await onA.start();
      await onB.start();
      expect(runs).to.deep.equal(["a started"]);
      clockB.advance(SETTINGS.durationMs + 1);
      await keeperB.tick();
      await settle();
      expect(runs).to.deep.equal(["a started", "b started"]);
      // A's own clock catches up: it stops before writing anything more (its fence would refuse it anyway).
      clockA.advance(SETTINGS.durationMs + 1);
      expect(onA.here).to.equal(false);
      await settle();
      expect(runs).to.deep.equal(["a started", "b started", "a stopped"]);
      await onA.stop();
      await onB.stop();
    });
  });
}
