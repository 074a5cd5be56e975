import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startRestApp, type RestApp } from "../../support/rest-app.js";

describe("The OpenAPI document", function () {
  let dir: string;
  let server: RestApp;
  let routes: { method: string; path: string }[];

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "mes-openapi-"));
    server = await startRestApp(`sqlite:${path.join(dir, "mes.sqlite")}`);
    routes = server.router.stack.flatMap((layer) => layer.methods.filter((m) => m !== "HEAD").map((method) => ({ method: method.toLowerCase(), path: layer.path })));
  });

  after(async function () {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("is served at /api/openapi.json as OpenAPI 3", async function () {
    const response = await fetch(`${server.url}/api/openapi.json`);
    expect(response.status).to.equal(200);
    const document: any = await response.json();
    expect(document.openapi).to.match(/^3\./);
  });

  it("describes every route the server has, so none can be added undocumented", async function () {
    const document: any = await (await fetch(`${server.url}/api/openapi.json`)).json();
    expect(routes.length).to.be.greaterThan(3);
    for (const route of routes) {
      const openApiPath = route.path.replace(/:(\w+)/g, "{$1}");
      expect(document.paths[openApiPath]?.[route.method], `${route.method.toUpperCase()} ${route.path}`).to.be.an("object");
    }
  });

  it("documents no route the server does not have", async function () {
    const document: any = await (await fetch(`${server.url}/api/openapi.json`)).json();
    const served = new Set(routes.map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, "{$1}")}`));
    for (const [p, operations] of Object.entries(document.paths as Record<string, object>)) {
      for (const method of Object.keys(operations)) expect(served.has(`${method} ${p}`), `${method} ${p}`).to.equal(true);
    }
  });
});
