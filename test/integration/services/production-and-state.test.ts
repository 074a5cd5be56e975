import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadConfig } from "../../../src/config/load-config.js";
import type { SignalSample } from "../../../src/domain/signal-sample.js";
import { uuidV7, type Clock } from "../../../src/services/clock.js";
import { EventBus } from "../../../src/services/event-bus.js";
import { silentLog } from "../../../src/services/log.js";
import { MachineStateTracker } from "../../../src/services/machine-state-tracker.js";
import { syncPlant } from "../../../src/services/plant-sync.js";
import type { Store } from "../../../src/services/ports/store.js";
import { ProductionRecorder } from "../../../src/services/production-recorder.js";
import { openStore } from "../../../src/store/open-store.js";
import { testDatabases, type TestDatabase } from "../../support/mysql-database.js";

const { plant } = loadConfig(path.resolve("config"), {});
const good = (value: unknown, at = new Date()): SignalSample => ({ value, dataType: 7, arrayType: 0, statusCode: 0, sourceTimestamp: at });
const notConnected: SignalSample = { value: null, dataType: 0, arrayType: 0, statusCode: 0x808a0000, sourceTimestamp: new Date() };
const forever = [new Date(0), new Date(Date.now() + 86_400_000)] as const;

const databases: TestDatabase[] = testDatabases();

