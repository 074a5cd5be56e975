import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { testDatabases, type TestDatabase } from "../../support/mysql-database.js";
import { startRestApp, type RestApp } from "../../support/rest-app.js";
import { restCall } from "../../support/rest-call.js";
import { uuidV7 } from "../../../src/services/clock.js";

const databases: TestDatabase[] = testDatabases();
const WEEK = "2026-11-23T00:00:00.000Z";
const H = 3_600_000;

/*
 * The demo calendar runs three 8-hour shifts every day; config/scheduling.yaml asks for two
 * operators a shift on the press line, one on the welding cell, the machining and two on the
 * assembly line, and a maintenance technician on the assembly line's morning shift. Nine operators
 * are qualified for the press line only: enough for its 42 person-shifts within 48 hours each and
 * 11 hours of rest; nobody for the other work centers, which the roster must say.
 */
for (const database of databases) {
  describe(`Personnel and the weekly roster over REST (${database.name})`, function () {
    let dir: string;
    let app: RestApp;
    const call = (method: string, route: string, body?: unknown) => restCall(app.url, method, route, body);

    before(async function () {
      if (database.skip) this.skip();
      dir = mkdtempSync(path.join(tmpdir(), "mes-personnel-api-"));
      app = await startRestApp(await database.url(dir));
      for (let i = 1; i <= 9; i++) {
        const answer = await call("PUT", `/api/v1/personnel/op-${i}`, { name: `Operator ${i}`, classes: ["Operator"], qualifications: ["press-line"], contractedHours: 40, minHours: 24, maxHours: 48 });
        expect(answer.status).to.equal(201);
      }
    });

    after(async function () {
      await app?.close();
      await database.drop?.();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("keeps people with their classes and qualifications, refusing a qualification for equipment that is no work center", async function () {
      const person = (await call("GET", "/api/v1/personnel/op-1")).body;
      expect(person).to.include({ name: "Operator 1", contractedHours: 40, maxHours: 48 });
      expect(person.qualifications).to.deep.equal(["press-line"]);
      const wrong = await call("PUT", "/api/v1/personnel/op-x", { name: "X", classes: ["Operator"], qualifications: ["press-1"], contractedHours: 40, maxHours: 48 });
      expect([wrong.status, wrong.body.error.details.field]).to.deep.equal([400, "qualifications[0]"]);
      const limits = await call("PUT", "/api/v1/personnel/op-x", { name: "X", classes: ["Operator"], contractedHours: 40, minHours: 50, maxHours: 48 });
      expect([limits.status, limits.body.error.details.field]).to.deep.equal([400, "minHours"]);
      expect((await call("GET", "/api/v1/personnel/op-x")).status).to.equal(404);
    });

    it("covers the press line's week within every limit, and says for the other work centers why it cannot", async function () {
      const { status, body } = await call("POST", "/api/v1/rosters/preview", { weekStart: WEEK });
      expect(status).to.equal(200);
      const press = body.assignments.filter((a: any) => a.workCenterId === "press-line");
      expect(press).to.have.length(42);
      expect(body.shortages.filter((s: any) => s.workCenterId === "press-line")).to.deep.equal([]);
      for (const [person, hours] of Object.entries(body.hours as Record<string, number>)) expect(hours, person).to.be.at.most(48);
      const mine = (id: string) => press.filter((a: any) => a.personId === id).sort((x: any, y: any) => x.start - y.start);
      for (let i = 1; i <= 9; i++) {
        const shifts = mine(`op-${i}`);
        for (let k = 1; k < shifts.length; k++) expect(shifts[k].start - shifts[k - 1].end).to.be.at.least(11 * H);
      }
      const welding = body.shortages.find((s: any) => s.workCenterId === "welding-cell");
      expect(welding).to.deep.include({ needed: 1, assigned: 0 });
      expect(welding.reasons).to.deep.equal(["9 people: not qualified for welding-cell"]);
      const maintenance = body.shortages.find((s: any) => s.workCenterId === "assembly-line" && s.shiftKey.endsWith("Morning") && s.needed === 1);
      expect(maintenance.reasons).to.deep.equal(["9 people: not Maintenance"]);
    });

    it("commits the roster and shows who is on shift", async function () {
      const committed = (await call("POST", "/api/v1/rosters/commit", { weekStart: WEEK })).body;
      expect(committed.committed).to.equal(true);
      const stored = (await call("GET", `/api/v1/rosters?from=${WEEK}&to=2026-11-30T06:00:00.000Z`)).body.items;
      expect(stored).to.have.length(committed.assignments.length);
      const onShift = (await call("GET", "/api/v1/personnel/on-shift?at=2026-11-24T07:00:00Z")).body.items;
      expect(onShift.filter((p: any) => p.workCenterId === "press-line")).to.have.length(2);
      expect(onShift[0].name).to.match(/^Operator \d$/);
      const again = (await call("POST", "/api/v1/rosters/commit", { weekStart: WEEK })).body;
      expect((await call("GET", `/api/v1/rosters?from=${WEEK}&to=2026-11-30T06:00:00.000Z`)).body.items, "a new roster replaces the week's, it does not add to it").to.have.length(again.assignments.length);
      const [entry] = await app.store.read.audit.find({ targetType: "roster" }, { limit: 1, offset: 0 });
      expect([entry.action, entry.door]).to.deep.equal(["roster.committed", "rest"]);
    });

    it("names the press line's operators on shift on a stop of press-1 (GET /api/v1/downtime)", async function () {
      const onShift = (await call("GET", "/api/v1/personnel/on-shift?at=2026-11-24T07:10:00Z")).body.items.filter((p: any) => p.workCenterId === "press-line").map((p: any) => p.personId);
      expect(onShift).to.have.length(2);
      // A stop as the PLC side records it: a faulted interval of the work unit.
      await app.store.unitOfWork((repos) =>
        repos.stateIntervals.insert({ id: uuidV7(), equipmentId: "press-1", state: "faulted", startedAt: new Date("2026-11-24T07:05:00Z"), endedAt: new Date("2026-11-24T07:25:00Z"), faultCode: "1", jobOrderId: null, reasonCode: null }),
      );
      const stops = (await call("GET", "/api/v1/downtime?equipmentId=press-1&from=2026-11-24T07:00:00Z&to=2026-11-24T08:00:00Z")).body.items;
      expect(stops.map((stop: any) => [stop.state, [...stop.operators].sort()])).to.deep.equal([["faulted", [...onShift].sort()]]);
    });
  });
}
