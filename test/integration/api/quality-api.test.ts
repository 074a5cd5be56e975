import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { MesEvents } from "../../../src/services/event-bus.js";
import { testDatabases, type TestDatabase } from "../../support/mysql-database.js";
import { startRestApp, type RestApp } from "../../support/rest-app.js";
import { restCall } from "../../support/rest-call.js";

const databases: TestDatabase[] = testDatabases();

/*
 * The frame's weld width (mm), nominal 10 ± 1, individuals (subgroup 1), Nelson tests 1 and 2, and
 * a signal holds the running job. Baseline: 20 values alternating 10.1, 9.9: X-bar 10.0, every
 * moving range 0.2, so MR-bar 0.2, UCL 10 + 2.66 x 0.2 = 10.532, LCL 9.468, sigma 0.2/1.128 = 0.177305.
 * Then the process drifts to 10.05: within 1 sigma, but the ninth such point in a row above the
 * centre line is Nelson test 2.
 */
const plan = {
  name: "Frame welding",
  productId: "frame",
  step: 1,
  frequency: { kind: "every-parts", parts: 10 },
  sampleSize: 1,
  recordedBy: "operator",
  holdJobOnSignal: true,
  characteristics: [
    { id: "weld-width", name: "Weld width", kind: "variable", nominal: 10, lsl: 9, usl: 11, unit: "mm", subgroupSize: 1, rules: [1, 2] },
    { id: "weld-visual", name: "Weld visual", kind: "attribute", defectCodes: ["porosity", "spatter"] },
  ],
};
const baseline = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 10.1 : 9.9));

