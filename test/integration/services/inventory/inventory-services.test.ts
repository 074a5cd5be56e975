import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadConfig } from "../../../../src/config/load-config.js";
import { DomainError } from "../../../../src/domain/domain-error.js";
import type { BomLine } from "../../../../src/domain/inventory/bill-of-materials.js";
import type { Actor } from "../../../../src/services/actor.js";
import { uuidV7, type Clock } from "../../../../src/services/clock.js";
import { EventBus, type MesEvents } from "../../../../src/services/event-bus.js";
import { BackflushService } from "../../../../src/services/inventory/backflush-service.js";
import { GenealogyService } from "../../../../src/services/inventory/genealogy-service.js";
import { InventoryService } from "../../../../src/services/inventory/inventory-service.js";
import { silentLog } from "../../../../src/services/log.js";
import { syncPlant } from "../../../../src/services/plant-sync.js";
import type { Store } from "../../../../src/services/ports/store.js";
import { openStore } from "../../../../src/store/open-store.js";
import { runningJobOrder } from "../../../support/job-order-record.js";
import { testDatabases, type TestDatabase } from "../../../support/mysql-database.js";
import { seededRandom } from "../../../support/seeded-random.js";

const { plant } = loadConfig(path.resolve("config"), {});
const databases: TestDatabase[] = testDatabases();
const ann: Actor = { id: "ann", role: "Supervisor", door: "rest" };

// A bracket is pressed from steel with rivets (step 1, press-1), then welded with wire (step 2, welder-1).
const BOM: BomLine[] = [
  { productId: "bracket-x", step: 1, materialDefinitionId: "steel-x", quantityPerGood: 0.25, quantityPerScrap: 0.2, unit: "kg", fromLocationId: null },
  { productId: "bracket-x", step: 1, materialDefinitionId: "rivet-x", quantityPerGood: 4, quantityPerScrap: 0, unit: "pcs", fromLocationId: null },
  { productId: "bracket-x", step: 2, materialDefinitionId: "bracket-x", quantityPerGood: 1, quantityPerScrap: 1, unit: "pcs", fromLocationId: null },
  { productId: "bracket-x", step: 2, materialDefinitionId: "wire-x", quantityPerGood: 300, quantityPerScrap: 300, unit: "mm", fromLocationId: null },
];

