import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { JobState } from "../../../src/domain/job-order-state-machine.js";
import type { MachineState } from "../../../src/domain/machine-state.js";
import { uuidV7, type Clock } from "../../../src/services/clock.js";
import { apiFetch } from "../../support/rest-call.js";
import { testDatabases, type TestDatabase } from "../../support/mysql-database.js";
import { startRestApp, type RestApp } from "../../support/rest-app.js";

const databases: TestDatabase[] = testDatabases();
const MIN = 60_000;
const at = (hhmm: string) => new Date(`2026-11-24T${hhmm}:00Z`);

/*
 * The demo calendar (config/oee.yaml, UTC) has the Morning shift 06:00-14:00 with lunch 10:00-10:30:
 * POT 480, PDOT 30, PBT 450 min. press-1 plays the worked example of test/unit/domain/oee/oee-kpis.test.ts:
 * APT 329 min, 200 parts (150 of product A at 60 s, 50 of B at 90 s, 10 scrap): OEE 0.475.
 * press-2 runs the whole shift (APT 450 inside PBT, 30 min in the lunch break not counted) and
 * makes 300 good parts of A: availability 1, effectiveness 300/450, quality 1, OEE 0.666667.
 * The press line sums them: APT 779 of PBT 900, ideal 525 min, 490 good of 500:
 * OEE = 525/900 x 0.98 = 0.571667 (averaging the two OEEs would give 0.570833).
 */
