import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { uuidV7, type Clock } from "../../../src/services/clock.js";
import type { MesEvents } from "../../../src/services/event-bus.js";
import type { MachineState } from "../../../src/domain/machine-state.js";
import { testDatabases, type TestDatabase } from "../../support/mysql-database.js";
import { startRestApp, type RestApp } from "../../support/rest-app.js";
import { restCall } from "../../support/rest-call.js";

const databases: TestDatabase[] = testDatabases();
const at = (time: string) => new Date(`2026-11-24T${time}:00Z`);

for (const database of databases) {
  describe(`Maintenance work orders and plans over REST (${database.name})`, function () {
    let dir: string;
    let app: RestApp;
    // Tuesday 11:00 UTC, inside the demo's morning shift and after its 10:00 break.
    const clock: Clock = { now: () => new Date("2026-11-24T11:00:00Z") };
    const call = (method: string, route: string, body?: unknown, token?: string) => restCall(app.url, method, route, body, token ? { token } : {});
    const stop = async (state: MachineState, from: string, to: string, equipmentId = "press-1") => {
      const id = uuidV7();
      await app.store.unitOfWork((repos) => repos.stateIntervals.insert({ id, equipmentId, state, startedAt: at(from), endedAt: at(to), faultCode: null, jobOrderId: null, reasonCode: null }));
      return id;
    };
    const availability = async () => (await call("GET", `/api/v1/oee/press-1?from=${at("07:00").toISOString()}&to=${at("08:00").toISOString()}`)).body.kpis.availability as number;

    before(async function () {
      if (database.skip) this.skip();
      dir = mkdtempSync(path.join(tmpdir(), "mes-maintenance-api-"));
      app = await startRestApp(await database.url(dir), undefined, clock);
      expect((await call("PUT", "/api/v1/materials/bolt", { name: "Bolt M8", unit: "pcs" })).status).to.equal(201);
      expect((await call("POST", "/api/v1/lots", { lotId: "BOLT-1", materialDefinitionId: "bolt", quantity: 10, locationId: "fabrication" })).status).to.equal(201);
    });

    after(async function () {
      await app?.close();
      await database.drop?.();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("asks for a repair from a stop in one call, and walks it to verified, the parts consumed from their lot and audited", async function () {
      const downtimeId = await stop("faulted", "07:20", "07:40");
      const heard: MesEvents["maintenance.work_order"][] = [];
      const off = app.bus.on("maintenance.work_order", (e) => heard.push(e));
      const created = await call("POST", "/api/v1/maintenance/work-orders", { workUnitId: "press-1", title: "Die jams", fromDowntimeId: downtimeId }, app.tokens.Operator);
      expect(created.status).to.equal(201);
      expect(created.body).to.include({ workUnitId: "press-1", status: "requested", priority: "normal", requestedBy: "test-operator", technician: null, planId: null });
      expect(created.body.source).to.deep.equal({ kind: "downtime", id: downtimeId });
      const id = created.body.id as string;

      const planned = await call("POST", `/api/v1/maintenance/work-orders/${id}/plan`, { technician: "maint-1", plannedStart: "2026-11-24T12:00:00Z", plannedDurationMinutes: 30 }, app.tokens.Maintenance);
      expect([planned.status, planned.body.status, planned.body.technician, planned.body.plannedStart]).to.deep.equal([200, "planned", "maint-1", "2026-11-24T12:00:00.000Z"]);
      expect((await call("POST", `/api/v1/maintenance/work-orders/${id}/start`, {}, app.tokens.Maintenance)).body.status).to.equal("in-progress");
      const finished = await call("POST", `/api/v1/maintenance/work-orders/${id}/finish`, { timeSpentMinutes: 25, partsUsed: [{ lotId: "BOLT-1", quantity: 4 }], closesDowntimeId: downtimeId, comment: "new bolts" }, app.tokens.Maintenance);
      expect(finished.status).to.equal(200);
      expect(finished.body).to.include({ status: "done", timeSpentMinutes: 25, closedDowntimeId: downtimeId, finishedBy: "test-maintenance" });
      expect(finished.body.partsUsed).to.deep.equal([{ lotId: "BOLT-1", materialDefinitionId: "bolt", quantity: 4, unit: "pcs" }]);
      expect((await call("GET", "/api/v1/lots/BOLT-1")).body.quantity).to.equal(6);
      const consumption = (await call("GET", "/api/v1/lots/BOLT-1")).body.movements.find((m: { kind: string }) => m.kind === "consume");
      expect(consumption).to.include({ workUnitId: "press-1", quantity: 4, actor: "test-maintenance" });

      // Four eyes: the technician does not accept his own work; production does.
      expect((await call("POST", `/api/v1/maintenance/work-orders/${id}/verify`, {}, app.tokens.Maintenance)).status).to.equal(403);
      const verified = await call("POST", `/api/v1/maintenance/work-orders/${id}/verify`, { comment: "runs" }, app.tokens.Supervisor);
      expect([verified.status, verified.body.status, verified.body.verifiedBy]).to.deep.equal([200, "verified", "test-supervisor"]);
      off();
      expect(heard.map((e) => e.workOrder.status)).to.deep.equal(["requested", "planned", "in-progress", "done", "verified"]);

      const actions = (await call("GET", "/api/v1/audit?action=maintenance.&limit=50")).body.items.map((e: { action: string }) => e.action);
      expect(actions).to.include.members(["maintenance.requested", "maintenance.plan", "maintenance.start", "maintenance.finish", "maintenance.verify"]);
      expect((await call("GET", "/api/v1/audit?action=material.consumed&limit=50")).body.items.map((e: { actor: string }) => e.actor)).to.deep.equal(["test-maintenance"]);
      const listed = await call("GET", "/api/v1/maintenance/work-orders?workUnitId=press-1&status=verified");
      expect([listed.body.total, listed.body.items[0].id]).to.deep.equal([1, id]);
    });

    it("refuses a transition the state machine does not have with 409, and changes nothing", async function () {
      const { body } = await call("POST", "/api/v1/maintenance/work-orders", { workUnitId: "press-2", title: "Noise", priority: "low" });
      expect(body.source).to.deep.equal({ kind: "manual", id: null });
      expect((await call("POST", `/api/v1/maintenance/work-orders/${body.id}/finish`, { timeSpentMinutes: 5 })).status).to.equal(409);
      expect((await call("POST", `/api/v1/maintenance/work-orders/${body.id}/verify`, {})).status).to.equal(409);
      expect((await call("POST", `/api/v1/maintenance/work-orders/${body.id}/cancel`, { comment: "duplicate" })).body.status).to.equal("cancelled");
      const again = await call("POST", `/api/v1/maintenance/work-orders/${body.id}/start`, {});
      expect([again.status, again.body.error.message]).to.deep.equal([409, "cannot start a work order that is cancelled (only from requested or planned)"]);
      expect((await call("GET", `/api/v1/maintenance/work-orders/${body.id}`)).body.status).to.equal("cancelled");
    });

    it("refuses bad input with a 4xx naming the field, and whoever may not", async function () {
      const refusals: [string, string, unknown, number, string | null, string?][] = [
        ["POST", "/api/v1/maintenance/work-orders", { title: "x" }, 400, "workUnitId"],
        ["POST", "/api/v1/maintenance/work-orders", { workUnitId: "press-1", title: "" }, 400, "title"],
        ["POST", "/api/v1/maintenance/work-orders", { workUnitId: "press-1", title: "x", priority: "urgent" }, 400, "priority"],
        ["POST", "/api/v1/maintenance/work-orders", { workUnitId: "nowhere", title: "x" }, 404, "workUnitId"],
        ["POST", "/api/v1/maintenance/work-orders", { workUnitId: "press-1", title: "x", fromDowntimeId: "no-such-stop" }, 404, "fromDowntimeId"],
        ["POST", "/api/v1/maintenance/work-orders", { workUnitId: "press-1", title: "x" }, 403, null, "Observer"],
        ["POST", "/api/v1/maintenance/work-orders", { workUnitId: "press-1", title: "x" }, 403, null, "ERP"],
        ["GET", "/api/v1/maintenance/work-orders?status=broken", undefined, 400, "status"],
        ["POST", "/api/v1/maintenance/plans", { id: "p1", workUnitId: "press-1", title: "x", kind: "weekly", every: 1 }, 400, "kind"],
        ["POST", "/api/v1/maintenance/plans", { id: "p1", workUnitId: "press-1", title: "x", kind: "counter", every: 1.5 }, 400, "every"],
        ["POST", "/api/v1/maintenance/plans", { id: "p1", workUnitId: "press-1", title: "x", kind: "counter", every: 10, dueSoon: 10 }, 400, "dueSoon"],
        ["POST", "/api/v1/maintenance/plans", { id: "p1", workUnitId: "fabrication", title: "x", kind: "counter", every: 10 }, 400, "workUnitId"],
        ["POST", "/api/v1/maintenance/plans", { id: "p1", workUnitId: "press-1", title: "x", kind: "counter", every: 10 }, 403, null, "Operator"],
        ["PUT", "/api/v1/maintenance/plans/none", { workUnitId: "press-1", title: "x", kind: "counter", every: 10 }, 404, null],
        ["GET", "/api/v1/maintenance/reliability?from=2026-11-24T10:00:00Z&to=2026-11-24T09:00:00Z", undefined, 400, "from"],
        ["POST", "/api/v1/maintenance/work-orders/none/start", {}, 404, null],
      ];
      for (const [method, route, body, status, field, role] of refusals) {
        const answer = await call(method, route, body, role ? app.tokens[role as keyof RestApp["tokens"]] : undefined);
        expect(answer.status, `${method} ${route} ${JSON.stringify(body)}`).to.equal(status);
        if (field) expect(answer.body.error.details.field, `${method} ${route}`).to.equal(field);
      }
      // A part the lot does not have refuses the whole finish: the work order stays in progress and the lot whole.
      const { body } = await call("POST", "/api/v1/maintenance/work-orders", { workUnitId: "press-1", title: "Bolts" });
      await call("POST", `/api/v1/maintenance/work-orders/${body.id}/start`, {});
      const lot = (await call("GET", "/api/v1/lots/BOLT-1")).body.quantity;
      const tooMany = await call("POST", `/api/v1/maintenance/work-orders/${body.id}/finish`, { timeSpentMinutes: 5, partsUsed: [{ lotId: "BOLT-1", quantity: 1 }, { lotId: "BOLT-1", quantity: 1000 }] });
      expect([tooMany.status, tooMany.body.error.details.field]).to.deep.equal([409, "partsUsed[1].quantity"]);
      const unknownLot = await call("POST", `/api/v1/maintenance/work-orders/${body.id}/finish`, { timeSpentMinutes: 5, partsUsed: [{ lotId: "NOPE", quantity: 1 }] });
      expect([unknownLot.status, unknownLot.body.error.details.field]).to.deep.equal([404, "partsUsed[0].lotId"]);
      expect((await call("GET", "/api/v1/lots/BOLT-1")).body.quantity).to.equal(lot);
      expect((await call("GET", `/api/v1/maintenance/work-orders/${body.id}`)).body.status).to.equal("in-progress");
    });

    it("counts a stop inside a planned maintenance slot as planned down time, and one outside it as lost availability", async function () {
      await stop("running", "07:00", "07:20", "press-1");
      await stop("running", "07:40", "08:00", "press-1");
      // The faulted stop of the first test is 07:20-07:40: a third of the hour lost.
      expect(await availability()).to.be.closeTo(40 / 60, 1e-9);
      const elsewhere = (await call("POST", "/api/v1/maintenance/work-orders", { workUnitId: "press-1", title: "Gearbox oil" })).body.id;
      await call("POST", `/api/v1/maintenance/work-orders/${elsewhere}/plan`, { technician: "maint-1", plannedStart: "2026-11-24T09:00:00Z", plannedDurationMinutes: 20 }, app.tokens.Maintenance);
      expect(await availability()).to.be.closeTo(40 / 60, 1e-9);
      const inSlot = (await call("POST", "/api/v1/maintenance/work-orders", { workUnitId: "press-1", title: "Die change" })).body.id;
      await call("POST", `/api/v1/maintenance/work-orders/${inSlot}/plan`, { technician: "maint-1", plannedStart: "2026-11-24T07:20:00Z", plannedDurationMinutes: 20 }, app.tokens.Maintenance);
      const report = (await call("GET", `/api/v1/oee/press-1?from=${at("07:00").toISOString()}&to=${at("08:00").toISOString()}`)).body;
      expect([report.kpis.availability, report.elements.pdotMs]).to.deep.equal([1, 20 * 60_000]);
      // Press 2 shares the calendar and keeps its planned time.
      expect((await call("GET", `/api/v1/oee/press-2?from=${at("07:00").toISOString()}&to=${at("08:00").toISOString()}`)).body.elements.pdotMs).to.equal(0);
      await call("POST", `/api/v1/maintenance/work-orders/${inSlot}/cancel`, {}, app.tokens.Maintenance);
      expect(await availability()).to.be.closeTo(40 / 60, 1e-9);
    });

    it("keeps preventive plans, says what is due, and a due plan asks for its work order", async function () {
      const heard: MesEvents["maintenance.due"][] = [];
      const off = app.bus.on("maintenance.due", (e) => heard.push(e));
      const created = await call("POST", "/api/v1/maintenance/plans", { id: "welder-lube", workUnitId: "welder-1", title: "Lubricate", kind: "counter", every: 100, dueSoon: 10, durationMinutes: 15, lastDoneAt: "2026-11-24T06:00:00Z" }, app.tokens.Maintenance);
      expect([created.status, created.body.kind, created.body.every]).to.deep.equal([201, "counter", 100]);
      expect((await call("POST", "/api/v1/maintenance/plans", { id: "welder-lube", workUnitId: "welder-1", title: "x", kind: "counter", every: 10 })).status).to.equal(409);
      const due = async () => (await call("GET", "/api/v1/maintenance/due?workUnitId=welder-1")).body[0];
      expect(await due()).to.include({ planId: "welder-lube", status: "ok", dueCount: 100, countSinceDone: 0 });
      await app.store.unitOfWork((repos) => repos.productionRecords.insertMany([{ id: uuidV7(), equipmentId: "welder-1", jobOrderId: null, productId: null, periodStart: at("07:00"), periodEnd: at("07:00"), good: 92, scrap: 3, source: "manual" }]));
      expect(await due()).to.include({ status: "due", countSinceDone: 95 });
      await app.maintenance.due.settle();
      off();
      expect(heard.map((e) => [e.planId, e.status])).to.deep.equal([["welder-lube", "due"]]);
      const orders = (await call("GET", "/api/v1/maintenance/work-orders?workUnitId=welder-1")).body.items;
      expect(orders.map((o: { source: unknown; planId: string; plannedDurationMinutes: number }) => [o.source, o.planId, o.plannedDurationMinutes])).to.deep.equal([[{ kind: "plan", id: "welder-lube" }, "welder-lube", 15]]);
      // Done: the count starts again.
      await call("POST", `/api/v1/maintenance/work-orders/${orders[0].id}/start`, {}, app.tokens.Maintenance);
      await call("POST", `/api/v1/maintenance/work-orders/${orders[0].id}/finish`, { timeSpentMinutes: 10 }, app.tokens.Maintenance);
      expect(await due()).to.include({ status: "ok", countSinceDone: 0, lastDoneAt: "2026-11-24T11:00:00.000Z" });
      const put = await call("PUT", "/api/v1/maintenance/plans/welder-lube", { workUnitId: "welder-1", title: "Lubricate", kind: "calendar", every: 7 }, app.tokens.Maintenance);
      expect([put.status, put.body.kind, put.body.lastDoneAt]).to.deep.equal([200, "calendar", "2026-11-24T11:00:00.000Z"]);
      expect((await due()).dueAt).to.equal("2026-12-01T11:00:00.000Z");
    });

    it("gives MTBF and MTTR per work unit and failure reason", async function () {
      const answer = await call("GET", `/api/v1/maintenance/reliability?workUnitId=press-1&from=${at("07:00").toISOString()}&to=${at("08:00").toISOString()}`);
      expect(answer.status).to.equal(200);
      const [unit] = answer.body.items;
      // 40 min of production, one 20 min failure with no reason.
      expect(unit).to.include({ workUnitId: "press-1", failures: 1, mtbfMs: 40 * 60_000, mttrMs: 20 * 60_000 });
      expect(unit.reasons).to.deep.equal([{ reasonCode: null, reason: null, failures: 1, repairMs: 20 * 60_000, mtbfMs: 40 * 60_000, mttrMs: 20 * 60_000 }]);
    });
  });
}