for (const database of databases) {
  describe(`Inventory operations and genealogy (${database.name})`, function () {
    let dir: string;
    let store: Store;
    let bus: EventBus;
    let inventory: InventoryService;
    let backflush: BackflushService;
    let genealogy: GenealogyService;
    const heard: MesEvents["material.moved"][] = [];
    let now = new Date("2026-12-02T06:00:00.000Z");
    const clock: Clock = { now: () => now };
    const job = (id: string, equipmentId: string) => runningJobOrder(id, equipmentId, "bracket-x", now, { workOrderId: "WO-X" });
    const count = (workUnitId: string, jobOrderId: string | null, good: number, scrap: number) => {
      now = new Date(now.getTime() + 60_000);
      bus.emit("production.counted", { workUnitId, good, scrap, at: now, jobOrderId });
    };
    const quantityOf = async (lotId: string) => (await store.read.lots.findById(lotId))?.quantity;
    /** Everything a refused request could have changed. */
    const snapshot = async () => ({
      lots: (await store.read.lots.findMany({}, { limit: 1000, offset: 0 })).items,
      movements: (await store.read.movements.findMany({}, { limit: 100_000, offset: 0 })).length,
      audit: await store.read.audit.count({}),
      staging: await store.read.staging.findAll(),
    });
    const refusal = async (promise: Promise<unknown>): Promise<DomainError> => {
      try {
        await promise;
      } catch (error) {
        if (error instanceof DomainError) return error;
        throw error;
      }
      return expect.fail("should have been refused");
    };

    before(async function () {
      if (database.skip) this.skip();
      dir = mkdtempSync(path.join(tmpdir(), "mes-inventory-"));
      store = await openStore(await database.url(dir));
      await syncPlant(store, plant, clock, uuidV7);
      await store.unitOfWork(async (repos) => {
        for (const [id, unit] of [["steel-x", "kg"], ["rivet-x", "pcs"], ["wire-x", "m"], ["bracket-x", "pcs"]]) await repos.materials.upsert({ id, name: id, description: null, unit });
        await repos.products.upsert({ id: "bracket-x", name: "Bracket X", description: null, materialDefinitionId: "bracket-x", parameters: [] });
        await repos.products.replaceWorkUnits("bracket-x", [
          { productId: "bracket-x", equipmentId: "press-1", step: 1, idealCycleTimeS: 10 },
          { productId: "bracket-x", equipmentId: "welder-1", step: 2, idealCycleTimeS: 20 },
        ]);
        await repos.boms.replaceForProduct("bracket-x", BOM);
        await repos.jobOrders.insert(job("WO-X-1", "press-1"));
        await repos.jobOrders.insert(job("WO-X-2", "welder-1"));
      });
      bus = new EventBus((error) => {
        throw error;
      });
      bus.on("material.moved", (event) => heard.push(event));
      inventory = new InventoryService(store, bus, clock, uuidV7);
      backflush = new BackflushService(store, bus, clock, uuidV7, silentLog, "{product}-{date}-{seq:3}");
      genealogy = new GenealogyService(store);
      backflush.start();
    });

    after(async function () {
      await backflush?.stop();
      await store?.close();
      await database.drop?.();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("receives lots into the raw-material store, splits a sublot off and stages it at the press", async function () {
      await inventory.receive({ lotId: "STEEL-1", materialDefinitionId: "steel-x", quantity: 500, unit: "kg", locationId: "fabrication" }, ann);
      await inventory.receive({ lotId: "RIVET-1", materialDefinitionId: "rivet-x", quantity: 10, unit: "pcs", locationId: "fabrication" }, ann);
      // Received in grams, kept in the material's unit.
      const small = await inventory.receive({ lotId: "STEEL-2", materialDefinitionId: "steel-x", quantity: 2500, unit: "g", locationId: "fabrication" }, ann);
      expect([small.quantity, small.unit]).to.deep.equal([2.5, "kg"]);
      const sublot = await inventory.split("STEEL-1", { quantity: 100 }, ann);
      expect([sublot.id, sublot.parentLotId, sublot.quantity]).to.deep.equal(["STEEL-1.1", "STEEL-1", 100]);
      expect(await quantityOf("STEEL-1")).to.equal(400);
      await inventory.stage("press-1", "STEEL-1.1", ann);
      await inventory.stage("press-1", "RIVET-1", ann);
      expect((await store.read.staging.findByWorkUnit("press-1")).map((s) => s.lotId)).to.deep.equal(["RIVET-1", "STEEL-1.1"]);
      expect((await store.read.lots.findById("STEEL-1.1"))?.locationId).to.equal("press-1");
      const audit = await store.read.audit.find({}, { limit: 10, offset: 0 });
      expect(audit.map((a) => a.action)).to.include.members(["material.received", "material.split", "material.staged"]);
      expect(heard.length).to.equal(6);
    });

    it("backflushes a scripted shift at step 1: consumption is the BOM times the parts counted", async function () {
      const random = seededRandom(16);
      let good = 0;
      let scrap = 0;
      for (let i = 0; i < 40; i++) {
        const g = Math.floor(random() * 4);
        const s = random() < 0.3 ? 1 : 0;
        good += g;
        scrap += s;
        count("press-1", "WO-X-1", g, s);
      }
      await backflush.drain();
      const steelUsed = Math.round((0.25 * good + 0.2 * scrap) * 1e6) / 1e6;
      expect(await quantityOf("STEEL-1.1")).to.equal(Math.round((100 - steelUsed) * 1e6) / 1e6);
      const ledger = await store.read.movements.findByJobOrder("WO-X-1");
      const sum = (rows: typeof ledger) => Math.round(rows.reduce((total, row) => total + row.quantity, 0) * 1e6) / 1e6;
      expect(sum(ledger.filter((m) => m.kind === "consume" && m.materialDefinitionId === "steel-x"))).to.equal(steelUsed);
      // Only 10 rivets were staged: what the lot could not give is unassigned, not dropped.
      const rivets = ledger.filter((m) => m.materialDefinitionId === "rivet-x");
      expect(sum(rivets)).to.equal(4 * good);
      expect(sum(rivets.filter((m) => m.fromLotId === "RIVET-1"))).to.equal(10);
      expect(rivets.filter((m) => m.problem === "unassigned").length).to.be.greaterThan(0);
      expect((await store.read.lots.findById("RIVET-1"))?.status).to.equal("consumed");
      const output = (await store.read.lots.findMany({ jobOrderId: "WO-X-1" }, { limit: 5, offset: 0 })).items;
      expect(output.map((l) => [l.id, l.quantity, l.locationId])).to.deep.equal([["bracket-x-20261202-001", good, "press-1"]]);
      expect(sum(ledger.filter((m) => m.kind === "produce"))).to.equal(good);
    });

    it("backflushes step 2 from the staged step-1 lot and flags the wire nobody staged as a problem", async function () {
      await inventory.stage("welder-1", "bracket-x-20261202-001", ann);
      const before = (await quantityOf("bracket-x-20261202-001"))!;
      count("welder-1", "WO-X-2", 5, 1);
      count("welder-1", "WO-X-2", 4, 0);
      await backflush.drain();
      expect(await quantityOf("bracket-x-20261202-001")).to.equal(before - 10);
      expect(await quantityOf("bracket-x-20261202-002")).to.equal(9);
      const problems = await store.read.movements.findMany({ problem: true, workUnitId: "welder-1" }, { limit: 10, offset: 0 });
      expect(problems.map((p) => [p.materialDefinitionId, p.quantity, p.unit, p.comment])).to.deep.equal([
        ["wire-x", 1200, "mm", "no lot of wire-x staged at welder-1"],
        ["wire-x", 1800, "mm", "no lot of wire-x staged at welder-1"],
      ]);
    });

    it("traces the finished lot backward through both routing steps, and the raw steel forward to it", async function () {
      const back = await genealogy.trace("bracket-x-20261202-002", "backward");
      expect(Object.fromEntries(back.lots.map((l) => [l.id, l.depth]))).to.deep.equal({ "bracket-x-20261202-002": 0, "bracket-x-20261202-001": 1, "STEEL-1.1": 2, "RIVET-1": 2, "STEEL-1": 3 });
      expect(back.jobOrderIds).to.deep.equal(["WO-X-1", "WO-X-2"]);
      expect(back.workUnitIds).to.deep.equal(["press-1", "welder-1"]);
      expect(back.actors).to.deep.equal(["ann", "system"]);
      const forward = await genealogy.trace("STEEL-1", "forward");
      expect(forward.lots.map((l) => l.id)).to.deep.equal(["STEEL-1", "STEEL-1.1", "bracket-x-20261202-001", "bracket-x-20261202-002"]);
      expect(forward.truncated).to.equal(false);
      expect((await genealogy.trace("STEEL-2", "forward")).lots.map((l) => l.id)).to.deep.equal(["STEEL-2"]);
    });

    it("refuses bad input with the field named and changes nothing", async function () {
      await inventory.setStatus("STEEL-2", "quarantined", ann, "incoming inspection");
      const unchanged = await snapshot();
      const cases: [() => Promise<unknown>, DomainError["code"], string][] = [
        [() => inventory.consume({ lotId: "STEEL-1", quantity: -3 }, ann), "invalid_input", "quantity"],
        [() => inventory.consume({ lotId: "STEEL-1", quantity: "3" as unknown as number }, ann), "invalid_input", "quantity"],
        [() => inventory.consume({ lotId: "STEEL-1", quantity: 3, unit: "pcs" }, ann), "invalid_input", "unit"],
        [() => inventory.consume({ lotId: "STEEL-1", quantity: 3, unit: "bushel" }, ann), "invalid_input", "unit"],
        [() => inventory.consume({ lotId: "STEEL-1", materialDefinitionId: "rivet-x", quantity: 3 }, ann), "conflict", "lotId"],
        [() => inventory.consume({ lotId: "STEEL-2", quantity: 1 }, ann), "conflict", "lotId"],
        [() => inventory.consume({ lotId: "STEEL-1", quantity: 401 }, ann), "conflict", "quantity"],
        [() => inventory.consume({ lotId: "NO-SUCH-LOT", quantity: 1 }, ann), "not_found", "lotId"],
        [() => inventory.receive({ lotId: "STEEL-1", materialDefinitionId: "steel-x", quantity: 1, locationId: "fabrication" }, ann), "conflict", "lotId"],
        [() => inventory.receive({ lotId: "NEW-1", materialDefinitionId: "unobtainium", quantity: 1, locationId: "fabrication" }, ann), "invalid_input", "materialDefinitionId"],
        [() => inventory.receive({ lotId: "NEW-1", materialDefinitionId: "steel-x", quantity: 1, locationId: "the-moon" }, ann), "invalid_input", "locationId"],
        [() => inventory.receive({ lotId: "bad lot id", materialDefinitionId: "steel-x", quantity: 1, locationId: "fabrication" }, ann), "invalid_input", "lotId"],
        [() => inventory.stage("fabrication", "STEEL-1", ann), "invalid_input", "workUnitId"],
        [() => inventory.stage("press-1", "STEEL-2", ann), "conflict", "lotId"],
        [() => inventory.split("STEEL-1", { quantity: 400 }, ann), "conflict", "quantity"],
        [() => inventory.merge("STEEL-1", "RIVET-1", ann), "conflict", "targetLotId"],
        [() => inventory.merge("STEEL-1", "STEEL-1.1", ann, 0), "invalid_input", "quantity"],
        [() => inventory.setStatus("RIVET-1", "shipped", ann), "conflict", "status"],
        [() => inventory.setStatus("STEEL-1", "lost", ann), "invalid_input", "status"],
      ];
      for (const [request, code, field] of cases) {
        const error = await refusal(request());
        expect([error.code, error.details.field], error.message).to.deep.equal([code, field]);
      }
      expect(await snapshot()).to.deep.equal(unchanged);
    });

    it("consumes below zero only with an explicit override, and audits it", async function () {
      await inventory.setStatus("STEEL-2", "available", ann);
      const movement = await inventory.consume({ lotId: "STEEL-2", quantity: 3, jobOrderId: "WO-X-1", override: true, comment: "used before the delivery was booked" }, ann);
      expect([movement.override, movement.toLotId, movement.workUnitId]).to.deep.equal([true, "bracket-x-20261202-001", "press-1"]);
      expect(await quantityOf("STEEL-2")).to.equal(-0.5);
      const [entry] = await store.read.audit.find({}, { limit: 1, offset: 0 });
      expect([entry!.action, entry!.actor, entry!.targetId]).to.deep.equal(["material.consumed", "ann", "STEEL-2"]);
    });

    it("merges a sublot back into its lot", async function () {
      const left = (await quantityOf("STEEL-1.1"))!;
      const merged = await inventory.merge("STEEL-1.1", "STEEL-1", ann);
      expect(merged.quantity).to.equal(Math.round((400 + left) * 1e6) / 1e6);
      expect((await store.read.lots.findById("STEEL-1.1"))?.status).to.equal("consumed");
    });
  });
}
