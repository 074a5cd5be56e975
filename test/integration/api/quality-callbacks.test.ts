import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startCallbackReceiver, type CallbackReceiver } from "../../support/callback-receiver.js";
import { testDatabases, type TestDatabase } from "../../support/mysql-database.js";
import { startRestApp, type RestApp } from "../../support/rest-app.js";
import { restCall } from "../../support/rest-call.js";
import { waitFor } from "../../support/wait-for.js";

const databases: TestDatabase[] = testDatabases();

interface Received {
  event: string;
  workOrder: { id: string };
  jobOrder?: { id: string; command: string; comment: string | null };
  quality?: Record<string, unknown>;
}

/** The ERP hears on its work order's callback of a failed check on one of its job orders, and of the hold that follows. */
for (const database of databases) {
  describe(`A quality signal on the work order callbacks (${database.name})`, function () {
    let dir: string;
    let app: RestApp;
    let erp: CallbackReceiver<Received>;
    const call = (method: string, route: string, body?: unknown, token?: string) => restCall(app.url, method, route, body, token ? { token } : {});

    before(async function () {
      if (database.skip) this.skip();
      dir = mkdtempSync(path.join(tmpdir(), "mes-quality-callbacks-"));
      app = await startRestApp(await database.url(dir));
      erp = await startCallbackReceiver<Received>();
      expect((await call("PUT", "/api/v1/products/frame", { name: "Welded frame", workUnits: [{ equipmentId: "welder-1", idealCycleTimeS: 30 }] })).status).to.equal(201);
      const plan = { name: "Frame look", productId: "frame", step: 1, frequency: { kind: "first-off" }, sampleSize: 1, recordedBy: "operator", holdJobOnSignal: true, characteristics: [{ id: "frame-look", name: "Frame look", kind: "attribute", defectCodes: ["porosity"] }] };
      expect((await call("PUT", "/api/v1/quality/plans/frame-look", plan, app.tokens.Quality)).status).to.equal(201);
    });

    after(async function () {
      await app?.close();
      await erp?.close();
      await database.drop?.();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("posts quality.signal with the result, its reasons and its NCR, then job_order.hold with the reason", async function () {
      const order = (await call("POST", "/api/v1/work-orders", { erpId: "ERP-Q-1", productId: "frame", quantity: 10, equipmentId: "welder-1", callbackUrl: erp.url })).body;
      const [job] = (await call("POST", `/api/v1/work-orders/${order.id}/release`)).body.jobOrders;
      expect((await call("POST", `/api/v1/job-orders/${job.id}/begin`)).status).to.equal(200);
      const recorded = (await call("POST", "/api/v1/quality/results", { characteristicId: "frame-look", equipmentId: "welder-1", passed: false, defectCode: "porosity", lotId: "FRAME-LOT-1" }, app.tokens.Operator)).body;
      await waitFor("the quality and hold callbacks", () => erp.received.some((p) => p.event === "job_order.hold"), 20_000);
      const signal = erp.received.find((p) => p.event === "quality.signal")!;
      expect(signal.workOrder.id).to.equal(order.id);
      expect(signal.quality).to.deep.equal({
        jobOrderId: job.id,
        workUnitId: "welder-1",
        characteristicId: "frame-look",
        resultId: recorded.result.id,
        kind: "failed-check",
        reasons: ["Frame look: failed check (porosity)"],
        lotId: "FRAME-LOT-1",
        ncrId: recorded.ncrId,
        holdsJob: true,
      });
      const hold = erp.received.find((p) => p.event === "job_order.hold")!;
      expect(hold.jobOrder).to.include({ id: job.id, comment: "Quality hold: Frame look: failed check (porosity)" });
      expect(erp.received.indexOf(signal), "the signal before the hold it causes").to.be.lessThan(erp.received.indexOf(hold));
    });
  });
}
