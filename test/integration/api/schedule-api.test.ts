import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { nextJob } from "../../../src/domain/next-job.js";
import { AutoRescheduler } from "../../../src/services/auto-rescheduler.js";
import { silentLog } from "../../../src/services/log.js";
import type { Clock } from "../../../src/services/clock.js";
import { testDatabases, type TestDatabase } from "../../support/mysql-database.js";
import { startRestApp, type RestApp } from "../../support/rest-app.js";
import { restCall } from "../../support/rest-call.js";
import { waitFor } from "../../support/wait-for.js";

const databases: TestDatabase[] = testDatabases();
const MIN = 60_000;
const at = (hhmm: string) => `2026-11-24T${hhmm}:00.000Z`;

/*
 * Tuesday 06:00 on the demo calendar (Morning 06:00-14:00, lunch 10:00-10:30); press-1 and press-2
 * change over in 25 min (config/scheduling.yaml), other units in 10.
 *   WO-PLATE: 60 plates, due 12:00; routing press-1 (60 s a part: 60 min), then welder-1 (120 s: 120 min).
 *   WO-CLIP: 60 clips, due 08:00, press-1 only (30 s a part: 30 min).
 * Earliest due date: press-1 runs the clips 06:00-06:30 (nothing was on it before: no changeover),
 * then the plates with a 25-min changeover, 06:30-07:55; welder-1 takes the plates when press-1
 * is done, 07:55-09:55. Both orders early: plates by 125 min, clips by 90.
 */
