import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { declaredRoutes, type DeclaredRoute } from "../../../src/api/auth/route-access.js";
import { MAX_BODY_BYTES } from "../../../src/api/json-body.js";
import { databaseSnapshot } from "../../support/database-snapshot.js";
import { testDatabases, type TestDatabase } from "../../support/mysql-database.js";
import { apiFetch, restCall } from "../../support/rest-call.js";
import { startRestApp, type RestApp } from "../../support/rest-app.js";

const databases: TestDatabase[] = testDatabases();

/**
 * A valid body for every route that reads one. The test fails for a body route missing here, so a
 * new route gets its hostile-input checks the day it is added.
 */
const EXAMPLES: Record<string, Record<string, unknown>> = {
  "POST /api/v1/auth/login": { user: "nobody", password: "whatever it is" },
  "POST /api/v1/users": { id: "eve", name: "Eve", roles: ["Observer"] },
  "PUT /api/v1/users/:id": { name: "Eve", roles: ["Observer"], disabled: false },
  "PUT /api/v1/users/:id/password": { password: "a long enough password" },
  "POST /api/v1/users/:id/tokens": { name: "scanner", expiresInDays: 5 },
  "PUT /api/v1/materials/:id": { name: "Steel", unit: "kg", description: "sheet" },
  "PUT /api/v1/products/:id": { name: "Bracket", parameters: [{ id: "TaskCode", value: 1 }], workUnits: [{ equipmentId: "press-1", idealCycleTimeS: 2 }] },
  "POST /api/v1/work-orders": { productId: "phone-case-black", quantity: 5, priority: 1, dueAt: "2026-12-01T00:00:00Z" },
  "POST /api/v1/work-orders/:id/release": { jobOrders: [{ equipmentId: "press-1", quantity: 1 }] },
  "POST /api/v1/work-orders/:id/cancel": { comment: "customer cancelled" },
  "POST /api/v1/job-orders": { id: "J-1", equipmentId: "press-1", quantity: 1, start: false },
  "PUT /api/v1/job-orders/:id": { equipmentId: "press-1", quantity: 2 },
  "POST /api/v1/job-orders/:id/:command": { comment: "from the test" },
  "PUT /api/v1/calendars/:id": { name: "Day", timeZone: "UTC", shifts: [{ name: "Day", start: "06:00", end: "14:00" }] },
  "PUT /api/v1/downtime/:id/reason": { reasonCode: "breakdown" },
  "POST /api/v1/downtime/:id/split": { at: "2026-11-24T06:00:00Z", reasonCode: null },
  "POST /api/v1/scrap": { equipmentId: "press-1", quantity: 1, reasonCode: "dimension" },
  "POST /api/v1/schedule/preview": { rule: "edd" },
  "POST /api/v1/schedule/commit": { rule: "edd" },
  "PUT /api/v1/personnel/:id": { name: "Ann", classes: ["Operator"], contractedHours: 40, maxHours: 48, unavailable: [{ start: "2026-12-01T00:00:00Z", end: "2026-12-02T00:00:00Z" }] },
  "POST /api/v1/rosters/preview": { weekStart: "2026-11-23T00:00:00Z" },
  "POST /api/v1/rosters/commit": { weekStart: "2026-11-23T00:00:00Z" },
  "POST /api/v1/work-units/:id/start-job": { jobOrderId: "J-1", comment: "first of the shift" },
  "POST /api/v1/work-units/:id/finish-job": { jobOrderId: "J-1", comment: "all parts made" },
  "PUT /api/v1/quality/plans/:id": {
    name: "Bracket holes",
    productId: "bracket",
    step: 1,
    frequency: { kind: "every-parts", parts: 50 },
    sampleSize: 1,
    recordedBy: "operator",
    holdJobOnSignal: true,
    characteristics: [{ id: "hole-dia", name: "Hole diameter", kind: "variable", nominal: 6, lsl: 5.9, usl: 6.1, unit: "mm" }],
  },
  "POST /api/v1/quality/results": { characteristicId: "hole-dia", equipmentId: "press-1", value: 6.01 },
  "POST /api/v1/quality/ncrs": { description: "Holes oversize", quantity: 3 },
  "PUT /api/v1/quality/characteristics/:id/limits": { baseline: { kind: "dates", from: "2026-12-01T00:00:00Z", to: "2026-12-02T00:00:00Z" } },
  "POST /api/v1/alarms/:id/acknowledge": { comment: "seen, fitter called" },
  "POST /api/v1/alarms/:id/confirm": { comment: "jam cleared" },
  "POST /api/v1/alarms/:id/comment": { comment: "waiting for parts" },
  "POST /api/v1/alarms/:id/shelve": { mode: "timed", durationMs: 60000 },
  "POST /api/v1/alarms/:id/unshelve": {},
  "PUT /api/v1/quality/ncrs/:id/disposition": { disposition: "scrap", quantity: 3 },
  "PUT /api/v1/quality/ncrs/:id/corrective-action": { description: "Replace the punch", owner: "maint-1", dueAt: "2026-12-10T00:00:00Z" },
  "POST /api/v1/lots": { lotId: "STEEL-1", materialDefinitionId: "steel-sheet", quantity: 5, unit: "kg", locationId: "raw-store", status: "available", carrierId: null, description: "coil", comment: "delivery 7" },
  "POST /api/v1/lots/:id/move": { toLocationId: "press-1", comment: "to the line" },
  "POST /api/v1/lots/:id/split": { quantity: 1, unit: "kg", sublotId: "STEEL-1.1", toLocationId: "press-1", carrierId: null },
  "POST /api/v1/lots/:id/merge": { targetLotId: "STEEL-2", quantity: 1 },
  "PUT /api/v1/lots/:id/status": { status: "quarantined", comment: "incoming inspection" },
  "POST /api/v1/consumptions": { lotId: "STEEL-1", materialDefinitionId: "steel-sheet", quantity: 1, unit: "kg", jobOrderId: null, workUnitId: "press-1", override: false, comment: "hand-fed" },
  "PUT /api/v1/work-units/:id/staging": { lotId: "STEEL-1" },
  "POST /api/v1/maintenance/work-orders": { workUnitId: "press-1", title: "Die squeaks", description: "since the setup", fromDowntimeId: "s1", priority: "high" },
  "POST /api/v1/maintenance/work-orders/:id/plan": { technician: "maint-1", plannedStart: "2026-12-10T08:00:00Z", plannedDurationMinutes: 30 },
  "POST /api/v1/maintenance/work-orders/:id/start": { technician: "maint-1", comment: "on it" },
  "POST /api/v1/maintenance/work-orders/:id/finish": { timeSpentMinutes: 25, partsUsed: [{ lotId: "BOLT-1", quantity: 2 }], closesDowntimeId: "s1", comment: "new bolts" },
  "POST /api/v1/maintenance/work-orders/:id/verify": { comment: "runs fine" },
  "POST /api/v1/maintenance/work-orders/:id/cancel": { comment: "duplicate" },
  "POST /api/v1/maintenance/plans": { id: "press-1-lube", workUnitId: "press-1", title: "Lubricate", description: "die", kind: "counter", every: 100, dueSoon: 10, durationMinutes: 15, lastDoneAt: "2026-12-01T00:00:00Z", active: true },
  "PUT /api/v1/maintenance/plans/:id": { workUnitId: "press-1", title: "Lubricate", description: "die", kind: "counter", every: 100, dueSoon: 10, durationMinutes: 15, lastDoneAt: "2026-12-01T00:00:00Z", active: true },
  "PUT /api/v1/material-classes/:id": { name: "Sheet steel", description: null },
  "PUT /api/v1/materials/:id/properties": { classId: null, properties: [{ name: "thickness", value: "1.5", unit: "mm" }] },
  "PUT /api/v1/products/:id/bom": { lines: [{ step: 1, materialDefinitionId: "steel-sheet", quantityPerGood: 0.25, quantityPerScrap: 0.25, unit: "kg", fromLocationId: null }] },
};
/** Routes that take no body at all. */
const NO_BODY = new Set(["POST /api/v1/auth/logout", "POST /api/v1/certificates/:pki/:thumbprint/trust", "POST /api/v1/certificates/:pki/:thumbprint/reject", "POST /api/v1/quality/ncrs/:id/verify", "POST /api/v1/quality/characteristics/:id/limits/recompute"]);

