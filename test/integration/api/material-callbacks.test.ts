import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { systemClock, uuidV7 } from "../../../src/services/clock.js";
import { apiFetch } from "../../support/rest-call.js";
import { startCallbackReceiver, type CallbackReceiver } from "../../support/callback-receiver.js";
import { testDatabases, type TestDatabase } from "../../support/mysql-database.js";
import { startRestApp, type RestApp } from "../../support/rest-app.js";
import { waitFor } from "../../support/wait-for.js";

const databases: TestDatabase[] = testDatabases();

interface Received {
  event: string;
  workOrder: { id: string };
  material?: { jobOrderId: string; workUnitId: string | null; materialUse: string; outputLotId: string | null; items: { movementId: string; lotId: string | null; materialDefinitionId: string; quantity: number; unit: string; problem: string | null }[] };
}

/** The ERP hears on its work order's callbacks what the order's job orders consume and produce. */
for (const database of databases) {
  describe(`Material consumed and produced on the work order callbacks (${database.name})`, function () {
    this.timeout(60_000);
    let dir: string;
    let app: RestApp;
    let erp: CallbackReceiver<Received>;

    const call = async (method: string, route: string, body?: unknown) => {
      const response = await apiFetch(`${app.url}${route}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    };
    const ok = async (method: string, route: string, body?: unknown) => {
      const answer = await call(method, route, body);
      expect(answer.status, `${method} ${route}: ${JSON.stringify(answer.body)}`).to.be.within(200, 299);
      return answer.body;
    };

    before(async function () {
      if (database.skip) this.skip();
      dir = mkdtempSync(path.join(tmpdir(), "mes-material-callbacks-"));
      // Bookings gather for 2 s into one callback per job order and use: long enough for the few counts a test books at once.
      app = await startRestApp(await database.url(dir), undefined, systemClock, { adjust: (config) => ({ ...config, settings: { ...config.settings, inventory: { ...config.settings.inventory, callbackBatchMs: 2000 } } }) });
      erp = await startCallbackReceiver<Received>();
      await ok("PUT", "/api/v1/materials/steel-bracket", { name: "Steel bracket", unit: "pcs" });
      await ok("PUT", "/api/v1/materials/steel-coil", { name: "Steel coil", unit: "kg" });
      await ok("PUT", "/api/v1/products/bracket", { name: "Bracket", materialDefinitionId: "steel-bracket", workUnits: [{ equipmentId: "press-1", idealCycleTimeS: 1.5 }] });
      await ok("PUT", "/api/v1/products/bracket/bom", { lines: [{ step: 1, materialDefinitionId: "steel-coil", quantityPerGood: 0.4, quantityPerScrap: 0.4, unit: "kg" }] });
      await ok("POST", "/api/v1/lots", { lotId: "COIL-CB-1", materialDefinitionId: "steel-coil", quantity: 100, locationId: "raw-store" });
      await ok("PUT", "/api/v1/work-units/press-1/staging", { lotId: "COIL-CB-1" });
    });

    after(async function () {
      await app?.close();
      await erp?.close();
      await database.drop?.();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("reports a backflushed count as material.consumed from the staged lot and material.produced into the output lot, and a hand-booked consumption too", async function () {
      const order = await ok("POST", "/api/v1/work-orders", { erpId: `ERP-${uuidV7()}`, productId: "bracket", quantity: 10, equipmentId: "press-1", callbackUrl: erp.url });
      const [job] = (await ok("POST", `/api/v1/work-orders/${order.id}/release`)).jobOrders;
      await ok("POST", `/api/v1/job-orders/${job.id}/begin`);
      // The PLC door's count, as the production recorder hears it from press-1.
      app.bus.emit("production.counted", { workUnitId: "press-1", good: 5, scrap: 1, at: new Date(), jobOrderId: job.id });
      await app.backflush.drain();
      const material = () => erp.received.filter((payload) => payload.event.startsWith("material."));
      await waitFor("the backflush's callbacks delivered", () => material().length >= 2, 20_000);
      const [consumed, produced] = material();
      expect(consumed!.event).to.equal("material.consumed");
      expect(consumed!.workOrder.id).to.equal(order.id);
      expect(consumed!.material).to.deep.include({ jobOrderId: job.id, workUnitId: "press-1", materialUse: "Consumed" });
      expect(consumed!.material!.items.map(({ lotId, materialDefinitionId, quantity, unit, problem }) => ({ lotId, materialDefinitionId, quantity, unit, problem }))).to.deep.equal([{ lotId: "COIL-CB-1", materialDefinitionId: "steel-coil", quantity: 2.4, unit: "kg", problem: null }]);
      expect(produced!.event).to.equal("material.produced");
      const outputLotId = produced!.material!.outputLotId!;
      expect(consumed!.material!.outputLotId, "the coil went into the lot the parts were produced into").to.equal(outputLotId);
      expect(produced!.material!.items.map(({ lotId, materialDefinitionId, quantity, unit }) => ({ lotId, materialDefinitionId, quantity, unit }))).to.deep.equal([{ lotId: outputLotId, materialDefinitionId: "steel-bracket", quantity: 5, unit: "pcs" }]);
      // The ERP can find each item in the ledger.
      const ledger = (await ok("GET", `/api/v1/movements?jobOrderId=${encodeURIComponent(job.id)}`)).items as { id: string }[];
      expect(ledger.map((row) => row.id)).to.include.members([...consumed!.material!.items, ...produced!.material!.items].map((item) => item.movementId));

      await ok("POST", "/api/v1/consumptions", { lotId: "COIL-CB-1", quantity: 1.5, jobOrderId: job.id });
      await waitFor("the booked consumption's callback delivered", () => material().length >= 3, 20_000);
      const booked = material()[2]!;
      expect(booked.event).to.equal("material.consumed");
      expect(booked.material!.items.map(({ lotId, quantity, unit }) => ({ lotId, quantity, unit }))).to.deep.equal([{ lotId: "COIL-CB-1", quantity: 1.5, unit: "kg" }]);
    });

    it("gathers the bookings of one job order into one material.consumed and one material.produced callback, not one per count", async function () {
      const order = await ok("POST", "/api/v1/work-orders", { erpId: `ERP-${uuidV7()}`, productId: "bracket", quantity: 10, equipmentId: "press-1", callbackUrl: erp.url });
      const [job] = (await ok("POST", `/api/v1/work-orders/${order.id}/release`)).jobOrders;
      await ok("POST", `/api/v1/job-orders/${job.id}/begin`);
      const ofJob = () => erp.received.filter((payload) => payload.event.startsWith("material.") && payload.material!.jobOrderId === job.id);
      for (let i = 0; i < 4; i++) app.bus.emit("production.counted", { workUnitId: "press-1", good: 1, scrap: 0, at: new Date(), jobOrderId: job.id });
      await app.backflush.drain();
      await waitFor("the batched callbacks delivered", () => ofJob().length >= 2, 20_000);
      // Anything else would come within the next window.
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(ofJob().map((payload) => [payload.event, payload.material!.items.length])).to.deep.equal([["material.consumed", 4], ["material.produced", 4]]);
      const ledger = (await ok("GET", `/api/v1/movements?jobOrderId=${encodeURIComponent(job.id)}`)).items as { id: string }[];
      expect(ofJob().flatMap((payload) => payload.material!.items.map((item) => item.movementId)).sort()).to.deep.equal(ledger.map((row) => row.id).sort());
      expect(ofJob()[0]!.material!.items.every((item) => item.quantity === 0.4 && item.lotId === "COIL-CB-1")).to.equal(true);
    });

    it("sends no material callback for a job order without a work order", async function () {
      await ok("POST", "/api/v1/job-orders", { id: `J-${uuidV7()}`, equipmentId: "press-1", productId: "bracket", quantity: 3 });
      const before = erp.received.length;
      const job = (await ok("GET", "/api/v1/job-orders?limit=100")).items.find((j: { workOrderId: string | null }) => j.workOrderId === null);
      await ok("POST", "/api/v1/consumptions", { lotId: "COIL-CB-1", quantity: 1, jobOrderId: job.id });
      const { body } = await call("GET", `/api/v1/movements?jobOrderId=${encodeURIComponent(job.id)}`);
      expect(body.items, "the consumption is in the ledger").to.have.length(1);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(erp.received.length, "but no ERP is told").to.equal(before);
    });
  });
}
