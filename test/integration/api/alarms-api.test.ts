import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { testDatabases, type TestDatabase } from "../../support/mysql-database.js";
import { startRestApp, type RestApp } from "../../support/rest-app.js";
import { restCall } from "../../support/rest-call.js";
import { waitFor } from "../../support/wait-for.js";

const databases: TestDatabase[] = testDatabases();

for (const database of databases) {
  describe(`Alarm history and answers over REST (${database.name})`, function () {
    this.timeout(60_000);
    let dir: string;
    let app: RestApp;
    let url: string;
    const call = (method: string, route: string, body?: unknown, token?: string) => restCall(app.url, method, route, body, token ? { token } : {});
    const alarmsOf = async (query: string) => (await call("GET", `/api/v1/alarms?${query}`)).body;
    const began = new Date();

    before(async function () {
      if (database.skip) this.skip();
      dir = mkdtempSync(path.join(tmpdir(), "mes-alarms-api-"));
      url = await database.url(dir);
      app = await startRestApp(url, undefined, undefined, { adjust: (config) => ({ ...config, settings: { ...config.settings, alarms: { ...config.settings.alarms, maxShelvingMinutes: 1, severities: { "maintenance-overdue": 650 } } } }) });
      const at = new Date();
      app.bus.emit("machine.state", { workUnitId: "press-1", state: "faulted", previous: "running", at, faultCode: "3" });
      app.bus.emit("plc.connection", { plcId: "plc-machining", state: "disconnected", at, error: "ECONNREFUSED" });
      app.bus.emit("maintenance.due", { planId: "pm-oil", workUnitId: "press-2", title: "Oil the slide", status: "overdue", dueAt: at, at });
      await waitFor("the alarms stored", async () => (await alarmsOf("active=true")).total >= 3);
    });

    after(async function () {
      await app?.close();
      await database.drop?.();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("lists the alarms with their kind, standard type and severity, filtered by active, work unit, kind and time", async function () {
      const all = await alarmsOf("limit=500");
      const byKind = Object.fromEntries(all.items.map((a: { kind: string; workUnitId: string; conditionType: string; severity: number; message: string }) => [`${a.kind} ${a.workUnitId}`, `${a.conditionType} ${a.severity} ${a.message}`]));
      expect(byKind["fault press-1"]).to.equal("OffNormalAlarmType 700 Fault 3 (Hydraulics)");
      expect(byKind["maintenance-overdue press-2"]).to.match(/^DiscreteAlarmType 650 Maintenance "Oil the slide" overdue/);
      const machining = all.items.filter((a: { kind: string }) => a.kind === "plc-connection");
      expect(machining.length, "one per unit of the machining PLC").to.be.at.least(1);
      expect(machining[0].conditionType).to.equal("SystemOffNormalAlarmType");

      expect((await alarmsOf("workUnitId=press-1")).items.map((a: { kind: string }) => a.kind)).to.deep.equal(["fault"]);
      expect((await alarmsOf("kind=plc-connection")).total).to.equal(machining.length);
      expect((await alarmsOf("active=false")).total).to.equal(0);
      expect((await alarmsOf(`from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).total, "none raised in the future").to.equal(0);
      expect((await alarmsOf(`from=${encodeURIComponent(new Date(began.getTime() - 1000).toISOString())}&limit=1`)).items).to.have.length(1);

      app.bus.emit("plc.connection", { plcId: "plc-machining", state: "connected", at: new Date() });
      await waitFor("the PLC's alarms cleared", async () => (await alarmsOf("kind=plc-connection&active=true")).total === 0);
      expect((await alarmsOf("kind=plc-connection&active=false")).total).to.equal(machining.length);
    });

    it("acknowledges, comments, shelves, unshelves and confirms for an operator, through the audit trail", async function () {
      const [fault] = (await alarmsOf("workUnitId=press-1&kind=fault")).items;
      const acked = await call("POST", `/api/v1/alarms/${fault.id}/acknowledge`, { comment: "fitter called" }, app.tokens.Operator);
      expect([acked.status, acked.body.acknowledged, acked.body.acknowledgedBy]).to.deep.equal([200, true, "test-operator"]);
      expect((await call("POST", `/api/v1/alarms/${fault.id}/acknowledge`, {}, app.tokens.Operator)).status, "acknowledged already").to.equal(409);
      expect((await call("POST", `/api/v1/alarms/${fault.id}/comment`, { comment: "valve ordered" }, app.tokens.Maintenance)).body.comments.map((c: { by: string; text: string }) => `${c.by}: ${c.text}`)).to.deep.equal(["test-operator: fitter called", "test-maintenance: valve ordered"]);
      const shelved = await call("POST", `/api/v1/alarms/${fault.id}/shelve`, { mode: "timed", durationMs: 30_000 }, app.tokens.Supervisor);
      expect([shelved.status, shelved.body.shelved]).to.deep.equal([200, "timed"]);
      expect(Date.parse(shelved.body.shelvedUntil) - Date.now()).to.be.within(0, 30_000);
      expect((await call("POST", `/api/v1/alarms/${fault.id}/unshelve`, {}, app.tokens.Operator)).body.shelved).to.equal("unshelved");
      expect((await call("POST", `/api/v1/alarms/${fault.id}/unshelve`, {}, app.tokens.Operator)).status, "not shelved").to.equal(409);
      expect((await call("POST", `/api/v1/alarms/${fault.id}/shelve`, { mode: "one-shot" }, app.tokens.Operator)).body.shelved).to.equal("one-shot");
      const confirmed = await call("POST", `/api/v1/alarms/${fault.id}/confirm`, undefined, app.tokens.Admin);
      expect([confirmed.status, confirmed.body.confirmedBy, confirmed.body.active]).to.deep.equal([200, "test-admin", true]);
      const audit = (await call("GET", `/api/v1/audit?targetType=alarm&targetId=${fault.id}`)).body.items.map((e: { action: string; actor: string; door: string }) => `${e.action} ${e.actor} ${e.door}`).reverse();
      expect(audit).to.deep.equal(["alarm.raised system system", "alarm.acknowledged test-operator rest", "alarm.commented test-maintenance rest", "alarm.shelved test-supervisor rest", "alarm.unshelved test-operator rest", "alarm.shelved test-operator rest", "alarm.confirmed test-admin rest"]);

      app.bus.emit("machine.state", { workUnitId: "press-1", state: "running", previous: "faulted", at: new Date(), faultCode: null });
      const cleared = await waitFor("the fault cleared", async () => (await call("GET", `/api/v1/alarms/${fault.id}`)).body.active === false && (await call("GET", `/api/v1/alarms/${fault.id}`)).body);
      expect([cleared.clearedAt !== null, cleared.shelved, cleared.retain], "the one-shot shelving ended with it; closed").to.deep.equal([true, "unshelved", false]);
    });

    it("refuses an Observer and the ERP (403), an unknown alarm (404), a comment over the limit and shelving beyond the maximum (400)", async function () {
      const [overdue] = (await alarmsOf("kind=maintenance-overdue")).items;
      for (const role of ["Observer", "ERP", "Quality", "Warehouse", "Engineer"] as const) {
        expect((await call("POST", `/api/v1/alarms/${overdue.id}/acknowledge`, {}, app.tokens[role])).status, role).to.equal(403);
      }
      expect((await call("GET", "/api/v1/alarms", undefined, app.tokens.ERP)).status, "not the ERP's to read").to.equal(403);
      expect((await call("POST", "/api/v1/alarms/no-such-alarm/acknowledge", {}, app.tokens.Operator)).status).to.equal(404);
      expect((await call("GET", "/api/v1/alarms/no-such-alarm")).status).to.equal(404);
      const long = await call("POST", `/api/v1/alarms/${overdue.id}/comment`, { comment: "x".repeat(1001) }, app.tokens.Operator);
      expect([long.status, long.body.error.details.field, long.body.error.details.reason]).to.deep.equal([400, "comment", "comment-too-long"]);
      const beyond = await call("POST", `/api/v1/alarms/${overdue.id}/shelve`, { mode: "timed", durationMs: 60_001 }, app.tokens.Operator);
      expect([beyond.status, beyond.body.error.details.field]).to.deep.equal([400, "durationMs"]);
      expect((await call("POST", `/api/v1/alarms/${overdue.id}/shelve`, { mode: "timed" }, app.tokens.Operator)).status, "no duration").to.equal(400);
      expect((await call("POST", `/api/v1/alarms/${overdue.id}/confirm`, {}, app.tokens.Operator)).status, "not acknowledged yet").to.equal(409);
      expect((await call("GET", "/api/v1/alarms?kind=nonsense")).status).to.equal(400);
      expect((await call("GET", "/api/v1/alarms?active=maybe")).status).to.equal(400);
      const unchanged = (await call("GET", `/api/v1/alarms/${overdue.id}`)).body;
      expect([unchanged.acknowledged, unchanged.comments, unchanged.shelved]).to.deep.equal([false, [], "unshelved"]);
    });

    it("exports the same alarms as CSV, with the filters", async function () {
      const response = await fetch(`${app.url}/api/v1/alarms.csv?kind=fault`, { headers: { authorization: `Bearer ${app.tokens.Observer}` } });
      expect([response.status, response.headers.get("content-type")]).to.deep.equal([200, "text/csv; charset=utf-8"]);
      const lines = (await response.text()).trimEnd().split("\r\n");
      expect(lines[0]).to.equal("id,kind,conditionType,workUnitId,subject,sourceName,severity,message,active,activeSince,clearedAt,acknowledged,acknowledgedBy,acknowledgedAt,confirmed,confirmedBy,confirmedAt,shelved,shelvedUntil,comments");
      expect(lines.slice(1).map((line) => line.split(",").slice(1, 4).join(","))).to.deep.equal(["fault,OffNormalAlarmType,press-1"]);
      expect(lines[1]).to.contain("test-operator: fitter called");
    });

    it("restores the alarms not yet closed when the MES starts again", async function () {
      const open = (await alarmsOf("active=true")).items.map((a: { id: string }) => a.id).sort();
      await app.close();
      app = await startRestApp(url);
      expect((await alarmsOf("active=true")).items.map((a: { id: string }) => a.id).sort()).to.deep.equal(open);
      expect(app.alarms.openAlarms().map((a) => a.id).sort(), "held by the service, for the OPC UA conditions").to.include.members(open);
    });
  });
}