for (const database of databases) {
  describe(`Production records and state intervals from PLC signals (${database.name})`, function () {
    let dir: string;
    let url: string;
    let store: Store;
    let bus: EventBus;
    let recorder: ProductionRecorder;
    let tracker: MachineStateTracker;
    let now = new Date("2026-11-24T06:00:00.000Z");
    const clock: Clock = { now: () => now };

    async function startServices(): Promise<void> {
      store = await openStore(url);
      bus = new EventBus((error) => {
        throw error;
      });
      recorder = new ProductionRecorder(plant, bus, store, clock, uuidV7, silentLog, 60_000);
      tracker = new MachineStateTracker(plant, bus, store, clock, uuidV7, silentLog);
      await recorder.start();
      await tracker.start();
    }

    async function stopServices(): Promise<void> {
      await tracker.stop();
      await recorder.stop();
      await store.close();
    }

    const counters = (workUnitId: string, goodCount: number, rejectCount: number) => {
      bus.emit("signal.changed", { workUnitId, signal: "GoodCount", role: "goodCount", sample: good(goodCount) });
      bus.emit("signal.changed", { workUnitId, signal: "RejectCount", role: "rejectCount", sample: good(rejectCount) });
    };

    before(async function () {
      if (database.skip) this.skip();
      dir = mkdtempSync(path.join(tmpdir(), "mes-services-"));
      url = await database.url(dir);
      const setup = await openStore(url);
      await syncPlant(setup, plant, clock, uuidV7);
      await setup.close();
      await startServices();
    });

    after(async function () {
      if (store) await stopServices().catch(() => {});
      await database.drop?.();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("takes the first counter reading as a baseline, then records the deltas", async function () {
      counters("press-1", 1000, 50);
      counters("press-1", 1004, 51);
      counters("press-1", 1010, 51);
      await recorder.flush();
      expect(await store.read.productionRecords.totals("press-1", ...forever)).to.deep.equal({ good: 10, scrap: 1 });
    });

    it("counts across a counter reset and a 32-bit roll-over without losing or inventing parts", async function () {
      counters("press-2", 4294967290, 0);
      counters("press-2", 3, 0); // wrapped: 6 + 3
      counters("press-2", 0, 0); // reset by the operator (a drop in the lower half)
      counters("press-2", 2, 0);
      await recorder.flush();
      expect(await store.read.productionRecords.totals("press-2", ...forever)).to.deep.equal({ good: 11, scrap: 0 });
    });

    it("attributes production to the job the PLC reports", async function () {
      bus.emit("signal.changed", { workUnitId: "welder-1", signal: "CurrentJob", role: "currentJob", sample: good("JOB-7") });
      counters("welder-1", 10, 0);
      counters("welder-1", 13, 0);
      await recorder.flush();
      const records = await store.read.productionRecords.findByEquipment("welder-1", ...forever);
      expect(records.map((r) => [r.jobOrderId, r.good])).to.deep.equal([["JOB-7", 3]]);
    });

    it("counts production made while the MES was stopped once, from the stored checkpoint", async function () {
      counters("labeler-1", 500, 5);
      counters("labeler-1", 520, 5);
      await stopServices();
      await startServices();
      counters("labeler-1", 530, 7); // 10 good and 2 rejects made while the MES was down
      await recorder.flush();
      expect(await store.read.productionRecords.totals("labeler-1", ...forever)).to.deep.equal({ good: 30, scrap: 2 });
    });

    it("keeps one open state interval per unit, closing each when the next begins, and marks a lost PLC as disconnected", async function () {
      const at = (iso: string) => (now = new Date(iso));
      at("2026-11-24T07:00:00.000Z");
      bus.emit("signal.changed", { workUnitId: "packer-1", signal: "State", role: "state", sample: good(1) });
      at("2026-11-24T07:10:00.000Z");
      bus.emit("signal.changed", { workUnitId: "packer-1", signal: "State", role: "state", sample: good(3) });
      at("2026-11-24T07:12:00.000Z");
      bus.emit("plc.connection", { plcId: "plc-packaging", state: "disconnected", at: now });
      bus.emit("signal.changed", { workUnitId: "packer-1", signal: "State", role: "state", sample: notConnected });
      at("2026-11-24T07:15:00.000Z");
      bus.emit("plc.connection", { plcId: "plc-packaging", state: "connected", at: now });
      bus.emit("signal.changed", { workUnitId: "packer-1", signal: "State", role: "state", sample: good(9) }); // not in the map
      await tracker.stop();
      await tracker.start();

      const intervals = await store.read.stateIntervals.findByEquipment("packer-1", ...forever);
      expect(intervals.map((i) => [i.state, i.startedAt.toISOString(), i.endedAt?.toISOString() ?? null])).to.deep.equal([
        ["running", "2026-11-24T07:00:00.000Z", "2026-11-24T07:10:00.000Z"],
        ["faulted", "2026-11-24T07:10:00.000Z", "2026-11-24T07:12:00.000Z"],
        ["disconnected", "2026-11-24T07:12:00.000Z", "2026-11-24T07:15:00.000Z"],
        ["unknown", "2026-11-24T07:15:00.000Z", "2026-11-24T07:15:00.000Z"],
      ]);
    });

    it("after a crash, ends the intervals left open at the last heartbeat of the production flush and leaves the time the MES was down unrecorded", async function () {
      now = new Date("2026-11-24T08:00:00.000Z");
      bus.emit("signal.changed", { workUnitId: "packer-1", signal: "State", role: "state", sample: good(1) });
      const open = async () => (await store.read.stateIntervals.findOpen("packer-1"))?.state;
      for (let tries = 0; (await open()) !== "running" && tries < 100; tries++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await open()).to.equal("running");
      now = new Date("2026-11-24T08:00:30.000Z");
      await recorder.flush();
      const beat = (await store.read.heartbeats.findAll()).find((b) => b.equipmentId === "packer-1");
      expect(beat?.lastKnownAt.toISOString(), "the flush wrote the heartbeat though nothing was counted").to.equal("2026-11-24T08:00:30.000Z");
      // The crash: no stop, the interval stays open; the MES comes back five minutes later.
      await recorder.stop();
      now = new Date("2026-11-24T08:00:45.000Z");
      await store.close();
      now = new Date("2026-11-24T08:05:00.000Z");
      await startServices();

      const intervals = await store.read.stateIntervals.findByEquipment("packer-1", new Date("2026-11-24T07:59:00.000Z"), forever[1]);
      expect(intervals.map((i) => [i.state, i.startedAt.toISOString(), i.endedAt?.toISOString() ?? null])).to.deep.equal([["running", "2026-11-24T08:00:00.000Z", "2026-11-24T08:00:30.000Z"]]);
    });

    it("wrote an audit entry for every piece of equipment the configuration created", async function () {
      const entries = await store.read.audit.find({ targetType: "equipment" }, { limit: 100, offset: 0 });
      expect(entries).to.have.length(16);
      expect(entries.every((e) => e.door === "config" && e.actor === "system" && e.action === "equipment.created")).to.equal(true);
    });
  });
}
