import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { SignalSample } from "../../../src/domain/signal-sample.js";
import { testDatabases, type TestDatabase } from "../../support/mysql-database.js";
import { startRestApp, type RestApp } from "../../support/rest-app.js";
import { restCall } from "../../support/rest-call.js";
import { FIXED_SIGNAL_NAMES } from "../../../src/domain/plant/signal.js";

const databases: TestDatabase[] = testDatabases();
const good = (value: unknown): SignalSample => ({ value, dataType: 7, arrayType: 0, statusCode: 0, sourceTimestamp: new Date() });
const at = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

for (const database of databases) {
  describe(`An operator runs the work of a station without a dispatch driver over REST (${database.name})`, function () {
    let dir: string;
    let app: RestApp;
    const call = (method: string, route: string, body?: unknown, token?: string) => restCall(app.url, method, route, body, token ? { token } : {});
    /** The press's PLC as the MES hears it: its counters and its own CurrentJob word. */
    const plc = (role: "goodCount" | "rejectCount" | "currentJob", value: unknown) => app.bus.emit("signal.changed", { workUnitId: "press-2", signal: FIXED_SIGNAL_NAMES[role], role, sample: good(value) });

    before(async function () {
      if (database.skip) this.skip();
      dir = mkdtempSync(path.join(tmpdir(), "mes-station-work-"));
      app = await startRestApp(await database.url(dir));
      expect((await call("PUT", "/api/v1/products/bracket", { name: "Steel bracket", workUnits: [{ equipmentId: "press-2", idealCycleTimeS: 2 }] })).status).to.equal(201);
    });

    after(async function () {
      await app?.close();
      await database.drop?.();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("names each job order by its work order's ERP number, its step and its product, and says who begins and completes it", async function () {
      const { body: order } = await call("POST", "/api/v1/work-orders", { erpId: "SO-2001", productId: "bracket", quantity: 5, equipmentId: "press-2" });
      const released = await call("POST", `/api/v1/work-orders/${order.id}/release`);
      const job = released.body.jobOrders[0];
      expect(job).to.include({ workOrderErpId: "SO-2001", step: 1, productName: "Steel bracket", executor: "operator" });
      expect((await call("GET", `/api/v1/job-orders/${job.id}`)).body).to.include({ workOrderErpId: "SO-2001", step: 1, productName: "Steel bracket" });
      const onCpLab = await call("POST", "/api/v1/job-orders", { id: "CP-NAMED", equipmentId: "cplab-1", quantity: 1, start: true });
      expect(onCpLab.body).to.include({ executor: "station", workOrderErpId: null, step: null, productName: null });
      expect((await call("POST", `/api/v1/work-orders/${order.id}/cancel`)).status).to.equal(200);
    });

    it("lists a station's next jobs in the order dispatch takes them, and starts the first of them", async function () {
      // Stored first and planned last, with the highest priority: dispatch follows the committed schedule, so it comes last.
      await call("POST", "/api/v1/job-orders", { id: "P2-LATE", equipmentId: "press-2", productId: "bracket", quantity: 3, priority: 9, plannedStart: at(60), start: true });
      await call("POST", "/api/v1/job-orders", { id: "P2-STORED", equipmentId: "press-2", productId: "bracket", quantity: 3, plannedStart: at(1) });
      await call("POST", "/api/v1/job-orders", { id: "P2-EARLY", equipmentId: "press-2", productId: "bracket", quantity: 3, plannedStart: at(10), start: true });
      const queue = (await call("GET", "/api/v1/work-units/press-2/queue")).body;
      expect([queue.executor, queue.current]).to.deep.equal(["operator", null]);
      expect(queue.next.map((job: { id: string }) => job.id)).to.deep.equal(["P2-EARLY", "P2-LATE", "P2-STORED"]);

      const started = await call("POST", "/api/v1/work-units/press-2/start-job", {}, app.tokens.Operator);
      expect([started.status, started.body.id, started.body.state]).to.deep.equal([200, "P2-EARLY", "Running"]);
      const history = (await call("GET", "/api/v1/job-orders/P2-EARLY")).body.history;
      expect(history.at(-1)).to.include({ command: "begin", actor: "test-operator", door: "rest" });
      expect((await call("GET", "/api/v1/work-units/press-2/queue")).body.current.id).to.equal("P2-EARLY");
    });

    it("books the parts the PLC counts while the operator's job runs to that job, whatever the PLC's CurrentJob tag says", async function () {
      plc("currentJob", "JOB-0010");
      plc("goodCount", 1000);
      plc("rejectCount", 40);
      plc("goodCount", 1007);
      plc("rejectCount", 41);
      await app.recorder.flush();
      expect(await app.store.read.productionRecords.totalsOfJob("P2-EARLY")).to.deep.equal({ good: 7, scrap: 1 });
      expect((await app.store.read.productionRecords.totalsOfJob("JOB-0010")).good).to.equal(0);
    });

    it("refuses to start a second job while one runs, and finishes the running one for the operator", async function () {
      const second = await call("POST", "/api/v1/work-units/press-2/start-job", { jobOrderId: "P2-LATE" }, app.tokens.Operator);
      expect([second.status, second.body.error.details.reason, second.body.error.details.id]).to.deep.equal([409, "unit_busy", "P2-EARLY"]);
      const finished = await call("POST", "/api/v1/work-units/press-2/finish-job", { jobOrderId: "P2-EARLY" }, app.tokens.Operator);
      expect([finished.status, finished.body.state, finished.body.subState]).to.deep.equal([200, "Ended", 1]);
      // After it, the press's parts are no longer the finished job's.
      plc("goodCount", 1010);
      await app.recorder.flush();
      expect((await app.store.read.productionRecords.totalsOfJob("P2-EARLY")).good).to.equal(7);
      expect((await app.store.read.productionRecords.totalsOfJob("JOB-0010")).good).to.equal(3);
      const next = await call("POST", "/api/v1/work-units/press-2/start-job", {}, app.tokens.Operator);
      expect(next.body.id).to.equal("P2-LATE");
    });

    it("leaves a station with a dispatch driver to start its own jobs, and refuses unknown units, bad bodies and an Observer", async function () {
      const driven = await call("POST", "/api/v1/work-units/cplab-1/start-job", {}, app.tokens.Operator);
      expect([driven.status, driven.body.error.details.reason]).to.deep.equal([409, "station_driven"]);
      expect((await call("GET", "/api/v1/job-orders/CP-NAMED")).body.state).to.equal("AllowedToStart");
      expect((await call("POST", "/api/v1/work-units/no-such-unit/start-job", {}, app.tokens.Operator)).status).to.equal(404);
      expect((await call("POST", "/api/v1/work-units/press-1/start-job", {}, app.tokens.Operator)).body.error.details.reason).to.equal("nothing_released");
      expect((await call("POST", "/api/v1/work-units/press-2/finish-job", {}, app.tokens.Operator)).status).to.equal(400);
      expect((await call("POST", "/api/v1/work-units/press-2/finish-job", { jobOrderId: "P2-LATE" }, app.tokens.Observer)).status).to.equal(403);
      expect((await call("GET", "/api/v1/job-orders/P2-LATE")).body.state).to.equal("Running");
    });
  });
}