for (const database of databases) {
  describe(`The production schedule over REST (${database.name})`, function () {
    let dir: string;
    let app: RestApp;
    const clock: Clock = { now: () => new Date(at("06:00")) };
    const call = (method: string, route: string, body?: unknown) => restCall(app.url, method, route, body);
    let plate: { orderId: string; jobs: string[] };
    let clip: { orderId: string; jobs: string[] };

    const release = async (erpId: string, productId: string, dueAt: string) => {
      const order = (await call("POST", "/api/v1/work-orders", { erpId, productId, quantity: 60, dueAt })).body;
      const released = (await call("POST", `/api/v1/work-orders/${order.id}/release`)).body;
      return { orderId: order.id as string, jobs: released.jobOrders.map((job: { id: string }) => job.id) as string[] };
    };

    before(async function () {
      if (database.skip) this.skip();
      dir = mkdtempSync(path.join(tmpdir(), "mes-schedule-api-"));
      app = await startRestApp(await database.url(dir), undefined, clock);
      await call("PUT", "/api/v1/products/plate", { name: "Plate", workUnits: [{ equipmentId: "press-1", idealCycleTimeS: 60, step: 1 }, { equipmentId: "welder-1", idealCycleTimeS: 120, step: 2 }] });
      await call("PUT", "/api/v1/products/clip", { name: "Clip", workUnits: [{ equipmentId: "press-1", idealCycleTimeS: 30 }] });
      plate = await release("WO-PLATE", "plate", at("12:00"));
      clip = await release("WO-CLIP", "clip", at("08:00"));
    });

    after(async function () {
      await app?.close();
      await database.drop?.();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("previews a schedule by earliest due date with routing, changeovers and lateness, changing nothing", async function () {
      const { status, body } = await call("POST", "/api/v1/schedule/preview", { rule: "edd" });
      expect(status).to.equal(200);
      expect(body.jobs.map((j: any) => [j.equipmentId, j.jobOrderId, j.start, j.end, j.setupMs])).to.deep.equal([
        ["press-1", clip.jobs[0], at("06:00"), at("06:30"), 0],
        ["press-1", plate.jobs[0], at("06:30"), at("07:55"), 25 * MIN],
        ["welder-1", plate.jobs[1], at("07:55"), at("09:55"), 0],
      ]);
      expect(body.totalChangeoverMs).to.equal(25 * MIN);
      expect(body.lateness.map((l: any) => [l.erpId, l.latenessMs])).to.deep.equal([
        ["WO-PLATE", -125 * MIN],
        ["WO-CLIP", -90 * MIN],
      ]);
      expect(body.unscheduled).to.deep.equal([]);
      expect((await app.jobs.get(plate.jobs[0])).plannedStart, "a preview commits nothing").to.equal(null);
    });

    it("says in each planned row whose order it is, what it makes, on which unit by name, when it is due and how late it comes", async function () {
      const { body } = await call("POST", "/api/v1/schedule/preview", { rule: "edd" });
      expect(body.jobs.map((j: any) => [j.workOrderErpId, j.productName, j.equipmentName, j.dueAt, j.latenessMs])).to.deep.equal([
        ["WO-CLIP", "Clip", "Press 1", at("08:00"), -90 * MIN],
        ["WO-PLATE", "Plate", "Press 1", at("12:00"), -125 * MIN],
        ["WO-PLATE", "Plate", "Welder 1", at("12:00"), -125 * MIN],
      ]);
    });

    it("commits it: planned start and end on each job order, the station's next job is the schedule's first, and it is audited", async function () {
      const { body } = await call("POST", "/api/v1/schedule/commit", { rule: "edd" });
      expect(body.committed).to.equal(true);
      const job = (await call("GET", `/api/v1/job-orders/${plate.jobs[1]}`)).body;
      expect([job.plannedStart, job.plannedEnd]).to.deep.equal([at("07:55"), at("09:55")]);
      expect(nextJob(await app.jobs.listed("press-1"))?.job.id).to.equal(clip.jobs[0]);
      const [entry] = await app.store.read.audit.find({ targetType: "schedule" }, { limit: 1, offset: 0 });
      expect([entry.action, entry.door]).to.deep.equal(["schedule.committed", "rest"]);
    });

    it("draws the Gantt rows per work unit for a window", async function () {
      const { body } = await call("GET", `/api/v1/schedule?from=${at("06:00")}&to=${at("12:00")}`);
      expect(body.rows.map((row: any) => [row.equipmentId, row.bars.map((b: any) => b.jobOrderId)])).to.deep.equal([
        ["press-1", [clip.jobs[0], plate.jobs[0]]],
        ["welder-1", [plate.jobs[1]]],
      ]);
      // A row is named as people name the unit; a bar carries the ERP's order number, the product's name and how late it ends.
      expect(body.rows.map((row: any) => row.name)).to.deep.equal(["Press 1", "Welder 1"]);
      expect(body.rows[1].bars.map((b: any) => [b.workOrderErpId, b.productName, b.dueAt, b.latenessMs, b.late])).to.deep.equal([["WO-PLATE", "Plate", at("12:00"), -125 * MIN, false]]);
      const one = (await call("GET", `/api/v1/schedule?from=${at("06:00")}&to=${at("12:00")}&equipmentId=welder-1`)).body;
      expect(one.rows.map((row: any) => row.equipmentId)).to.deep.equal(["welder-1"]);
    });

    it("keeps a running job where it is when it reschedules, and plans the rest after it", async function () {
      await call("POST", `/api/v1/job-orders/${plate.jobs[0]}/begin`);
      const { body } = await call("POST", "/api/v1/schedule/preview", { rule: "edd" });
      const press = body.jobs.filter((j: any) => j.equipmentId === "press-1");
      expect(press.map((j: any) => [j.jobOrderId, j.running])).to.deep.equal([
        [plate.jobs[0], true],
        [clip.jobs[0], false],
      ]);
      expect(press[1].start, "the clips wait for the running plates").to.equal(press[0].end);
    });

    it("reschedules on its own when an order is released or a unit stays down", async function () {
      const rescheduler = new AutoRescheduler(app.schedules, app.bus, { enabled: true, downThresholdMinutes: 0.001, debounceMs: 20 }, silentLog);
      rescheduler.start();
      try {
        const commits = async () => (await app.store.read.audit.find({ targetType: "schedule" }, { limit: 100, offset: 0 })).length;
        const before = await commits();
        const rush = await release("WO-RUSH", "clip", at("07:00"));
        const planned = await waitFor("the new job order planned", async () => (await app.jobs.get(rush.jobs[0])).plannedStart ?? undefined);
        expect(planned.toISOString() >= at("06:00")).to.equal(true);
        const afterRelease = await commits();
        expect(afterRelease, "the burst of transitions made one new schedule").to.equal(before + 1);
        app.bus.emit("machine.state", { workUnitId: "press-2", state: "faulted", previous: "running", at: new Date(at("06:00")), faultCode: null });
        await waitFor("a schedule after the stop", async () => (await commits()) > afterRelease);
      } finally {
        await rescheduler.stop();
      }
    });

    it("re-plans within debounceMs of a change, even while changes keep coming", async function () {
      const rescheduler = new AutoRescheduler(app.schedules, app.bus, { enabled: true, downThresholdMinutes: 60, debounceMs: 50 }, silentLog);
      const commits = async () => (await app.store.read.audit.find({ targetType: "schedule" }, { limit: 1000, offset: 0 })).length;
      const busy = { id: "busy-line", role: "Supervisor", door: "rest" } as const;
      await app.jobs.storeJobOrder({ id: "BUSY-1", equipmentId: "press-2", quantity: 1 }, busy, { andStart: false });
      rescheduler.start();
      try {
        const before = await commits();
        // A busy plant: a job order is started and revoked back to back, each command a request of its own, for many times debounceMs.
        const until = Date.now() + 600;
        while (Date.now() < until) {
          await app.jobs.command("BUSY-1", "Start", busy);
          await app.jobs.command("BUSY-1", "RevokeStart", busy);
          await new Promise((resolve) => setImmediate(resolve));
        }
        expect(await commits(), "schedules committed while the changes went on").to.be.greaterThan(before);
      } finally {
        await rescheduler.stop();
      }
    });

    it("refuses an unknown rule and a backwards window with the field", async function () {
      const rule = await call("POST", "/api/v1/schedule/preview", { rule: "fastest" });
      expect([rule.status, rule.body.error.details.field]).to.deep.equal([400, "rule"]);
      const window = await call("GET", `/api/v1/schedule?from=${at("12:00")}&to=${at("06:00")}`);
      expect([window.status, window.body.error.details.field]).to.deep.equal([400, "to"]);
    });
  });
}