const INJECTIONS = ["' OR '1'='1", "1; DROP TABLE job_order; --", "\" OR \"\"=\"", "x') UNION SELECT password_hash FROM user_account --", "%27%20OR%201%3D1"];
const key = (route: DeclaredRoute) => `${route.method} ${route.path}`;
const concrete = (route: DeclaredRoute, id = "x1") => route.path.replace(":command", "start").replace(/:(\w+)/g, encodeURIComponent(id));

/** A value of another JSON type than this one. */
function wrongType(value: unknown): unknown {
  if (typeof value === "string") return 12345;
  if (typeof value === "number") return "12";
  if (typeof value === "boolean") return "yes";
  if (Array.isArray(value)) return { not: "a list" };
  if (value === null) return [1, 2];
  return "an object was expected";
}

function nested(depth: number): unknown {
  let value: unknown = "bottom";
  for (let i = 0; i < depth; i++) value = { a: [value] };
  return value;
}

for (const database of databases) {
  describe(`Hostile input over REST changes nothing (${database.name})`, function () {
    let dir: string;
    let url: string;
    let app: RestApp;
    let bodyRoutes: DeclaredRoute[];
    let initial: Record<string, string[]>;

    before(async function () {
      if (database.skip) this.skip();
      dir = mkdtempSync(path.join(tmpdir(), "mes-hostile-"));
      url = await database.url(dir);
      app = await startRestApp(url);
      bodyRoutes = declaredRoutes(app.router).filter((route) => (route.method === "POST" || route.method === "PUT") && !NO_BODY.has(key(route)));
      initial = await databaseSnapshot(url);
    });

    after(async function () {
      await app?.close();
      await database.drop?.();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const send = (route: DeclaredRoute, body: unknown, id?: string) => restCall(app.url, route.method, concrete(route, id), body);

    it("has a valid example body for every route that reads one", function () {
      expect(bodyRoutes.map(key).filter((k) => !EXAMPLES[k])).to.deep.equal([]);
    });

    it("refuses an unknown field next to valid ones, naming it", async function () {
      for (const route of bodyRoutes) {
        const answer = await send(route, { ...EXAMPLES[key(route)], isAdmin: true });
        expect(answer.status, key(route)).to.equal(400);
        expect(answer.body.error.details.field, key(route)).to.equal("isAdmin");
      }
    });

    it("refuses every field given the wrong type, naming the field", async function () {
      for (const route of bodyRoutes) {
        const example = EXAMPLES[key(route)];
        for (const [field, value] of Object.entries(example)) {
          const answer = await send(route, { ...example, [field]: wrongType(value) });
          expect(answer.status, `${key(route)} ${field}`).to.equal(400);
          expect(String(answer.body.error.details.field), `${key(route)} ${field}`).to.match(new RegExp(`^${field}`));
        }
        for (const body of [[], "text", 42, true]) expect((await send(route, body)).status, `${key(route)} ${JSON.stringify(body)}`).to.equal(400);
      }
    });

    it("refuses deeply nested JSON, and a body over the size limit with 413", async function () {
      const tooLarge = JSON.stringify({ name: "x".repeat(MAX_BODY_BYTES + 1), unit: "kg" });
      for (const route of bodyRoutes) {
        const deep = await send(route, nested(40));
        expect([deep.status, deep.body.error.details.reason], key(route)).to.deep.equal([400, "too deep"]);
        const large = await apiFetch(`${app.url}${concrete(route)}`, { method: route.method, headers: { "content-type": "application/json" }, body: tooLarge });
        expect(large.status, key(route)).to.equal(413);
      }
      const veryDeep = await apiFetch(`${app.url}/api/v1/work-orders`, { method: "POST", headers: { "content-type": "application/json" }, body: "[".repeat(100_000) + "]".repeat(100_000) });
      expect(veryDeep.status).to.equal(400);
    });

    it("refuses a JSON body in a charset other than UTF-8 with 415, rather than misreading it", async function () {
      for (const route of bodyRoutes) {
        const example = JSON.stringify(EXAMPLES[key(route)]);
        for (const charset of ["utf-16", "UTF-16LE", "iso-8859-1"]) {
          const body = charset.startsWith("utf-16") || charset.startsWith("UTF-16") ? Buffer.from(example, "utf16le") : Buffer.from(example, "latin1");
          const answer = await apiFetch(`${app.url}${concrete(route)}`, { method: route.method, headers: { "content-type": `application/json; charset=${charset}` }, body });
          expect([answer.status, ((await answer.json()) as { error: { code: string } }).error.code], `${key(route)} ${charset}`).to.deep.equal([415, "unsupported_media_type"]);
        }
        // UTF-8 said aloud is what JSON is anyway: read, and here refused for what it says (so nothing is stored).
        const utf8 = await apiFetch(`${app.url}${concrete(route)}`, { method: route.method, headers: { "content-type": "application/json; charset=UTF-8" }, body: JSON.stringify({ ...EXAMPLES[key(route)], isAdmin: true }) });
        expect([utf8.status, ((await utf8.json()) as { error: { details: { field: string } } }).error.details.field], key(route)).to.deep.equal([400, "isAdmin"]);
      }
    });

    it("answers /healthz with Cache-Control: no-store, so no cache hides an outage", async function () {
      const answer = await apiFetch(`${app.url}/healthz`);
      expect([answer.status, answer.headers.get("cache-control")]).to.deep.equal([200, "no-store"]);
    });

    it("answers SQL injection in path ids and query values with 4xx", async function () {
      for (const injection of INJECTIONS) {
        for (const route of declaredRoutes(app.router).filter((r) => r.path.includes(":id"))) {
          const answer = await send(route, route.method === "GET" || route.method === "DELETE" ? undefined : EXAMPLES[key(route)], injection);
          expect(answer.status, `${key(route)} ${injection}`).to.be.within(400, 499);
        }
        for (const query of ["status", "productId", "equipmentId", "state", "limit", "from"]) {
          const answer = await restCall(app.url, "GET", `/api/v1/work-orders?${query}=${encodeURIComponent(injection)}`);
          expect(answer.status, `work-orders ?${query}=${injection}`).to.equal(400);
        }
        const audit = await restCall(app.url, "GET", `/api/v1/audit?actor=${encodeURIComponent(injection)}&targetId=${encodeURIComponent(injection)}`);
        expect([audit.status, audit.body.total], `audit ?actor=${injection}`).to.deep.equal([200, 0]);
      }
    });

    it("answers malformed query values on every GET route with 4xx, never 5xx", async function () {
      const garbage = ["from=&to=true,..%2Fetc", "from=2026-11-24T00:00:00Z&to=yesterday&granularity=hour", "at=soon&weekStart=monday&limit=-1&offset=x", "equipmentId=press-1&from[]=a&to[]=b", "status=%00&limit=1e9"];
      for (const route of declaredRoutes(app.router).filter((r) => r.method === "GET" && r.path !== "/api/v1/events")) {
        for (const query of garbage) {
          const answer = await restCall(app.url, "GET", `${concrete(route, "press-1")}?${query}`);
          expect(answer.status, `${key(route)}?${query}`).to.be.below(500);
        }
      }
    });

    it("serves no file outside the UI's build folder, whatever the path", async function () {
      for (const target of ["/../../package.json", "/%2e%2e/%2e%2e/package.json", "/assets/..%2f..%2f..%2fpackage.json", "/%E0%A4%A", "/%00", "/config/mes.yaml", "/..%5c..%5cpackage.json"]) {
        const response = await fetch(`${app.url}${target}`);
        const text = await response.text();
        expect(response.status, target).to.be.below(500);
        expect(text, target).not.to.contain('"name": "opcua-mes"').and.not.to.contain("allowAnonymous");
      }
    });

    it("left every table as it was", async function () {
      expect(await databaseSnapshot(url)).to.deep.equal(initial);
    });

    it("keeps SQL in free text as text: stored and shown verbatim, every table intact", async function () {
      const name = "Robert'); DROP TABLE material_definition; --";
      expect((await restCall(app.url, "PUT", "/api/v1/materials/little-bobby", { name, unit: "kg" })).status).to.equal(201);
      expect((await restCall(app.url, "GET", "/api/v1/materials/little-bobby")).body.name).to.equal(name);
      const after = await databaseSnapshot(url);
      expect(Object.keys(after).sort()).to.deep.equal(Object.keys(initial).sort());
      expect(after.material_definition.length).to.equal(initial.material_definition.length + 1);
    });
  });
}