for (const database of databases) {
  describe(`Quality inspections, SPC and NCRs over REST (${database.name})`, function () {
    let dir: string;
    let app: RestApp;
    const call = (method: string, route: string, body?: unknown, token?: string) => restCall(app.url, method, route, body, token ? { token } : {});
    const record = (body: Record<string, unknown>) => call("POST", "/api/v1/quality/results", { equipmentId: "welder-1", ...body }, app.tokens.Operator);
    const counts = async () => ({
      results: (await call("GET", "/api/v1/quality/results?limit=50000")).body.items.length,
      audit: (await call("GET", "/api/v1/audit?action=quality.&limit=500")).body.total,
      ncrs: (await call("GET", "/api/v1/quality/ncrs")).body.items.length,
    });

    before(async function () {
      if (database.skip) this.skip();
      dir = mkdtempSync(path.join(tmpdir(), "mes-quality-api-"));
      app = await startRestApp(await database.url(dir));
      expect((await call("PUT", "/api/v1/products/frame", { name: "Welded frame", workUnits: [{ equipmentId: "welder-1", idealCycleTimeS: 30 }] })).status).to.equal(201);
    });

    after(async function () {
      await app?.close();
      await database.drop?.();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("lets the Quality role keep inspection plans, and not an operator", async function () {
      expect((await call("PUT", "/api/v1/quality/plans/frame-weld", plan, app.tokens.Operator)).status).to.equal(403);
      const created = await call("PUT", "/api/v1/quality/plans/frame-weld", plan, app.tokens.Quality);
      expect(created.status, JSON.stringify(created.body)).to.equal(201);
      expect(created.body.characteristics[0]).to.deep.equal({ ...plan.characteristics[0] });
      expect((await call("PUT", "/api/v1/quality/plans/frame-weld", plan, app.tokens.Quality)).status).to.equal(200);
      const audit = (await call("GET", "/api/v1/audit?action=quality.plan.&limit=10")).body.items;
      expect(audit.map((e: { action: string; actor: string }) => [e.action, e.actor])).to.deep.equal([["quality.plan.update", "test-quality"], ["quality.plan.create", "test-quality"]]);
    });

    it("refuses a plan whose limits are out of order or whose step the product lacks, naming the field", async function () {
      const bad = { ...plan, characteristics: [{ ...plan.characteristics[0], lsl: 11, usl: 9 }] };
      const answer = await call("PUT", "/api/v1/quality/plans/other", bad, app.tokens.Quality);
      expect([answer.status, answer.body.error.details.field]).to.deep.equal([400, "characteristics[0].usl"]);
      const noStep = await call("PUT", "/api/v1/quality/plans/other", { ...plan, step: 2, characteristics: [{ ...plan.characteristics[1], id: "x-visual" }] }, app.tokens.Quality);
      expect([noStep.status, noStep.body.error.details.field]).to.deep.equal([400, "step"]);
      const taken = await call("PUT", "/api/v1/quality/plans/other", plan, app.tokens.Quality);
      expect([taken.status, taken.body.error.details.field]).to.deep.equal([409, "characteristics[0].id"]);
      expect((await call("GET", "/api/v1/quality/plans")).body.items.map((p: { id: string }) => p.id)).to.deep.equal(["frame-weld"]);
    });

    it("refuses a result for an unknown characteristic, a non-numeric value, a unit outside the plan or a failed check without a defect, naming the field, and changes nothing", async function () {
      const before = await counts();
      const refusals: [Record<string, unknown>, string][] = [
        [{ characteristicId: "weld-depth", value: 10 }, "characteristicId"],
        [{ characteristicId: "weld-width", value: "10.0" }, "value"],
        [{ characteristicId: "weld-width", value: null }, "value"],
        [{ characteristicId: "weld-width" }, "value"],
        [{ characteristicId: "weld-width", value: 10, equipmentId: "press-1" }, "equipmentId"],
        [{ characteristicId: "weld-visual", passed: "no" }, "passed"],
        [{ characteristicId: "weld-visual", passed: false }, "defectCode"],
        [{ characteristicId: "weld-visual", passed: false, defectCode: "crack" }, "defectCode"],
        [{ characteristicId: "weld-width", value: 10, jobOrderId: "NO-SUCH-JOB" }, "jobOrderId"],
      ];
      for (const [body, field] of refusals) {
        const answer = await record(body);
        expect([answer.status, answer.body.error?.details?.field], JSON.stringify(body)).to.deep.equal([400, field]);
        expect(answer.body.error.message).to.match(new RegExp(`^${field.replace(/[[\]]/g, "\\$&")}: `));
      }
      expect(await counts()).to.deep.equal(before);
    });

    it("shows a first-off check as due at the station once the job starts, and not once it is recorded", async function () {
      const firstOff = { ...plan, name: "Frame fit", frequency: { kind: "first-off" }, holdJobOnSignal: false, characteristics: [{ id: "frame-fit", name: "Frame fit", kind: "attribute", defectCodes: ["gap"] }] };
      expect((await call("PUT", "/api/v1/quality/plans/frame-first-off", firstOff, app.tokens.Quality)).status).to.equal(201);
      expect((await call("GET", "/api/v1/work-units/welder-1/inspections")).body).to.deep.equal({ equipmentId: "welder-1", jobOrderId: null, items: [] });
      expect((await call("POST", "/api/v1/job-orders", { id: "FRAME-1", equipmentId: "welder-1", productId: "frame", quantity: 100, start: true })).status).to.equal(201);
      expect((await call("POST", "/api/v1/work-units/welder-1/start-job", { jobOrderId: "FRAME-1" }, app.tokens.Operator)).body.state).to.equal("Running");
      const due = (await call("GET", "/api/v1/work-units/welder-1/inspections")).body;
      expect(due.jobOrderId).to.equal("FRAME-1");
      expect(due.items.map((i: { planId: string; due: boolean; overdue: boolean }) => [i.planId, i.due, i.overdue])).to.deep.equal([
        ["frame-first-off", true, false],
        ["frame-weld", false, false],
      ]);
      expect((await record({ characteristicId: "frame-fit", passed: true })).body.signal).to.equal(null);
      expect((await call("GET", "/api/v1/work-units/welder-1/inspections")).body.items.map((i: { due: boolean }) => i.due)).to.deep.equal([false, false]);
      expect((await call("GET", "/api/v1/work-units/no-such-unit/inspections")).status).to.equal(404);
    });

    it("judges results against the baseline's limits and holds the running job when the ninth drifted point in a row fires Nelson test 2", async function () {
      const signals: MesEvents["quality.signal"][] = [];
      const off = app.bus.on("quality.signal", (event) => signals.push(event));
      try {
        for (const value of baseline) {
          const answer = await record({ characteristicId: "weld-width", value, lotId: "LOT-1" });
          expect([answer.status, answer.body.signal]).to.deep.equal([201, null]);
          expect(answer.body.result).to.include({ jobOrderId: "FRAME-1", lotId: "LOT-1", passed: true, recordedBy: "test-operator", source: "rest" });
        }
        for (let k = 1; k <= 8; k++) expect((await record({ characteristicId: "weld-width", value: 10.05, lotId: "LOT-1" })).body.signal, `drift point ${k}`).to.equal(null);
        expect((await call("GET", "/api/v1/job-orders/FRAME-1")).body.state).to.equal("Running");

        const ninth = await record({ characteristicId: "weld-width", value: 10.05, lotId: "LOT-1" });
        expect(ninth.status).to.equal(201);
        expect(ninth.body.signal).to.deep.include({ kind: "spc", heldJob: true, jobOrderId: "FRAME-1", reasons: ["Weld width: Nelson test 2 (Nine points in a row on one side of the centre line)"] });
        expect(signals.map((s) => s.resultId)).to.deep.equal([ninth.body.result.id]);

        const job = (await call("GET", "/api/v1/job-orders/FRAME-1")).body;
        expect([job.state, job.subState]).to.deep.equal(["Interrupted", 1]);
        expect(job.history.at(-1)).to.include({ command: "hold", actor: "test-operator", door: "rest" });
        expect(job.history.at(-1).comment).to.equal("Quality hold: Weld width: Nelson test 2 (Nine points in a row on one side of the centre line)");

        const ncr = (await call("GET", `/api/v1/quality/ncrs/${ninth.body.ncrId}`)).body;
        expect(ncr).to.deep.include({ source: "spc", status: "open", jobOrderId: "FRAME-1", productId: "frame", characteristicId: "weld-width", lotIds: ["LOT-1"], resultId: ninth.body.result.id });

        const chart = (await call("GET", "/api/v1/quality/characteristics/weld-width/chart")).body;
        expect(chart.kind).to.equal("i-mr");
        expect(chart.limits.location.center).to.be.closeTo(10, 1e-9);
        expect(chart.limits.location.ucl).to.be.closeTo(10.532, 1e-9);
        expect(chart.limits.dispersion.ucl).to.be.closeTo(0.6534, 1e-9);
        expect(chart.signals.map((s: { rule: number; at: number; name: string }) => [s.rule, s.at, s.name])).to.deep.equal([[2, 28, "Nine points in a row on one side of the centre line"]]);
        // 29 values, mean (200 + 9 x 10.05) / 29 = 10.015517; within sigma 0.177305: Cpk = (11 - 10.015517) / (3 x 0.177305) = 1.850823.
        expect(chart.capability.cp).to.be.closeTo(2 / (6 * (0.2 / 1.128)), 1e-9);
        expect(chart.capability.cpk).to.be.closeTo(1.850823, 1e-5);
      } finally {
        off();
      }
    });

    it("records a failed check with its defect code, and opens no second NCR while one is open for it", async function () {
      const failed = await record({ characteristicId: "weld-visual", passed: false, defectCode: "porosity", jobOrderId: "FRAME-1", carrierId: "C-7" });
      expect(failed.status).to.equal(201);
      expect(failed.body.result).to.include({ passed: false, defectCode: "porosity", carrierId: "C-7", value: null });
      expect(failed.body.signal).to.deep.include({ kind: "failed-check", heldJob: false, reasons: ["Weld visual: failed check (porosity)"] });
      expect(failed.body.ncrId).to.be.a("string");
      const again = await record({ characteristicId: "weld-visual", passed: false, defectCode: "spatter", jobOrderId: "FRAME-1" });
      expect(again.body.ncrId).to.equal(null);
    });

    it("quarantines the lot a failed check names when the plan reacts to a signal, audited as the MES's, and leaves another lot alone", async function () {
      expect((await call("PUT", "/api/v1/materials/frame-tube", { name: "Frame tube", unit: "pcs" })).status).to.equal(201);
      for (const lotId of ["TUBE-1", "TUBE-2"]) expect((await call("POST", "/api/v1/lots", { lotId, materialDefinitionId: "frame-tube", quantity: 40, locationId: "raw-store" }, app.tokens.ERP)).status).to.equal(201);
      const failed = await record({ characteristicId: "weld-visual", passed: false, defectCode: "spatter", lotId: "TUBE-1" });
      expect(failed.body.signal).to.deep.include({ kind: "failed-check", lotId: "TUBE-1" });
      await app.core.quality.lots.drain();
      expect((await call("GET", "/api/v1/lots/TUBE-1")).body.status).to.equal("quarantined");
      expect((await call("GET", "/api/v1/lots/TUBE-2")).body.status).to.equal("available");
      const audit = (await call("GET", "/api/v1/audit?action=material.status_changed&targetId=TUBE-1")).body.items as { actor: string; door: string }[];
      expect(audit.map((e) => [e.actor, e.door])).to.deep.equal([["quality", "system"]]);
    });

    it("takes an NCR from disposition through corrective action to verification, Quality only, each step audited", async function () {
      const [ncr] = (await call("GET", "/api/v1/quality/ncrs?status=open")).body.items.filter((n: { characteristicId: string }) => n.characteristicId === "weld-width");
      expect((await call("PUT", `/api/v1/quality/ncrs/${ncr.id}/disposition`, { disposition: "rework", quantity: 9 }, app.tokens.Operator)).status).to.equal(403);
      expect((await call("POST", `/api/v1/quality/ncrs/${ncr.id}/verify`, undefined, app.tokens.Quality)).status).to.equal(409);
      const decided = await call("PUT", `/api/v1/quality/ncrs/${ncr.id}/disposition`, { disposition: "rework", quantity: 9 }, app.tokens.Quality);
      expect(decided.body).to.include({ status: "dispositioned", disposition: "rework", dispositionBy: "test-quality", quantity: 9 });
      const bad = await call("PUT", `/api/v1/quality/ncrs/${ncr.id}/disposition`, { disposition: "burn" }, app.tokens.Quality);
      expect([bad.status, bad.body.error.details.field]).to.deep.equal([400, "disposition"]);
      const action = await call("PUT", `/api/v1/quality/ncrs/${ncr.id}/corrective-action`, { description: "Recalibrate wire feed", owner: "maint-1", dueAt: "2026-12-10T00:00:00Z" }, app.tokens.Quality);
      expect(action.body.correctiveAction).to.deep.equal({ description: "Recalibrate wire feed", owner: "maint-1", dueAt: "2026-12-10T00:00:00.000Z", verifiedBy: null, verifiedAt: null });
      const closed = await call("POST", `/api/v1/quality/ncrs/${ncr.id}/verify`, undefined, app.tokens.Quality);
      expect([closed.body.status, closed.body.correctiveAction.verifiedBy]).to.deep.equal(["closed", "test-quality"]);
      const trail = (await call("GET", `/api/v1/audit?action=quality.ncr.&limit=20`)).body.items.filter((e: { targetId: string }) => e.targetId === ncr.id);
      expect(trail.map((e: { action: string }) => e.action)).to.deep.equal(["quality.ncr.verify", "quality.ncr.corrective_action", "quality.ncr.disposition", "quality.ncr.open"]);
      const manual = await call("POST", "/api/v1/quality/ncrs", { description: "Supplier wire out of spec", quantity: 40, lotIds: ["WIRE-9"] }, app.tokens.Quality);
      expect(manual.body).to.include({ source: "manual", status: "open", openedBy: "test-quality" });
    });

    it("records each Good numeric value of an automatic plan's gauge tag as a result through the PLC door, and nothing else", async function () {
      const gauge = { ...plan, name: "Weld temperature", recordedBy: "automatic", signalId: "WeldGauge", holdJobOnSignal: false, characteristics: [{ id: "weld-temp", name: "Weld temperature", kind: "variable", nominal: 350, lsl: 330, usl: 370, unit: "degC" }] };
      expect((await call("PUT", "/api/v1/quality/plans/frame-gauge", gauge, app.tokens.Quality)).status).to.equal(201);
      const tag = (workUnitId: string, signal: string, value: unknown, statusCode = 0) =>
        app.bus.emit("signal.changed", { workUnitId, signal, role: "tag", sample: { value, dataType: 11, arrayType: 0, statusCode, sourceTimestamp: new Date() } });
      tag("welder-1", "WeldGauge", 351.5);
      tag("welder-1", "WeldGauge", "n/a");
      tag("welder-1", "WeldGauge", 999, 0x808a0000);
      tag("welder-1", "OtherTag", 352);
      tag("press-1", "WeldGauge", 353);
      tag("welder-1", "WeldGauge", 348.25);
      await app.quality.gauges.drain();
      const recorded = (await call("GET", "/api/v1/quality/results?characteristicId=weld-temp")).body.items;
      expect(recorded.map((r: { value: number; source: string; recordedBy: string; equipmentId: string }) => [r.value, r.source, r.recordedBy, r.equipmentId])).to.deep.equal([
        [351.5, "plc", "welder-1", "welder-1"],
        [348.25, "plc", "welder-1", "welder-1"],
      ]);
    });

    it("exports results as CSV, one line per result under a header", async function () {
      const answer = await fetch(`${app.url}/api/v1/quality/results.csv?characteristicId=weld-width`, { headers: { authorization: `Bearer ${app.tokens.Observer}` } });
      expect(answer.status).to.equal(200);
      expect(answer.headers.get("content-type")).to.match(/^text\/csv/);
      const lines = (await answer.text()).trimEnd().split("\r\n");
      expect(lines[0]).to.equal("id,recordedAt,planId,characteristicId,equipmentId,jobOrderId,lotId,carrierId,value,passed,defectCode,recordedBy,source");
      expect(lines).to.have.length(30);
      expect(lines[1]).to.match(/,frame-weld,weld-width,welder-1,FRAME-1,LOT-1,,10\.1,true,,test-operator,rest$/);
    });

    /*
     * A quality engineer picks results 20..29 of the weld width as the baseline: 9.9 then nine times
     * 10.05. X-bar (9.9 + 9 x 10.05) / 10 = 10.035; MR-bar 0.15 / 9 = 0.016667; I chart UCL
     * 10.035 + 2.66 x 0.016667 = 10.079333; MR chart UCL 3.267 x 0.016667 = 0.05445. A new 10.2, well
     * within the first 20 points' UCL 10.532, is beyond the stored limits on both charts.
     */
    it("stores control limits from a chosen range of results, Quality only and audited, and judges new results against them on both charts", async function () {
      const { resultIds } = (await call("GET", "/api/v1/quality/characteristics/weld-width/chart")).body as { resultIds: string[] };
      const baseline = { kind: "results", fromResultId: resultIds[19], toResultId: resultIds[28] };
      expect((await call("GET", "/api/v1/quality/characteristics/weld-width/limits")).status).to.equal(404);
      expect((await call("PUT", "/api/v1/quality/characteristics/weld-width/limits", { baseline }, app.tokens.Operator)).status).to.equal(403);
      const refusals: [string, unknown, string][] = [
        ["weld-width", { ...baseline, fromResultId: "no-such-result" }, "baseline.fromResultId"],
        ["weld-width", { kind: "results", fromResultId: resultIds[5], toResultId: resultIds[2] }, "baseline.toResultId"],
        ["weld-width", { kind: "results", fromResultId: resultIds[5], toResultId: resultIds[5] }, "baseline"],
        ["weld-width", { kind: "dates", from: "2026-12-02T00:00:00Z", to: "2026-12-01T00:00:00Z" }, "baseline.to"],
        ["weld-width", { kind: "weeks" }, "baseline.kind"],
        ["weld-visual", baseline, "characteristicId"],
        ["weld-depth", baseline, "characteristicId"],
      ];
      for (const [id, body, field] of refusals) {
        const answer = await call("PUT", `/api/v1/quality/characteristics/${id}/limits`, { baseline: body }, app.tokens.Quality);
        expect([answer.status, answer.body.error?.details?.field], JSON.stringify(body)).to.deep.equal([400, field]);
      }

      const stored = await call("PUT", "/api/v1/quality/characteristics/weld-width/limits", { baseline }, app.tokens.Quality);
      expect(stored.status, JSON.stringify(stored.body)).to.equal(200);
      expect(stored.body).to.deep.include({ characteristicId: "weld-width", subgroupSize: 1, baseline, points: 10, computedBy: "test-quality" });
      expect(stored.body.limits.location.center).to.be.closeTo(10.035, 1e-9);
      expect(stored.body.limits.location.ucl).to.be.closeTo(10.079333, 1e-6);
      expect(stored.body.limits.dispersion.ucl).to.be.closeTo(0.05445, 1e-9);
      expect((await call("GET", "/api/v1/quality/characteristics/weld-width/limits")).body).to.deep.equal(stored.body);
      const audit = (await call("GET", "/api/v1/audit?action=quality.control_limits.&targetId=weld-width")).body.items as { action: string; actor: string }[];
      expect(audit.map((e) => [e.action, e.actor])).to.deep.equal([["quality.control_limits.set", "test-quality"]]);

      const judged = await record({ characteristicId: "weld-width", value: 10.2 });
      // The nine points from the last 10.05 back are all above the stored centre line 10.035, too: test 2.
      expect(judged.body.signal?.reasons).to.deep.equal([
        "Weld width: Nelson test 1 (One point beyond 3 sigma)",
        "Weld width: Nelson test 2 (Nine points in a row on one side of the centre line)",
        "Weld width: Moving range above its upper control limit (MR 0.15, limits 0 .. 0.05445)",
      ]);
      const chart = (await call("GET", "/api/v1/quality/characteristics/weld-width/chart")).body;
      expect([chart.limitsFrom, chart.baselinePoints, chart.limits.location.ucl]).to.deep.equal(["stored", 0, stored.body.limits.location.ucl]);
      expect(chart.dispersionSignals.map((s: { chart: string; at: number }) => [s.chart, s.at])).to.deep.include(["MR", resultIds.length]);
      const firstPoints = (await call("GET", "/api/v1/quality/characteristics/weld-width/chart?baselinePoints=20")).body;
      expect(firstPoints.limitsFrom, "asking for a baseline of first points overrides the stored limits").to.equal("baseline");
      expect(firstPoints.limits.location.ucl).to.be.closeTo(10.532, 1e-9);

      expect((await call("POST", "/api/v1/quality/characteristics/weld-width/limits/recompute", undefined, app.tokens.Quality)).body.limits).to.deep.equal(stored.body.limits);
      expect((await call("DELETE", "/api/v1/quality/characteristics/weld-width/limits", undefined, app.tokens.Quality)).status).to.equal(204);
      expect((await call("GET", "/api/v1/quality/characteristics/weld-width/chart")).body.limitsFrom).to.equal("baseline");
      const trail = (await call("GET", "/api/v1/audit?action=quality.control_limits.&targetId=weld-width")).body.items as { action: string }[];
      expect(trail.map((e) => e.action)).to.deep.equal(["quality.control_limits.delete", "quality.control_limits.set", "quality.control_limits.set"]);
    });
  });
}
