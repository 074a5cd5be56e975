import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { declaredRoutes, type DeclaredRoute } from "../../../src/api/auth/route-access.js";
import { ROLES } from "../../../src/domain/roles.js";
import { AccessService } from "../../../src/services/access-service.js";
import { uuidV7, type Clock } from "../../../src/services/clock.js";
import { UserService } from "../../../src/services/user-service.js";
import { restCall } from "../../support/rest-call.js";
import { startRestApp, type RestApp } from "../../support/rest-app.js";

/** A concrete path for a route pattern: ids that need not exist, since access is decided before anything is looked up. */
const concrete = (route: DeclaredRoute) => route.path.replace(":command", "start").replace(/:(\w+)/g, "x1");

async function streamStatus(url: string, token: string): Promise<number> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal });
  abort.abort();
  return response.status;
}

describe("REST security: accounts, tokens, sessions and the audit trail", function () {
  let dir: string;
  let app: RestApp;
  let routes: DeclaredRoute[];
  let offsetMs = 0;
  const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "mes-rest-security-"));
    app = await startRestApp(`sqlite:${path.join(dir, "mes.sqlite")}`, undefined, clock, { security: { login: { maxFailures: 3, windowSeconds: 60 } } });
    routes = declaredRoutes(app.router);
  });

  after(async function () {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe("every route of the route table", function () {
    it("declares its access, and only login, health and the OpenAPI document are public", function () {
      expect(routes.length).to.be.greaterThan(50);
      expect(routes.filter((r) => r.access === "public").map((r) => `${r.method} ${r.path}`).sort()).to.deep.equal(["GET /api/openapi.json", "GET /healthz", "POST /api/v1/auth/login"]);
    });

    it("answers 401 without credentials and with a malformed or unknown token", async function () {
      for (const route of routes.filter((r) => r.access !== "public")) {
        for (const token of [null, "nonsense", "mes_00000000-0000-0000-0000-000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"]) {
          const answer = await restCall(app.url, route.method, concrete(route), undefined, { token });
          expect(answer.status, `${route.method} ${route.path} with ${token ?? "no token"}`).to.equal(401);
          expect(answer.headers.get("www-authenticate")).to.match(/^Bearer/);
        }
      }
    });

    it("answers 403 to every role that lacks the route's permission, naming the roles it needs", async function () {
      let checked = 0;
      for (const route of routes.filter((r) => r.access !== "public")) {
        const allowed = route.roles;
        for (const role of ROLES.filter((r) => !allowed.includes(r))) {
          const answer = await restCall(app.url, route.method, concrete(route), undefined, { token: app.tokens[role] });
          expect(answer.status, `${route.method} ${route.path} as ${role}`).to.equal(403);
          expect(answer.body.error.details.permission).to.equal(route.access);
          checked++;
        }
        const [first] = allowed;
        const token = app.tokens[first as (typeof ROLES)[number]];
        // The event stream never ends: its status is all there is to see.
        const status = route.path === "/api/v1/events" ? await streamStatus(`${app.url}${route.path}`, token) : (await restCall(app.url, route.method, concrete(route), undefined, { token })).status;
        expect([401, 403], `${route.method} ${route.path} as ${first}`).not.to.include(status);
      }
      expect(checked).to.be.greaterThan(100);
    });

    it("lets the ERP role at orders and master data only", async function () {
      const erp = { token: app.tokens.ERP };
      expect((await restCall(app.url, "PUT", "/api/v1/materials/steel", { name: "Steel", unit: "kg" }, erp)).status).to.equal(201);
      expect((await restCall(app.url, "POST", "/api/v1/work-orders", { id: "ERP-1", productId: "phone-case-black", quantity: 1 }, erp)).status).to.be.oneOf([201, 400, 404]);
      expect((await restCall(app.url, "POST", "/api/v1/schedule/commit", {}, erp)).status).to.equal(403);
      expect((await restCall(app.url, "GET", "/api/v1/users", undefined, erp)).status).to.equal(403);
    });

    it("lets an ERP token read its orders, their performance and master data, and nothing else of the plant (as the README says)", async function () {
      const erp = { token: app.tokens.ERP };
      // What the README gives the ERP to read: every GET route the ERP may call, no more and no fewer.
      const readable = [
        "/api/v1/auth/me",
        "/api/v1/equipment",
        "/api/v1/materials",
        "/api/v1/materials/:id",
        "/api/v1/products",
        "/api/v1/products/:id",
        "/api/v1/work-orders",
        "/api/v1/work-orders/:id",
        "/api/v1/work-orders/:id/performance",
        "/api/v1/work-orders/:id/callbacks",
        "/api/v1/job-orders",
        "/api/v1/job-orders/:id",
        "/api/v1/lots",
        "/api/v1/lots/:id",
        "/api/v1/lots/:id/genealogy",
        "/api/v1/products/:id/bom",
        "/api/v1/material-classes",
        "/api/v1/material-classes/:id",
        "/api/v1/materials/:id/properties",
      ];
      const gets = routes.filter((route) => route.method === "GET" && route.access !== "public");
      expect(gets.filter((route) => route.roles.includes("ERP")).map((route) => route.path).sort()).to.deep.equal([...readable].sort());
      for (const route of gets) {
        const status = route.path === "/api/v1/events" ? await streamStatus(`${app.url}${route.path}`, erp.token) : (await restCall(app.url, "GET", concrete(route), undefined, erp)).status;
        if (readable.includes(route.path)) expect(status, route.path).to.be.oneOf([200, 404]);
        else expect(status, route.path).to.equal(403);
      }
      // The plant's figures are not the ERP's: OEE, losses, live states, people.
      for (const url of ["/api/v1/oee/press-1", "/api/v1/downtime?equipmentId=press-1", "/api/v1/overview", "/api/v1/personnel", "/api/v1/equipment/press-1"]) {
        expect((await restCall(app.url, "GET", url, undefined, erp)).status, url).to.equal(403);
      }
      expect((await restCall(app.url, "GET", "/api/v1/equipment", undefined, erp)).status).to.equal(200);
    });
  });

  describe("API tokens", function () {
    it("are shown once, stored only as a hash, listed without secrets, and stop working when revoked", async function () {
      await restCall(app.url, "POST", "/api/v1/users", { id: "erp-prod", name: "ERP production", roles: ["ERP"] });
      const issued = await restCall(app.url, "POST", "/api/v1/users/erp-prod/tokens", { name: "SAP", expiresInDays: 30 });
      expect(issued.status).to.equal(201);
      const token: string = issued.body.token;
      expect(token).to.match(/^mes_/);
      expect((await restCall(app.url, "GET", "/api/v1/materials", undefined, { token })).status).to.equal(200);

      const listed = await restCall(app.url, "GET", "/api/v1/users/erp-prod/tokens");
      expect(listed.body.items).to.have.length(1);
      expect(JSON.stringify(listed.body)).not.to.contain(token.slice(-43));
      expect(listed.body.items[0]).not.to.have.any.keys("secretHash", "token");
      const stored = await app.store.read.accessTokens.findById(issued.body.id);
      expect(stored?.secretHash).to.match(/^[0-9a-f]{64}$/);
      expect(stored?.secretHash).not.to.contain(token.slice(-43));

      const revoked = await restCall(app.url, "DELETE", `/api/v1/users/erp-prod/tokens/${issued.body.id}`);
      expect(revoked.body.revokedAt).to.be.a("string");
      expect((await restCall(app.url, "GET", "/api/v1/materials", undefined, { token })).status).to.equal(401);
    });

    it("expire, and never outlive security.maxTokenDays", async function () {
      const issued = await restCall(app.url, "POST", "/api/v1/users/test-observer/tokens", { name: "short", expiresInDays: 1 });
      expect((await restCall(app.url, "GET", "/api/v1/reasons", undefined, { token: issued.body.token })).status).to.equal(200);
      offsetMs = 2 * 86_400_000;
      try {
        expect((await restCall(app.url, "GET", "/api/v1/reasons", undefined, { token: issued.body.token })).status).to.equal(401);
      } finally {
        offsetMs = 0;
      }
      const tooLong = await restCall(app.url, "POST", "/api/v1/users/test-observer/tokens", { name: "forever", expiresInDays: 3650 });
      expect([tooLong.status, tooLong.body.error.details.field]).to.deep.equal([400, "expiresInDays"]);
    });

    it("revoked by another MES instance on the same database stop working within seconds", async function () {
      const { body } = await restCall(app.url, "POST", "/api/v1/users/test-observer/tokens", { name: "shared" });
      expect((await restCall(app.url, "GET", "/api/v1/reasons", undefined, { token: body.token })).status).to.equal(200);
      const otherInstance = new AccessService(app.store, new UserService(app.store, clock, uuidV7), clock, uuidV7, { sessionTtlMinutes: 60, maxTokenDays: 365, login: { maxFailures: 5, windowSeconds: 60 } });
      await otherInstance.revokeToken("test-observer", body.id, { id: "other-mes", role: "Admin", door: "rest" });
      offsetMs = 3_000;
      try {
        expect((await restCall(app.url, "GET", "/api/v1/reasons", undefined, { token: body.token })).status).to.equal(401);
      } finally {
        offsetMs = 0;
      }
    });

    it("all stop when their account is disabled", async function () {
      await restCall(app.url, "POST", "/api/v1/users", { id: "old-scanner", name: "Old scanner", roles: ["Operator"] });
      const { body } = await restCall(app.url, "POST", "/api/v1/users/old-scanner/tokens", { name: "scanner" });
      expect((await restCall(app.url, "GET", "/api/v1/reasons", undefined, { token: body.token })).status).to.equal(200);
      expect((await restCall(app.url, "PUT", "/api/v1/users/old-scanner", { disabled: true })).body.disabled).to.equal(true);
      expect((await restCall(app.url, "GET", "/api/v1/reasons", undefined, { token: body.token })).status).to.equal(401);
      expect((await app.store.read.accessTokens.findById(body.id))?.revokedAt).to.be.instanceOf(Date);
    });
  });

  describe("web sessions", function () {
    const password = "a long enough password";
    let cookie: string;
    let csrf: string;

    before(async function () {
      await restCall(app.url, "POST", "/api/v1/users", { id: "maria", name: "Maria Supervisor", roles: ["Supervisor"], password });
    });

    it("sign in with an HttpOnly, SameSite=Strict session cookie and a CSRF token", async function () {
      const answer = await restCall(app.url, "POST", "/api/v1/auth/login", { user: "maria", password }, { token: null });
      expect(answer.status).to.equal(200);
      expect(answer.body.user.id).to.equal("maria");
      expect(answer.body.permissions).to.include.members(["orders", "schedule", "audit"]).and.not.include("users");
      const cookies = answer.headers.getSetCookie();
      const session = cookies.find((c) => c.startsWith("mes_session="))!;
      expect(session).to.match(/httponly/i).and.match(/samesite=strict/i).and.match(/path=\//i);
      expect(cookies.find((c) => c.startsWith("mes_csrf="))).not.to.match(/httponly/i);
      cookie = cookies.map((c) => c.split(";")[0]).join("; ");
      csrf = answer.body.csrfToken;
      const me = await restCall(app.url, "GET", "/api/v1/auth/me", undefined, { token: null, headers: { cookie } });
      expect([me.status, me.body.user.id, me.body.via]).to.deep.equal([200, "maria", "session"]);
    });

    it("refuse a state-changing request without the session's CSRF token, and record the one with it as the UI door", async function () {
      const change = (headers: Record<string, string>) => restCall(app.url, "PUT", "/api/v1/materials/paint", { name: "Paint", unit: "l" }, { token: null, headers: { cookie, ...headers } });
      const refused = await change({});
      expect([refused.status, refused.body.error.details.reason]).to.deep.equal([403, "csrf"]);
      expect((await change({ "x-csrf-token": "a guess" })).status).to.equal(403);
      expect(await app.store.read.materials.findById("paint")).to.equal(null);
      expect((await change({ "x-csrf-token": csrf })).status).to.equal(201);
      const [entry] = await app.store.read.audit.find({ targetType: "material", targetId: "paint" }, { limit: 1, offset: 0 });
      expect([entry.actor, entry.role, entry.door]).to.deep.equal(["maria", "Supervisor", "ui"]);
      expect(entry.via).to.be.a("string");
    });

    it("end at logout", async function () {
      expect((await restCall(app.url, "POST", "/api/v1/auth/logout", undefined, { token: null, headers: { cookie, "x-csrf-token": csrf } })).status).to.equal(204);
      expect((await restCall(app.url, "GET", "/api/v1/auth/me", undefined, { token: null, headers: { cookie } })).status).to.equal(401);
    });

    it("slow down password guessing: after 3 failures even the right password waits (429, Retry-After), and every attempt is audited", async function () {
      for (let i = 0; i < 3; i++) {
        expect((await restCall(app.url, "POST", "/api/v1/auth/login", { user: "maria", password: `wrong guess ${i}` }, { token: null })).status).to.equal(401);
      }
      const blocked = await restCall(app.url, "POST", "/api/v1/auth/login", { user: "maria", password }, { token: null });
      expect(blocked.status).to.equal(429);
      expect(Number(blocked.headers.get("retry-after"))).to.be.within(1, 60);
      const failures = await app.store.read.audit.find({ action: "auth.login_failed", actor: "maria" }, { limit: 10, offset: 0 });
      expect(failures).to.have.length(3);
      expect(failures[0].door).to.equal("ui");
      const successes = await app.store.read.audit.count({ action: "auth.login_succeeded", targetId: "maria" });
      expect(successes).to.equal(1);
    });

    it("refuse an unknown user and a wrong password alike", async function () {
      const unknown = await restCall(app.url, "POST", "/api/v1/auth/login", { user: "nobody", password: "whatever it is" }, { token: null, headers: { "x-forwarded-for": "ignored" } });
      expect(unknown.status).to.be.oneOf([401, 429]);
      expect(unknown.body.error.message).not.to.match(/nobody|exist/i);
    });
  });

  describe("the HTTP layer", function () {
    it("sends security headers and no CORS headers for an origin nobody configured", async function () {
      const answer = await restCall(app.url, "GET", "/api/v1/reasons", undefined, { headers: { origin: "https://evil.example" } });
      expect(answer.headers.get("x-content-type-options")).to.equal("nosniff");
      expect(answer.headers.get("x-frame-options")).to.equal("DENY");
      expect(answer.headers.get("content-security-policy")).to.contain("frame-ancestors 'none'");
      expect(answer.headers.get("referrer-policy")).to.equal("no-referrer");
      expect(answer.headers.get("cache-control")).to.equal("no-store");
      expect(answer.headers.get("access-control-allow-origin")).to.equal(null);
    });

    it("answers a configured origin's preflight, and only that origin's", async function () {
      const withCors = await startRestApp(`sqlite:${path.join(dir, "cors.sqlite")}`, undefined, undefined, { corsOrigins: ["https://erp.example.com"] });
      try {
        const preflight = (origin: string) => fetch(`${withCors.url}/api/v1/work-orders`, { method: "OPTIONS", headers: { origin, "access-control-request-method": "POST" } });
        const allowed = await preflight("https://erp.example.com");
        expect(allowed.status).to.equal(204);
        expect(allowed.headers.get("access-control-allow-origin")).to.equal("https://erp.example.com");
        expect(allowed.headers.get("access-control-allow-credentials")).to.equal(null);
        expect((await preflight("https://evil.example")).headers.get("access-control-allow-origin")).to.equal(null);
      } finally {
        await withCors.close();
      }
    });
  });

  describe("the audit trail", function () {
    it("records who, with which roles, through which door and token, what, and before and after", async function () {
      await restCall(app.url, "PUT", "/api/v1/materials/glue", { name: "Glue", unit: "kg" });
      await restCall(app.url, "PUT", "/api/v1/materials/glue", { name: "Glue, fast", unit: "kg" });
      const [entry] = (await restCall(app.url, "GET", "/api/v1/audit?targetType=material&targetId=glue&limit=1", undefined, { token: app.tokens.Supervisor })).body.items;
      expect([entry.actor, entry.role, entry.door]).to.deep.equal(["test-admin", "Admin", "rest"]);
      expect(entry.via).to.match(/^[0-9a-f-]{36}$/);
      expect([entry.before.name, entry.after.name]).to.deep.equal(["Glue", "Glue, fast"]);
    });

    it("is readable by Supervisor and Admin, filtered by action prefix and paged, and by no one else", async function () {
      const page = await restCall(app.url, "GET", "/api/v1/audit?action=user.&limit=2&offset=1", undefined, { token: app.tokens.Supervisor });
      expect(page.status).to.equal(200);
      expect(page.body.items).to.have.length(2);
      expect(page.body.total).to.be.greaterThan(3);
      expect(page.body.items.every((e: { action: string }) => e.action.startsWith("user."))).to.equal(true);
      for (const role of ["Operator", "Quality", "Maintenance", "Warehouse", "Engineer", "Observer", "ERP"] as const) {
        expect((await restCall(app.url, "GET", "/api/v1/audit", undefined, { token: app.tokens[role] })).status, role).to.equal(403);
      }
    });

    it("cannot be edited or deleted through any route", async function () {
      const before = await app.store.read.audit.count({});
      for (const method of ["PUT", "POST", "DELETE", "PATCH"]) {
        const answer = await restCall(app.url, method, "/api/v1/audit", { action: "forged" });
        expect(answer.status, method).to.be.oneOf([404, 405]);
      }
      expect(routes.filter((r) => r.path.startsWith("/api/v1/audit")).map((r) => r.method)).to.deep.equal(["GET"]);
      expect(await app.store.read.audit.count({})).to.equal(before);
    });
  });
});
