import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { MaterialLotRecord, MaterialMovementRecord } from "../../../src/services/ports/inventory.js";
import type { Store } from "../../../src/services/ports/store.js";
import { movementRecord } from "../../../src/services/inventory/movement-record.js";
import { openStore } from "../../../src/store/open-store.js";
import { testDatabases, type TestDatabase } from "../../support/mysql-database.js";

const databases: TestDatabase[] = testDatabases();
const at = new Date("2026-12-02T06:00:00.123Z");
const lot = (id: string, fields: Partial<MaterialLotRecord> = {}): MaterialLotRecord => ({
  id,
  materialDefinitionId: "steel-sheet",
  parentLotId: null,
  quantity: 10.5,
  unit: "kg",
  status: "available",
  locationId: "raw-store",
  carrierId: null,
  jobOrderId: null,
  description: null,
  createdAt: at,
  updatedAt: at,
  ...fields,
});
let n = 0;
const move = (fields: Partial<MaterialMovementRecord>): MaterialMovementRecord =>
  movementRecord({ id: `m-${String(++n).padStart(4, "0")}`, at, kind: "consume", fromLotId: null, toLotId: null, materialDefinitionId: "steel-sheet", quantity: 1, unit: "kg", actor: "system", door: "system", ...fields });

for (const database of databases) {
  describe(`The inventory store on ${database.name}`, function () {
    let dir: string;
    let store: Store;

    before(async function () {
      if (database.skip) this.skip();
      dir = mkdtempSync(path.join(tmpdir(), "mes-inventory-store-"));
      store = await openStore(await database.url(dir));
    });

    after(async function () {
      await store?.close();
      await database.drop?.();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("keeps lots with their quantity, status and location, and sums the stock per location", async function () {
      await store.unitOfWork(async (repos) => {
        await repos.lots.insert(lot("S-1"));
        await repos.lots.insert(lot("S-2", { quantity: 0.25 }));
        await repos.lots.insert(lot("S-3", { status: "quarantined", quantity: 3 }));
        await repos.lots.insert(lot("BR-20261202-0001", { materialDefinitionId: "bracket", unit: "pcs", quantity: 4, locationId: "press-1", jobOrderId: "J1" }));
      });
      expect(await store.read.lots.findById("S-1")).to.deep.equal(lot("S-1"));
      const forUpdate = await store.unitOfWork((repos) => repos.lots.findForUpdate("S-2"));
      expect(forUpdate?.quantity).to.equal(0.25);
      expect(await store.read.lots.stock({ locationId: "raw-store" })).to.deep.equal([
        { locationId: "raw-store", materialDefinitionId: "steel-sheet", status: "available", unit: "kg", quantity: 10.75, lots: 2 },
        { locationId: "raw-store", materialDefinitionId: "steel-sheet", status: "quarantined", unit: "kg", quantity: 3, lots: 1 },
      ]);
      expect((await store.read.lots.findMany({ status: "quarantined" }, { limit: 10, offset: 0 })).items.map((l) => l.id)).to.deep.equal(["S-3"]);
      expect((await store.read.lots.findMany({ jobOrderId: "J1" }, { limit: 10, offset: 0 })).total).to.equal(1);
      // A LIKE prefix with its own wildcard characters taken literally.
      expect(await store.read.lots.countWithPrefix("BR-20261202-")).to.equal(1);
      expect(await store.read.lots.countWithPrefix("BR_")).to.equal(0);
    });

    it("walks genealogy edges both ways, leaving out movements within one lot and ones that left the plant", async function () {
      await store.unitOfWork((repos) =>
        repos.movements.append([
          move({ kind: "receipt", toLotId: "S-1", quantity: 10.5 }),
          move({ kind: "move", fromLotId: "S-1", toLotId: "S-1", fromLocationId: "raw-store", toLocationId: "press-1" }),
          move({ fromLotId: "S-1", toLotId: "BR-20261202-0001", jobOrderId: "J1", workUnitId: "press-1" }),
          move({ fromLotId: "S-2", toLotId: "BR-20261202-0001", jobOrderId: "J1", workUnitId: "press-1", quantity: 0.25 }),
          move({ kind: "consume", fromLotId: null, toLotId: "BR-20261202-0001", problem: "unassigned", jobOrderId: "J1" }),
        ]),
      );
      const backward = await store.read.movements.edges("backward", ["BR-20261202-0001"]);
      expect(backward.map((e) => [e.fromLotId, e.toLotId, e.quantity, e.jobOrderId])).to.deep.equal([
        ["S-1", "BR-20261202-0001", 1, "J1"],
        ["S-2", "BR-20261202-0001", 0.25, "J1"],
      ]);
      expect((await store.read.movements.edges("forward", ["S-1", "S-2"])).map((e) => e.toLotId)).to.deep.equal(["BR-20261202-0001", "BR-20261202-0001"]);
      expect((await store.read.movements.findByLot("S-1", { limit: 10, offset: 0 })).map((m) => m.kind)).to.have.members(["receipt", "move", "consume"]);
      const problems = await store.read.movements.findMany({ problem: true }, { limit: 10, offset: 0 });
      expect(problems.map((m) => [m.problem, m.override])).to.deep.equal([["unassigned", false]]);
    });

    it("stages one lot per work unit and material, and replaces a product's BOM as a whole", async function () {
      await store.unitOfWork(async (repos) => {
        await repos.staging.stage({ workUnitId: "press-1", materialDefinitionId: "steel-sheet", lotId: "S-1", stagedAt: at, stagedBy: "ann" });
        await repos.staging.stage({ workUnitId: "press-1", materialDefinitionId: "steel-sheet", lotId: "S-2", stagedAt: at, stagedBy: "ann" });
        await repos.boms.replaceForProduct("bracket", [
          { productId: "bracket", step: 1, materialDefinitionId: "steel-sheet", quantityPerGood: 0.25, quantityPerScrap: 0.2, unit: "kg", fromLocationId: "raw-store" },
          { productId: "bracket", step: 2, materialDefinitionId: "paint", quantityPerGood: 20, quantityPerScrap: 0, unit: "ml", fromLocationId: null },
        ]);
      });
      expect((await store.read.staging.findByWorkUnit("press-1")).map((s) => s.lotId)).to.deep.equal(["S-2"]);
      await store.unitOfWork((repos) => repos.boms.replaceForProduct("bracket", [{ productId: "bracket", step: 1, materialDefinitionId: "steel-sheet", quantityPerGood: 0.3, quantityPerScrap: 0.3, unit: "kg", fromLocationId: null }]));
      expect(await store.read.boms.findByProduct("bracket")).to.deep.equal([{ productId: "bracket", step: 1, materialDefinitionId: "steel-sheet", quantityPerGood: 0.3, quantityPerScrap: 0.3, unit: "kg", fromLocationId: null }]);
    });

    it("keeps material classes, a definition's class and its properties", async function () {
      await store.unitOfWork(async (repos) => {
        await repos.materialClasses.upsert({ id: "metal", name: "Metal", description: null });
        await repos.materialClasses.setClassOf("steel-sheet", "metal");
        await repos.materialClasses.replaceProperties("steel-sheet", [{ materialDefinitionId: "steel-sheet", name: "thickness", value: "1.5", unit: "mm" }]);
      });
      expect(await store.read.materialClasses.classOfDefinitions()).to.deep.equal(new Map([["steel-sheet", "metal"]]));
      expect(await store.read.materialClasses.findProperties("steel-sheet")).to.deep.equal([{ materialDefinitionId: "steel-sheet", name: "thickness", value: "1.5", unit: "mm" }]);
    });
  });
}
