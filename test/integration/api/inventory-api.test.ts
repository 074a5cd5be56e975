import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { databaseSnapshot } from "../../support/database-snapshot.js";
import { testDatabases, type TestDatabase } from "../../support/mysql-database.js";
import { restCall } from "../../support/rest-call.js";
import { startRestApp, type RestApp } from "../../support/rest-app.js";

const databases: TestDatabase[] = testDatabases();

for (const database of databases) {
  describe(`Inventory over REST (${database.name})`, function () {
    let dir: string;
    let url: string;
    let app: RestApp;
    const call = (method: string, route: string, body?: unknown, token?: string) => restCall(app.url, method, route, body, token ? { token } : {});

    before(async function () {
      if (database.skip) this.skip();
      dir = mkdtempSync(path.join(tmpdir(), "mes-inventory-api-"));
      url = await database.url(dir);
      app = await startRestApp(url);
      expect((await call("PUT", "/api/v1/materials/steel", { name: "Steel", unit: "kg" })).status).to.equal(201);
      expect((await call("PUT", "/api/v1/materials/bolt", { name: "Bolt", unit: "pcs" })).status).to.equal(201);
      expect((await call("PUT", "/api/v1/materials/plate", { name: "Plate", unit: "pcs" })).status).to.equal(201);
      expect((await call("PUT", "/api/v1/products/plate", { name: "Plate", materialDefinitionId: "plate", workUnits: [{ equipmentId: "press-1", idealCycleTimeS: 2 }] })).status).to.be.oneOf([200, 201]);
    });

    after(async function () {
      await app?.close();
      await database.drop?.();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("lets the ERP receive a lot and read it back; a Warehouse account stages it, an Observer may not", async function () {
      const received = await call("POST", "/api/v1/lots", { lotId: "ST-1", materialDefinitionId: "steel", quantity: 20, unit: "kg", locationId: "fabrication" }, app.tokens.ERP);
      expect([received.status, received.body.quantity, received.body.status]).to.deep.equal([201, 20, "available"]);
      expect((await call("GET", "/api/v1/lots/ST-1", undefined, app.tokens.ERP)).body.movements.map((m: { kind: string }) => m.kind)).to.deep.equal(["receipt"]);
      expect((await call("PUT", "/api/v1/work-units/press-1/staging", { lotId: "ST-1" }, app.tokens.Observer)).status).to.equal(403);
      const staged = await call("PUT", "/api/v1/work-units/press-1/staging", { lotId: "ST-1" }, app.tokens.Warehouse);
      expect([staged.status, staged.body.locationId]).to.deep.equal([200, "press-1"]);
      expect((await call("GET", "/api/v1/work-units/press-1/staging")).body.items.map((s: { lotId: string; stagedBy: string }) => [s.lotId, s.stagedBy])).to.deep.equal([["ST-1", "test-warehouse"]]);
    });

    it("keeps material classes, and a definition's class and properties with their units, refusing bad ones whole", async function () {
      const created = await call("PUT", "/api/v1/material-classes/sheet-metal", { name: "Sheet metal" }, app.tokens.ERP);
      expect([created.status, created.body.materialDefinitionIds]).to.deep.equal([201, []]);
      expect((await call("PUT", "/api/v1/material-classes/sheet-metal", { name: "Sheet metal", description: "cold rolled" })).status).to.equal(200);
      expect((await call("PUT", "/api/v1/material-classes/sheet-metal", { name: "X" }, app.tokens.Warehouse)).status).to.equal(403);
      const specified = await call("PUT", "/api/v1/materials/steel/properties", { classId: "sheet-metal", properties: [{ name: "thickness", value: "1.5", unit: "mm" }, { name: "grade", value: "DC04" }] });
      expect([specified.status, specified.body.classId, specified.body.properties]).to.deep.equal([200, "sheet-metal", [{ name: "grade", value: "DC04", unit: null }, { name: "thickness", value: "1.5", unit: "mm" }]]);
      expect((await call("GET", "/api/v1/material-classes/sheet-metal", undefined, app.tokens.ERP)).body).to.deep.equal({ id: "sheet-metal", name: "Sheet metal", description: "cold rolled", materialDefinitionIds: ["steel"] });
      expect((await call("GET", "/api/v1/material-classes")).body.items.map((c: { id: string }) => c.id)).to.deep.equal(["sheet-metal"]);
      const before = await databaseSnapshot(url);
      const refusals: [string, unknown, number, string][] = [
        ["/api/v1/materials/steel/properties", { classId: "nothing", properties: [] }, 400, "classId"],
        ["/api/v1/materials/steel/properties", { classId: null, properties: [{ name: "thickness", value: "2", unit: "furlong" }] }, 400, "properties[0].unit"],
        ["/api/v1/materials/steel/properties", { classId: null, properties: [{ name: "a", value: "1" }, { name: "a", value: "2" }] }, 400, "properties[1].name"],
        ["/api/v1/materials/gold/properties", { classId: null, properties: [] }, 404, "id"],
        ["/api/v1/material-classes/sheet-metal", { name: "" }, 400, "name"],
      ];
      for (const [route, body, status, field] of refusals) {
        const answer = await call("PUT", route, body);
        expect([answer.status, answer.body.error?.details?.field], `${route} ${JSON.stringify(body)}: ${answer.body.error?.message}`).to.deep.equal([status, field]);
      }
      expect(await databaseSnapshot(url)).to.deep.equal(before);
      expect((await call("GET", "/api/v1/material-classes/nothing")).status).to.equal(404);
    });

    it("un-stages a lot from a work unit, audited, and answers 404 naming the field when nothing is staged", async function () {
      expect((await call("POST", "/api/v1/lots", { lotId: "ST-U", materialDefinitionId: "steel", quantity: 5, locationId: "fabrication" })).status).to.equal(201);
      expect((await call("PUT", "/api/v1/work-units/press-2/staging", { lotId: "ST-U" }, app.tokens.Warehouse)).status).to.equal(200);
      expect((await call("DELETE", "/api/v1/work-units/press-2/staging/steel", undefined, app.tokens.Observer)).status).to.equal(403);
      expect((await call("DELETE", "/api/v1/work-units/press-2/staging/steel", undefined, app.tokens.Warehouse)).status).to.equal(204);
      expect((await call("GET", "/api/v1/work-units/press-2/staging")).body.items).to.deep.equal([]);
      const again = await call("DELETE", "/api/v1/work-units/press-2/staging/steel", undefined, app.tokens.Warehouse);
      expect([again.status, again.body.error.details.field]).to.deep.equal([404, "materialDefinitionId"]);
      const audit = await call("GET", "/api/v1/audit?action=material.unstaged");
      expect(audit.body.items.map((entry: { targetId: string; actor: string }) => [entry.targetId, entry.actor])).to.deep.equal([["press-2/steel", "test-warehouse"]]);
    });

    it("keeps a BOM per routing step and refuses a line of an unknown material or unit", async function () {
      const put = await call("PUT", "/api/v1/products/plate/bom", { lines: [{ step: 1, materialDefinitionId: "steel", quantityPerGood: 0.5, quantityPerScrap: 0.4, unit: "kg" }] });
      expect([put.status, put.body.lines.length]).to.deep.equal([200, 1]);
      const unknown = await call("PUT", "/api/v1/products/plate/bom", { lines: [{ step: 1, materialDefinitionId: "gold", quantityPerGood: 1, quantityPerScrap: 0, unit: "kg" }] });
      expect([unknown.status, unknown.body.error.details.field]).to.deep.equal([400, "lines[0].materialDefinitionId"]);
      const unit = await call("PUT", "/api/v1/products/plate/bom", { lines: [{ step: 1, materialDefinitionId: "steel", quantityPerGood: 1, quantityPerScrap: 0, unit: "pcs" }] });
      expect([unit.status, unit.body.error.details.field]).to.deep.equal([400, "lines[0].unit"]);
      expect((await call("GET", "/api/v1/products/plate/bom", undefined, app.tokens.ERP)).body.lines[0].quantityPerGood).to.equal(0.5);
      expect((await call("GET", "/api/v1/products/nothing/bom")).status).to.equal(404);
    });

    it("refuses bad movements with a clear 4xx naming the field, and changes nothing", async function () {
      expect((await call("POST", "/api/v1/lots", { lotId: "BO-1", materialDefinitionId: "bolt", quantity: 100, locationId: "fabrication", status: "quarantined" })).status).to.equal(201);
      const before = await databaseSnapshot(url);
      const refusals: [string, string, unknown, number, string][] = [
        ["POST", "/api/v1/consumptions", { lotId: "ST-1", quantity: -1 }, 400, "quantity"],
        ["POST", "/api/v1/consumptions", { lotId: "ST-1", quantity: 0 }, 400, "quantity"],
        ["POST", "/api/v1/consumptions", { lotId: "ST-1", quantity: 1, unit: "pcs" }, 400, "unit"],
        ["POST", "/api/v1/consumptions", { lotId: "ST-1", quantity: 1, materialDefinitionId: "bolt" }, 409, "lotId"],
        ["POST", "/api/v1/consumptions", { lotId: "BO-1", quantity: 1 }, 409, "lotId"],
        ["POST", "/api/v1/consumptions", { lotId: "ST-1", quantity: 21 }, 409, "quantity"],
        ["POST", "/api/v1/consumptions", { lotId: "ST-404", quantity: 1 }, 404, "lotId"],
        ["POST", "/api/v1/lots", { lotId: "ST-1", materialDefinitionId: "steel", quantity: 1, locationId: "fabrication" }, 409, "lotId"],
        ["POST", "/api/v1/lots", { lotId: "ST-9", materialDefinitionId: "steel", quantity: 1, locationId: "nowhere" }, 400, "locationId"],
        ["POST", "/api/v1/lots/ST-1/split", { quantity: 20 }, 409, "quantity"],
        ["POST", "/api/v1/lots/ST-1/merge", { targetLotId: "BO-1" }, 409, "targetLotId"],
        ["PUT", "/api/v1/lots/ST-1/status", { status: "lost" }, 400, "status"],
        ["PUT", "/api/v1/work-units/press-1/staging", { lotId: "BO-1" }, 409, "lotId"],
      ];
      for (const [method, route, body, status, field] of refusals) {
        const answer = await call(method, route, body);
        expect([answer.status, answer.body.error?.details?.field], `${method} ${route} ${JSON.stringify(body)}: ${answer.body.error?.message}`).to.deep.equal([status, field]);
      }
      // Below zero needs a Supervisor or an Admin, even for a role that may consume.
      const operator = await call("POST", "/api/v1/consumptions", { lotId: "ST-1", quantity: 21, override: true }, app.tokens.Operator);
      expect([operator.status, operator.body.error.details.field]).to.deep.equal([403, "override"]);
      expect(await databaseSnapshot(url)).to.deep.equal(before);
    });

    it("records a consumption without a lot as an unassigned problem, and lists it", async function () {
      const answer = await call("POST", "/api/v1/consumptions", { materialDefinitionId: "steel", quantity: 0.75, workUnitId: "press-1" }, app.tokens.Operator);
      expect([answer.status, answer.body.problem, answer.body.fromLotId]).to.deep.equal([201, "unassigned", null]);
      const problems = await call("GET", "/api/v1/movements?problem=true");
      expect(problems.body.items.map((m: { id: string }) => m.id)).to.deep.equal([answer.body.id]);
      const trace = await call("GET", "/api/v1/lots/ST-1/genealogy?direction=forward");
      expect([trace.status, trace.body.lots.map((l: { id: string }) => l.id)]).to.deep.equal([200, ["ST-1"]]);
      expect((await call("GET", "/api/v1/lots/ST-1/genealogy?direction=sideways")).body.error.details.field).to.equal("direction");
    });
  });
}
