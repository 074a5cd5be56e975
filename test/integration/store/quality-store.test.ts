import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { InspectionPlanRecord, NcrRecord, QualityResultRecord } from "../../../src/services/ports/quality.js";
import type { Store } from "../../../src/services/ports/store.js";
import { openStore } from "../../../src/store/open-store.js";
import { testDatabases, type TestDatabase } from "../../support/mysql-database.js";

const databases: TestDatabase[] = testDatabases();

const plan: InspectionPlanRecord = {
  id: "QP-SHAFT",
  name: "Shaft turning",
  productId: "SHAFT",
  step: 1,
  frequency: { kind: "every-parts", parts: 50 },
  sampleSize: 5,
  recordedBy: "automatic",
  signalId: "gauge.diameter",
  holdJobOnSignal: true,
  characteristics: [
    { id: "QC-DIA", name: "Diameter", kind: "variable", nominal: 10, lsl: 9.4, usl: null, unit: "mm", subgroupSize: 5, rules: [1, 2, 5] },
    { id: "QC-BURR", name: "Burr-free", kind: "attribute", defectCodes: ["BURR", "SCRATCH"] },
  ],
  updatedAt: new Date("2026-12-01T06:00:00.123Z"),
};

const result = (id: string, at: string, value: number): QualityResultRecord => ({
  id,
  planId: plan.id,
  characteristicId: "QC-DIA",
  equipmentId: "Lathe1",
  jobOrderId: "JO-1",
  lotId: "LOT-7",
  carrierId: null,
  value,
  passed: true,
  defectCode: null,
  recordedBy: "gauge",
  source: "plc",
  recordedAt: new Date(at),
});

for (const database of databases) {
  describe(`Quality records on ${database.name}`, function () {
    let dir: string;
    let store: Store;

    before(async function () {
      if (database.skip) this.skip();
      dir = mkdtempSync(path.join(tmpdir(), "mes-quality-store-"));
      store = await openStore(await database.url(dir));
    });

    after(async function () {
      await store?.close();
      await database.drop?.();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("keeps a plan with its characteristics in order, a one-sided limit as null, and replaces them on save", async function () {
      await store.unitOfWork((repos) => repos.inspectionPlans.save(plan));
      expect(await store.read.inspectionPlans.findById(plan.id)).to.deep.equal(plan);
      await store.unitOfWork((repos) => repos.inspectionPlans.save({ ...plan, characteristics: [plan.characteristics[1]!] }));
      expect((await store.read.inspectionPlans.findByProduct("SHAFT"))[0]!.characteristics.map((c) => c.id)).to.deep.equal(["QC-BURR"]);
      await store.unitOfWork((repos) => repos.inspectionPlans.save(plan));
    });

    it("returns results oldest first, the newest `limit` of them when asked", async function () {
      await store.unitOfWork(async (repos) => {
        await repos.qualityResults.insert(result("r2", "2026-12-01T06:02:00Z", 10.02));
        await repos.qualityResults.insert(result("r1", "2026-12-01T06:01:00Z", 9.98));
        await repos.qualityResults.insert({ ...result("r3", "2026-12-01T06:03:00.456Z", 10.125), lotId: null, value: null, passed: false, defectCode: "BURR", characteristicId: "QC-BURR" });
      });
      expect((await store.read.qualityResults.find({ characteristicId: "QC-DIA" })).map((r) => [r.id, r.value])).to.deep.equal([["r1", 9.98], ["r2", 10.02]]);
      expect((await store.read.qualityResults.find({ jobOrderId: "JO-1", limit: 2 })).map((r) => r.id)).to.deep.equal(["r2", "r3"]);
      expect(await store.read.qualityResults.findById("r3")).to.deep.include({ passed: false, defectCode: "BURR", value: null, recordedAt: new Date("2026-12-01T06:03:00.456Z") });
    });

    it("keeps an NCR's lots, disposition and corrective action", async function () {
      const ncr: NcrRecord = {
        id: "ncr-1",
        source: "spc",
        description: "Diameter drifting",
        quantity: 12,
        lotIds: ["LOT-7", "LOT-8"],
        equipmentId: "Lathe1",
        jobOrderId: "JO-1",
        productId: "SHAFT",
        characteristicId: "QC-DIA",
        resultId: "r2",
        openedBy: "quality",
        openedAt: new Date("2026-12-01T06:05:00Z"),
        status: "open",
        disposition: null,
        dispositionBy: null,
        dispositionAt: null,
        correctiveAction: null,
      };
      await store.unitOfWork((repos) => repos.ncrs.insert(ncr));
      expect(await store.read.ncrs.findById("ncr-1")).to.deep.equal(ncr);
      const decided: NcrRecord = {
        ...ncr,
        status: "dispositioned",
        disposition: "rework",
        dispositionBy: "qe",
        dispositionAt: new Date("2026-12-01T07:00:00Z"),
        correctiveAction: { description: "Replace insert", owner: "maint", dueAt: new Date("2026-12-03T00:00:00Z"), verifiedBy: null, verifiedAt: null },
      };
      await store.unitOfWork((repos) => repos.ncrs.update(decided));
      expect(await store.read.ncrs.findById("ncr-1")).to.deep.equal(decided);
      expect((await store.read.ncrs.findAll("open")).length).to.equal(0);
      expect((await store.read.ncrs.findAll("dispositioned")).map((n) => n.id)).to.deep.equal(["ncr-1"]);
    });
  });
}
