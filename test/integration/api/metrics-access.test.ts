import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { MesSettings } from "../../../src/config/schema.js";
import { startRestApp, type RestApp } from "../../support/rest-app.js";

/** The REST door with these mes.yaml `metrics` settings, on a database of its own. */
async function withMetrics(dir: string, metrics: Partial<MesSettings["metrics"]>): Promise<RestApp> {
  return startRestApp(`sqlite:${path.join(dir, `${Object.keys(metrics).join("-")}-${Math.random().toString(36).slice(2)}.sqlite`)}`, undefined, undefined, {
    adjust: (config) => ({ ...config, settings: { ...config.settings, metrics: { ...config.settings.metrics, ...metrics } } }),
  });
}

const scrape = (app: RestApp, token?: string) => fetch(`${app.url}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe("GET /metrics: who may scrape (mes.yaml metrics)", function () {
  let dir: string;
  const apps: RestApp[] = [];

  before(function () {
    dir = mkdtempSync(path.join(tmpdir(), "mes-metrics-access-"));
  });

  after(async function () {
    for (const app of apps) await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("lets a Prometheus at a listed address or network scrape without a token", async function () {
    const app = await withMetrics(dir, { allowAddresses: ["10.0.0.0/8", "127.0.0.0/8"] });
    apps.push(app);
    const response = await scrape(app);
    expect(response.status).to.equal(200);
    expect(await response.text()).to.contain("mes_http_requests_total");
  });

  it("asks for a token from an address it does not list, and takes one of a role metrics.allowRoles names", async function () {
    const app = await withMetrics(dir, { allowAddresses: ["10.0.0.0/8", "::1"], allowRoles: ["Admin", "Engineer"] });
    apps.push(app);
    const refused = await scrape(app);
    expect(refused.status).to.equal(401);
    expect(refused.headers.get("www-authenticate")).to.match(/^Bearer/);
    expect((await scrape(app, app.tokens.Engineer)).status).to.equal(200);
    expect((await scrape(app, app.tokens.Supervisor)).status).to.equal(403);
  });

  it("serves no metrics at all when metrics.enabled is false, and its OpenAPI document lists none", async function () {
    const app = await withMetrics(dir, { enabled: false });
    apps.push(app);
    // The path is then the web UI's like any other outside /api (its page, or 503 without a build).
    const response = await scrape(app, app.tokens.Admin);
    expect(response.headers.get("content-type")).not.to.contain("version=0.0.4");
    expect(await response.text()).not.to.contain("mes_http_requests_total");
    expect(app.router.stack.map((layer) => layer.path)).not.to.include("/metrics");
    const document: any = await (await fetch(`${app.url}/api/openapi.json`)).json();
    expect(document.paths["/metrics"]).to.equal(undefined);
  });

  it("documents the route with the roles it takes, and a refusal without them", async function () {
    const app = await withMetrics(dir, { allowRoles: ["Admin", "Engineer"] });
    apps.push(app);
    const document: any = await (await fetch(`${app.url}/api/openapi.json`)).json();
    const operation = document.paths["/metrics"].get;
    expect(operation["x-roles"]).to.deep.equal(["Admin", "Engineer"]);
    expect(operation.responses).to.have.keys("200", "401", "403");
  });
});