for (const database of databases) {
  describe(`OEE over REST (${database.name})`, function () {
    let dir: string;
    let app: RestApp;
    const clock: Clock = { now: () => new Date("2026-11-24T11:00:00Z") };

    const call = async (method: string, route: string, body?: unknown) => {
      const response = await apiFetch(`${app.url}${route}`, { method, headers: body ? { "content-type": "application/json" } : {}, body: body ? JSON.stringify(body) : undefined });
      return { status: response.status, body: (await response.json()) as any };
    };
    const state = (equipmentId: string, s: MachineState, from: string, to: string) =>
      app.store.unitOfWork((repos) => repos.stateIntervals.insert({ id: uuidV7(), equipmentId, state: s, startedAt: at(from), endedAt: at(to), faultCode: null, jobOrderId: null, reasonCode: null }));
    const made = (equipmentId: string, productId: string, when: string, good: number, scrap: number) => ({ id: uuidV7(), equipmentId, jobOrderId: null, productId, periodStart: at(when), periodEnd: at(when), good, scrap, source: "manual" as const });

    before(async function () {
      if (database.skip) this.skip();
      dir = mkdtempSync(path.join(tmpdir(), "mes-oee-api-"));
      app = await startRestApp(await database.url(dir), undefined, clock);
      await call("PUT", "/api/v1/products/A", { name: "A", workUnits: [{ equipmentId: "press-1", idealCycleTimeS: 60 }, { equipmentId: "press-2", idealCycleTimeS: 60 }] });
      await call("PUT", "/api/v1/products/B", { name: "B", workUnits: [{ equipmentId: "press-1", idealCycleTimeS: 90 }] });
      await state("press-1", "setup", "06:00", "06:30");
      await state("press-1", "running", "06:30", "09:00");
      await state("press-1", "idle", "09:00", "09:01");
      await state("press-1", "running", "09:01", "10:15");
      await state("press-1", "faulted", "10:15", "11:00");
      await state("press-1", "running", "11:00", "13:00");
      await state("press-1", "disconnected", "13:00", "14:00");
      await state("press-2", "running", "06:00", "14:00");
      await app.store.unitOfWork((repos) => repos.productionRecords.insertMany([
        made("press-1", "A", "07:00", 100, 0),
        made("press-1", "A", "12:00", 40, 10),
        made("press-1", "B", "12:30", 50, 0),
        made("press-2", "A", "08:00", 300, 0),
        // Made in the lunch break: outside planned busy time, so not counted, like the time.
        made("press-2", "A", "10:10", 20, 0),
      ]));
    });

    after(async function () {
      await app?.close();
      await database.drop?.();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const shift = `from=2026-11-24T06:00:00Z&to=2026-11-24T14:00:00Z`;

    it("gives a work unit's OEE for a shift with every time element and quantity behind it", async function () {
      const { status, body } = await call("GET", `/api/v1/oee/press-1?${shift}`);
      expect(status).to.equal(200);
      expect(body.elements).to.include({ potMs: 480 * MIN, pdotMs: 30 * MIN, pbtMs: 450 * MIN, aptMs: 329 * MIN, austMs: 30 * MIN, adetMs: 1 * MIN, adotMs: 30 * MIN, communicationLossMs: 60 * MIN, failures: 1, microStops: 1 });
      expect(body.quantities).to.deep.equal({ pq: 200, gq: 190, sq: 10, idealMs: 225 * MIN, pqWithoutIdeal: 0 });
      expect(body.kpis.availability).to.be.closeTo(329 / 450, 1e-9);
      expect(body.kpis.oee).to.be.closeTo(0.475, 1e-9);
      expect(body.policy).to.deep.equal({ microStopConvention: "iso", microStopThresholdS: 120 });
    });

    it("gives rework quantity, rework ratio and first-pass yield (ISO 22400-2) from NCR dispositions, per work unit, product and roll-up", async function () {
      const ncr = async (productId: string, quantity: number, disposition: string) => {
        const opened = await call("POST", "/api/v1/quality/ncrs", { description: `${quantity} of ${productId}`, quantity, equipmentId: "press-1", productId });
        expect(opened.status).to.equal(201);
        expect((await call("PUT", `/api/v1/quality/ncrs/${opened.body.id}/disposition`, { disposition })).status).to.equal(200);
      };
      await ncr("A", 6, "rework");
      await ncr("B", 4, "scrap");
      await ncr("B", 9, "use-as-is");
      const { body } = await call("GET", `/api/v1/oee/press-1?${shift}`);
      // 200 made, 190 good: 6 reworked and 4 scrapped on an NCR did not pass the first time; use-as-is did.
      expect(body.firstPass).to.deep.include({ rq: 6, ncrScrap: 4, reworkRatio: 6 / 200, firstPassYield: 180 / 200 });
      expect(body.firstPass.products).to.deep.equal([
        { productId: "A", pq: 150, gq: 140, rq: 6, ncrScrap: 0, reworkRatio: 6 / 150, firstPassYield: 134 / 150 },
        { productId: "B", pq: 50, gq: 50, rq: 0, ncrScrap: 4, reworkRatio: 0, firstPassYield: 46 / 50 },
      ]);
      expect(body.quantities, "the PLC's good count stays as counted").to.deep.equal({ pq: 200, gq: 190, sq: 10, idealMs: 225 * MIN, pqWithoutIdeal: 0 });
      const line = (await call("GET", `/api/v1/oee/press-line?${shift}`)).body;
      expect(line.firstPass).to.deep.include({ rq: 6, ncrScrap: 4, firstPassYield: 480 / 500 });
    });

    it("rolls a work center up from its units' times and quantities, not from their percentages", async function () {
      const press2 = (await call("GET", `/api/v1/oee/press-2?${shift}`)).body;
      expect([press2.kpis.availability, press2.quantities.pq, press2.elements.productionOutsidePbtMs]).to.deep.equal([1, 300, 30 * MIN]);
      const line = (await call("GET", `/api/v1/oee/press-line?${shift}`)).body;
      expect(line.workUnits).to.deep.equal(["press-1", "press-2"]);
      expect([line.elements.pbtMs, line.elements.aptMs]).to.deep.equal([900 * MIN, 779 * MIN]);
      expect(line.kpis.oee).to.be.closeTo((525 / 900) * 0.98, 1e-9);
      expect(line.kpis.oee).not.to.be.closeTo((0.475 + 2 / 3) / 2, 1e-4);
    });

    it("gives allocation efficiency (AUBT / PBT) and allocation ratio (AUBT / AOET, from the job orders' actual start and end) under their ISO 22400-2 names", async function () {
      const job = (id: string, start: string, end: string | null, state: number) => ({
        id, workOrderId: null, equipmentId: "press-1", productId: null, quantity: 10, state, subState: null, priority: 0, plannedStart: null, plannedEnd: null,
        actualStart: at(start), actualEnd: end ? at(end) : null, description: null, parameters: [], materialRequirements: [], dispatchNumber: null, removedAt: null, createdAt: at("04:00"), updatedAt: at("04:00"),
      });
      // Ended 09:00; the second overlaps it and is still running at the test clock's 11:00.
      await app.store.unitOfWork(async (repos) => {
        await repos.jobOrders.insert(job("aoet-1", "05:00", "09:00", JobState.Ended));
        await repos.jobOrders.insert(job("aoet-2", "08:30", null, JobState.Running));
      });
      const press1 = (await call("GET", `/api/v1/oee/press-1?${shift}`)).body;
      // AOET: 05:00-11:00 once, inside PBT (from 06:00, without the 10:00-10:30 lunch) = 270 min; AUBT = 329 + 30 + 1 = 360 min.
      expect(press1.elements.aoetMs).to.equal(270 * MIN);
      expect(press1.kpis.allocationEfficiency).to.be.closeTo(360 / 450, 1e-9);
      expect(press1.kpis.allocationRatio).to.be.closeTo(360 / 270, 1e-9);
      const press2 = (await call("GET", `/api/v1/oee/press-2?${shift}`)).body;
      expect([press2.kpis.allocationEfficiency, press2.kpis.allocationRatio], "busy all shift, no job order: no ratio").to.deep.equal([1, null]);
      const line = (await call("GET", `/api/v1/oee/press-line?${shift}`)).body;
      expect(line.kpis.allocationRatio, "the line sums AUBT and AOET of its units").to.be.closeTo((360 + 450) / 270, 1e-9);
    });

    it("cuts a day into the calendar's shifts, a night shift crossing midnight included", async function () {
      const { body } = await call("GET", "/api/v1/oee/press-1?from=2026-11-24T00:00:00Z&to=2026-11-25T00:00:00Z&granularity=shift");
      expect(body.periods.map((p: { label: string }) => p.label)).to.deep.equal(["2026-11-23 Night", "2026-11-24 Morning", "2026-11-24 Afternoon", "2026-11-24 Night"]);
      const morning = body.periods[1];
      expect(morning.kpis.oee).to.be.closeTo(0.475, 1e-9);
      expect([body.periods[0].kpis.availability, body.periods[0].kpis.oee], "nothing known in the night: no figures, not 0 %").to.deep.equal([null, null]);
      expect(body.periods[0].kpis.flags, "the night is not recorded").to.include("not_recorded");
      expect(morning.kpis.flags).not.to.include("not_recorded");
      expect([body.periods[0].recordedShare, morning.recordedShare], "and the answer says the night was not recorded").to.deep.equal([0, 1]);
      const hours = (await call("GET", "/api/v1/oee/press-1?from=2026-11-24T00:00:00Z&to=2026-11-25T00:00:00Z&granularity=hour")).body;
      expect(hours.periods).to.have.length(24);
      expect(hours.periods[7]).to.deep.include({ label: "2026-11-24T07:00" });
    });

    it("cuts a roll-up's periods like its units: the enterprise above the site that holds the calendar has the site's shifts", async function () {
      const day = "from=2026-11-24T00:00:00Z&to=2026-11-25T00:00:00Z&granularity=shift";
      const site = (await call("GET", `/api/v1/oee/plant-1?${day}`)).body;
      const enterprise = (await call("GET", `/api/v1/oee/acme?${day}`)).body;
      const labels = (report: { periods: { label: string }[] }) => report.periods.map((p) => p.label);
      expect(labels(site)).to.deep.equal(["2026-11-23 Night", "2026-11-24 Morning", "2026-11-24 Afternoon", "2026-11-24 Night"]);
      expect(labels(enterprise)).to.deep.equal(labels(site));
      expect(enterprise.periods[1].elements.aptMs, "the enterprise's Morning sums its units'").to.equal(site.periods[1].elements.aptMs);
      expect(enterprise.periods[1].elements.aptMs).to.equal((329 + 450) * MIN);
    });

    it("gives a work unit's recorded states cut to a window, oldest first, leaving what it did not record as a gap", async function () {
      const { status, body } = await call("GET", "/api/v1/equipment/press-1/states?from=2026-11-24T05:00:00Z&to=2026-11-24T08:00:00Z");
      expect(status).to.equal(200);
      expect(body.items.map((i: { state: string; start: string; end: string }) => [i.state, i.start, i.end])).to.deep.equal([
        ["setup", "2026-11-24T06:00:00.000Z", "2026-11-24T06:30:00.000Z"],
        ["running", "2026-11-24T06:30:00.000Z", "2026-11-24T08:00:00.000Z"],
      ]);
      const late = (await call("GET", "/api/v1/equipment/press-1/states?from=2026-11-24T13:30:00Z&to=2026-11-24T16:00:00Z")).body;
      expect(late.items.map((i: { state: string; end: string }) => [i.state, i.end]), "nothing recorded after 14:00").to.deep.equal([["disconnected", "2026-11-24T14:00:00.000Z"]]);

      const center = await call("GET", "/api/v1/equipment/press-line/states?from=2026-11-24T05:00:00Z&to=2026-11-24T08:00:00Z");
      expect([center.status, center.body.error.details.field]).to.deep.equal([400, "id"]);
      expect(center.body.error.message).to.match(/per work unit/);
      expect((await call("GET", "/api/v1/equipment/nope/states?from=2026-11-24T05:00:00Z&to=2026-11-24T08:00:00Z")).status).to.equal(404);
      const tooLong = await call("GET", "/api/v1/equipment/press-1/states?from=2026-01-01T00:00:00Z&to=2026-11-01T00:00:00Z");
      expect([tooLong.status, tooLong.body.error.details.field]).to.deep.equal([400, "to"]);
      const noDate = await call("GET", "/api/v1/equipment/press-1/states?from=yesterday&to=2026-11-01T00:00:00Z");
      expect([noDate.status, noDate.body.error.details.field]).to.deep.equal([400, "from"]);
    });

    it("shows the current shift so far", async function () {
      const { body } = await call("GET", "/api/v1/oee/press-1/current-shift");
      expect(body.shift).to.deep.include({ name: "Morning", date: "2026-11-24" });
      // 06:00-11:00 minus the 30-minute lunch.
      expect(body.elements.pbtMs).to.equal(270 * MIN);
    });

    it("refuses a bad window with the field and the reason, and unknown equipment with 404", async function () {
      const backwards = await call("GET", "/api/v1/oee/press-1?from=2026-11-24T14:00:00Z&to=2026-11-24T06:00:00Z");
      expect([backwards.status, backwards.body.error.details.field]).to.deep.equal([400, "to"]);
      const missing = await call("GET", "/api/v1/oee/press-1?from=2026-11-24T14:00:00Z");
      expect([missing.status, missing.body.error.details.field]).to.deep.equal([400, "to"]);
      const tooFine = await call("GET", "/api/v1/oee/press-1?from=2026-01-01T00:00:00Z&to=2026-11-01T00:00:00Z&granularity=hour");
      expect([tooFine.status, tooFine.body.error.details.field]).to.deep.equal([400, "granularity"]);
      expect((await call("GET", `/api/v1/oee/nope?${shift}`)).status).to.equal(404);
    });

    it("edits calendars over REST: a work center's own calendar wins over the site's, and each change is audited", async function () {
      const put = await call("PUT", "/api/v1/calendars/press-day", { name: "Press day shift", timeZone: "UTC", shifts: [{ name: "Day", start: "08:00", end: "16:00", days: ["Tue"] }], equipmentIds: ["press-line"] });
      expect(put.status).to.equal(201);
      const { body } = await call("GET", `/api/v1/oee/press-1?${shift}`);
      expect(body.elements.pbtMs).to.equal(6 * 60 * MIN);
      const taken = await call("PUT", "/api/v1/calendars/other", { name: "Other", timeZone: "UTC", shifts: [], equipmentIds: ["press-line"] });
      expect([taken.status, taken.body.error.details.calendarId]).to.deep.equal([409, "press-day"]);
      const badBreak = await call("PUT", "/api/v1/calendars/bad", { name: "Bad", timeZone: "UTC", shifts: [{ name: "Day", start: "08:00", end: "16:00", breaks: [{ start: "17:00", end: "17:30" }] }] });
      expect([badBreak.status, badBreak.body.error.details.field]).to.deep.equal([400, "shifts[0].breaks[0]"]);
      const badZone = await call("PUT", "/api/v1/calendars/bad", { name: "Bad", timeZone: "Mars/Olympus", shifts: [] });
      expect([badZone.status, badZone.body.error.details.field]).to.deep.equal([400, "timeZone"]);
      const [audit] = await app.store.read.audit.find({ targetType: "calendar", targetId: "press-day" }, { limit: 1, offset: 0 });
      expect([audit.action, audit.door]).to.deep.equal(["calendar.created", "rest"]);
    });

    describe("downtime and scrap with reasons", function () {
      const window = `equipmentId=press-1&${shift}`;

      it("lists the stops as downtime events, micro-stops only when asked", async function () {
        const { body } = await call("GET", `/api/v1/downtime?${window}`);
        expect(body.items.map((e: { state: string; durationMs: number }) => [e.state, e.durationMs])).to.deep.equal([["faulted", 45 * MIN]]);
        const all = (await call("GET", `/api/v1/downtime?${window}&includeMicroStops=true`)).body.items;
        expect(all.map((e: { state: string; microStop: boolean }) => [e.state, e.microStop])).to.deep.equal([["idle", true], ["faulted", false]]);
      });

      it("pages the stops (limit, offset, newest first on request), so an older stop can still be found and given a reason", async function () {
        const stopAt = (hour: number) => new Date(`2026-11-25T${String(hour).padStart(2, "0")}:00:00Z`);
        await app.store.unitOfWork(async (repos) => {
          for (let hour = 7; hour <= 13; hour++) {
            await repos.stateIntervals.insert({ id: uuidV7(), equipmentId: "press-2", state: "idle", startedAt: stopAt(hour), endedAt: new Date(stopAt(hour).getTime() + MIN), faultCode: null, jobOrderId: null, reasonCode: null });
          }
        });
        const day = "equipmentId=press-2&from=2026-11-25T06:00:00Z&to=2026-11-25T14:00:00Z&includeMicroStops=true";
        const hours = (items: { start: string }[]) => items.map((item) => new Date(item.start).getUTCHours());
        const first = (await call("GET", `/api/v1/downtime?${day}&limit=3`)).body;
        expect([first.total, first.limit, first.offset, hours(first.items)]).to.deep.equal([7, 3, 0, [7, 8, 9]]);
        expect(hours((await call("GET", `/api/v1/downtime?${day}&limit=3&offset=6`)).body.items)).to.deep.equal([13]);
        const newest = (await call("GET", `/api/v1/downtime?${day}&order=newest&limit=2&offset=0`)).body;
        expect([newest.total, hours(newest.items)]).to.deep.equal([7, [13, 12]]);
        const oldest = (await call("GET", `/api/v1/downtime?${day}&order=newest&limit=2&offset=6`)).body.items;
        expect(hours(oldest)).to.deep.equal([7]);
        expect((await call("PUT", `/api/v1/downtime/${oldest[0].id}/reason`, { reasonCode: "starved" })).status).to.equal(200);
        expect((await call("GET", `/api/v1/downtime?${day}&reasonCode=starved`)).body.total).to.equal(1);
        expect((await call("GET", `/api/v1/downtime?${day}`)).body.total, "a default page holds them all").to.equal(7);
        for (const bad of ["limit=0", "limit=501", "offset=-1", "order=sideways"]) {
          const refused = await call("GET", `/api/v1/downtime?${day}&${bad}`);
          expect([refused.status, refused.body.error.details.field], bad).to.deep.equal([400, bad.split("=")[0]]);
        }
      });

      it("assigns a reason and splits a stop in two, keeping the OEE times whole", async function () {
        const [fault] = (await call("GET", `/api/v1/downtime?${window}`)).body.items;
        const assigned = await call("PUT", `/api/v1/downtime/${fault.id}/reason`, { reasonCode: "jam" });
        expect(assigned.body).to.deep.include({ reasonCode: "jam", reason: ["Mechanical", "Jam"] });
        const wrong = await call("PUT", `/api/v1/downtime/${fault.id}/reason`, { reasonCode: "gremlins" });
        expect([wrong.status, wrong.body.error.details.field]).to.deep.equal([400, "reasonCode"]);
        expect((await call("PUT", `/api/v1/downtime/${uuidV7()}/reason`, { reasonCode: "jam" })).status).to.equal(404);

        const before = (await call("GET", `/api/v1/oee/press-1?${shift}`)).body;
        const outside = await call("POST", `/api/v1/downtime/${fault.id}/split`, { at: "2026-11-24T11:30:00Z" });
        expect([outside.status, outside.body.error.details.field]).to.deep.equal([400, "at"]);
        const split = await call("POST", `/api/v1/downtime/${fault.id}/split`, { at: "2026-11-24T10:40:00Z", reasonCode: "hydraulics" });
        expect(split.body.items.map((e: { reasonCode: string; durationMs: number }) => [e.reasonCode, e.durationMs])).to.deep.equal([["jam", 25 * MIN], ["hydraulics", 20 * MIN]]);

        const pareto = (await call("GET", `/api/v1/downtime/pareto?${window}`)).body;
        expect(pareto.bars.map((b: { key: string; value: number }) => [b.key, b.value])).to.deep.equal([["jam", 25 * MIN], ["hydraulics", 20 * MIN], ["unassigned", 1 * MIN]]);
        expect(pareto.bars.at(-1).cumulativeShare).to.equal(1);
        const oee = (await call("GET", `/api/v1/oee/press-1?${shift}`)).body;
        expect([oee.elements.adotMs, oee.elements.aptMs, oee.elements.failures], "a split changes reasons, not time; it is one stop more").to.deep.equal([before.elements.adotMs, before.elements.aptMs, before.elements.failures + 1]);
        const [audit] = await app.store.read.audit.find({ targetType: "downtime", targetId: fault.id }, { limit: 1, offset: 0 });
        expect([audit.action, audit.door]).to.deep.equal(["downtime.split", "rest"]);
      });

      it("classifies scrap by reason; what nobody classified shows as unclassified", async function () {
        expect((await call("POST", "/api/v1/scrap", { equipmentId: "press-1", quantity: 6, reasonCode: "dimension", at: "2026-11-24T12:05:00Z" })).status).to.equal(201);
        await call("POST", "/api/v1/scrap", { equipmentId: "press-1", quantity: 2, reasonCode: "surface", at: "2026-11-24T12:06:00Z", comment: "scratches" });
        const pareto = (await call("GET", `/api/v1/scrap/pareto?${window}`)).body;
        expect([pareto.counted, pareto.classified]).to.deep.equal([10, 8]);
        expect(pareto.bars.map((b: { key: string; value: number }) => [b.key, b.value])).to.deep.equal([["dimension", 6], ["surface", 2], ["unclassified", 2]]);
        const wrong = await call("POST", "/api/v1/scrap", { equipmentId: "press-line", quantity: 1, reasonCode: "surface" });
        expect([wrong.status, wrong.body.error.details.field]).to.deep.equal([400, "equipmentId"]);
        const noReason = await call("POST", "/api/v1/scrap", { equipmentId: "press-1", quantity: 1, reasonCode: "bad-luck" });
        expect([noReason.status, noReason.body.error.details.field]).to.deep.equal([400, "reasonCode"]);
        const negative = await call("POST", "/api/v1/scrap", { equipmentId: "press-1", quantity: -3, reasonCode: "surface" });
        expect([negative.status, negative.body.error.details.field]).to.deep.equal([400, "quantity"]);
        expect((await call("GET", `/api/v1/scrap?${window}`)).body.items).to.have.length(2);
      });

      it("gives reasons to no more scrapped parts than the unit counted and nobody classified in the shift, and says it classifies", async function () {
        // press-1 counted 10 scrapped parts in its Day shift (08:00-16:00 since press-day); 8 have a reason.
        const tooMany = await call("POST", "/api/v1/scrap", { equipmentId: "press-1", quantity: 999_999, reasonCode: "surface", at: "2026-11-24T12:10:00Z" });
        expect([tooMany.status, tooMany.body.error.details.field]).to.deep.equal([409, "quantity"]);
        expect(tooMany.body.error.details).to.include({ counted: 10, classified: 8, unclassified: 2 });
        expect(tooMany.body.error.message).to.match(/2 scrapped part\(s\) without a reason/);
        expect(tooMany.body.error.message).not.to.match(/recorded/);
        expect((await call("POST", "/api/v1/scrap", { equipmentId: "press-1", quantity: 3, reasonCode: "surface", at: "2026-11-24T12:10:00Z" })).status).to.equal(409);
        const another = await call("POST", "/api/v1/scrap", { equipmentId: "press-1", quantity: 1, reasonCode: "surface", at: "2026-11-25T17:00:00Z" });
        expect([another.status, another.body.error.details.counted], "outside any shift: the next day, when nothing was counted").to.deep.equal([409, 0]);

        const last = await call("POST", "/api/v1/scrap", { equipmentId: "press-1", quantity: 2, reasonCode: "assembly", at: "2026-11-24T12:10:00Z" });
        expect(last.status).to.equal(201);
        expect(last.body).to.deep.include({ manual: false, quantity: 2 });
        expect(last.body.window).to.include({ counted: 10, classified: 10, unclassified: 0, from: "2026-11-24T08:00:00.000Z", to: "2026-11-24T16:00:00.000Z" });
        const pareto = (await call("GET", `/api/v1/scrap/pareto?${window}`)).body;
        expect([pareto.counted, pareto.classified], "the Pareto adds up to the counted scrap").to.deep.equal([10, 10]);
        expect((await call("POST", "/api/v1/scrap", { equipmentId: "press-1", quantity: 1, reasonCode: "surface", at: "2026-11-24T12:11:00Z" })).status).to.equal(409);
      });

      it("counts scrap the PLC did not count when it is entered as manual scrap, audited with its production record", async function () {
        const before = (await call("GET", `/api/v1/oee/press-1?${shift}`)).body.quantities;
        const entered = await call("POST", "/api/v1/scrap", { equipmentId: "press-1", quantity: 4, reasonCode: "dimension", at: "2026-11-24T12:20:00Z", manual: true, comment: "found at inspection" });
        expect(entered.status).to.equal(201);
        expect(entered.body).to.deep.include({ manual: true, quantity: 4 });
        expect(entered.body.window).to.include({ counted: 14, classified: 14, unclassified: 0 });
        const after = (await call("GET", `/api/v1/oee/press-1?${shift}`)).body.quantities;
        expect([after.pq, after.gq, after.sq]).to.deep.equal([before.pq + 4, before.gq, before.sq + 4]);
        const pareto = (await call("GET", `/api/v1/scrap/pareto?${window}`)).body;
        expect([pareto.counted, pareto.classified]).to.deep.equal([14, 14]);
        const [audit] = await app.store.read.audit.find({ targetType: "scrap", targetId: entered.body.id }, { limit: 1, offset: 0 });
        expect([audit.action, audit.door]).to.deep.equal(["scrap.entered", "rest"]);
        expect((audit.after as { production: { scrap: number; source: string } }).production).to.include({ scrap: 4, source: "manual" });
        const notABoolean = await call("POST", "/api/v1/scrap", { equipmentId: "press-1", quantity: 1, reasonCode: "dimension", manual: "yes" });
        expect([notABoolean.status, notABoolean.body.error.details.field]).to.deep.equal([400, "manual"]);
      });
    });
  });
}
