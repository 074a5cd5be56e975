import { expect } from "chai";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import openapiTS, { astToString } from "openapi-typescript";
import { startRestApp, type RestApp } from "../../support/rest-app.js";

const run = promisify(execFile);

/**
 * The Redocly warnings the project has decided to accept, each with its reason in the README
 * ("The OpenAPI document"). Anything else Redocly's recommended rules find fails the test.
 */
const ACCEPTED_LINT_WARNINGS = [
  // The health check and this document are public and refuse nothing: there is no 4xx to document.
  { ruleId: "operation-4xx-response", pointer: "#/paths/~1healthz/get/responses" },
  { ruleId: "operation-4xx-response", pointer: "#/paths/~1api~1openapi.json/get/responses" },
];

/** A small ERP client as an ERP team writes it: types generated from the served document, calls through openapi-fetch. */
const ERP_CLIENT = `
import createClient from "openapi-fetch";
import type { components, paths } from "./mes-api.js";

type JobState = components["schemas"]["JobOrder"]["state"];

export async function orderAndRelease(baseUrl: string, token: string, erpId: string): Promise<{ status: string; jobStates: JobState[]; allowed: string[]; good: number }> {
  const mes = createClient<paths>({ baseUrl, headers: { Authorization: \`Bearer \${token}\` } });
  const product = await mes.PUT("/api/v1/products/{id}", { params: { path: { id: "bracket" } }, body: { name: "Bracket" } });
  if (product.error) throw new Error(product.error.error.message);
  const created = await mes.POST("/api/v1/work-orders", { params: { header: { "Idempotency-Key": erpId } }, body: { erpId, productId: "bracket", quantity: 5, equipmentId: "press-1" } });
  if (!created.data) throw new Error(created.error.error.message);
  const id: string = created.data.id;
  const released = await mes.POST("/api/v1/work-orders/{id}/release", { params: { path: { id } } });
  if (!released.data) throw new Error(released.error.error.message);
  const read = await mes.GET("/api/v1/work-orders/{id}", { params: { path: { id } } });
  if (!read.data) throw new Error(read.error.error.message);
  // Fields the MES always sends are required in the generated types: no "?." and no "!" needed.
  const status: string = read.data.status;
  const jobStates: JobState[] = read.data.jobOrders.map((job) => job.state);
  const allowed: string[] = read.data.jobOrders[0].allowedCommands;
  const good: number = read.data.progress.good;
  return { status, jobStates, allowed, good };
}
`;

describe("The OpenAPI document as an ERP team uses it", function () {
  let dir: string;
  let app: RestApp;
  let document: Record<string, unknown>;
  let documentFile: string;

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "mes-openapi-clients-"));
    app = await startRestApp(`sqlite:${path.join(dir, "mes.sqlite")}`);
    document = (await (await fetch(`${app.url}/api/openapi.json`)).json()) as Record<string, unknown>;
    documentFile = path.join(dir, "openapi.json");
    writeFileSync(documentFile, JSON.stringify(document));
  });

  after(async function () {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("passes Redocly's recommended lint with no error and no warning beyond those the README accepts", async function () {
    this.timeout(60_000);
    const cli = path.resolve("node_modules/@redocly/cli/bin/cli.js");
    // The CLI exits 1 when it finds an error; the JSON report on stdout says what either way.
    const { stdout } = await run(process.execPath, [cli, "lint", documentFile, "--format=json"], { env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" }, maxBuffer: 16 * 1024 * 1024 }).catch(
      (failure: { stdout: string }) => failure,
    );
    const report = JSON.parse(stdout) as { problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[] };
    const found = report.problems.map((problem) => ({ ruleId: problem.ruleId, severity: problem.severity, pointer: problem.location[0]?.pointer, message: problem.message }));
    const unaccepted = found.filter((problem) => problem.severity === "error" || !ACCEPTED_LINT_WARNINGS.some((accepted) => accepted.ruleId === problem.ruleId && accepted.pointer === problem.pointer));
    expect(unaccepted, JSON.stringify(unaccepted, null, 1)).to.deep.equal([]);
  });

  it("names every operation, including the callback the ERP serves, each once", function () {
    const ids: string[] = [];
    const paths = document.paths as Record<string, Record<string, { operationId?: string; callbacks?: Record<string, Record<string, Record<string, { operationId?: string }>>> }>>;
    for (const [route, operations] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        expect(operation.operationId, `${method} ${route}`).to.be.a("string");
        ids.push(operation.operationId!);
        for (const callback of Object.values(operation.callbacks ?? {})) for (const expression of Object.values(callback)) for (const inner of Object.values(expression)) ids.push(inner.operationId!);
      }
    }
    expect(ids).to.include("receiveWorkOrderEvent");
    expect(new Set(ids).size).to.equal(ids.length);
  });

  it("generates types with openapi-typescript from which an openapi-fetch client type-checks, then creates, releases and reads an order", async function () {
    this.timeout(120_000);
    const client = path.join(dir, "client");
    rmSync(client, { recursive: true, force: true });
    mkdirSync(client);
    symlinkSync(path.resolve("node_modules"), path.join(client, "node_modules"), "dir");
    writeFileSync(path.join(client, "mes-api.d.ts"), astToString(await openapiTS(pathToFileURL(documentFile))));
    writeFileSync(path.join(client, "erp-client.ts"), ERP_CLIENT);
    writeFileSync(
      path.join(client, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", skipLibCheck: true, types: [] }, files: ["erp-client.ts"] }),
    );
    writeFileSync(path.join(client, "package.json"), JSON.stringify({ type: "module" }));
    const typeCheck = await run(process.execPath, [path.resolve("node_modules/typescript/bin/tsc"), "-p", client]).catch((failure: { stdout: string }) => failure);
    expect(typeCheck.stdout, "tsc on the ERP client").to.equal("");

    const { orderAndRelease } = (await import(pathToFileURL(path.join(client, "erp-client.ts")).href)) as { orderAndRelease: (baseUrl: string, token: string, erpId: string) => Promise<unknown> };
    expect(await orderAndRelease(app.url, app.tokens.ERP, "ERP-GEN-1")).to.deep.equal({ status: "released", jobStates: ["AllowedToStart"], allowed: ["update", "revoke-start", "begin", "abort", "cancel"], good: 0 });
  });
});
