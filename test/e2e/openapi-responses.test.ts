import { Ajv, type ValidateFunction } from "ajv";
import formats from "ajv-formats";
import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { RunningMes } from "../../src/app.js";
import type { PlcSimulator } from "../../tools/plc-sim/simulator.js";
import { startDemoMes, startDemoSimulator } from "../support/demo-mes.js";
import { restCall } from "../support/rest-call.js";
import { waitFor } from "../support/wait-for.js";

/** Routes whose answer is no JSON document to check: the event stream never ends; the OpenAPI document describes itself. */
const NOT_JSON = new Set(["/api/v1/events", "/api/openapi.json"]);

type Schema = Record<string, unknown>;

/**
 * The documented schema, made strict: an object lists every property it may have. An ERP team
 * generates its client from this document; a field the MES sends but does not document, or
 * documents under another name, is a field that client cannot see. An allOf is merged into one
 * object first, or each of its parts would refuse the others' properties.
 */
function strict(schema: unknown, components: Record<string, Schema>): unknown {
  if (Array.isArray(schema)) return schema.map((item) => strict(item, components));
  if (!schema || typeof schema !== "object") return schema;
  const { allOf, ...rest } = schema as Schema;
  const whole = allOf ? { ...rest, ...merged(allOf as Schema[], components) } : rest;
  const copy: Schema = Object.fromEntries(Object.entries(whole).map(([key, value]) => [key, strict(value, components)]));
  if (copy.$ref) copy.$ref = `openapi.json${String(copy.$ref)}`;
  if (copy.properties && copy.additionalProperties === undefined && !copy.oneOf && !copy.anyOf) copy.additionalProperties = false;
  return copy;
}

function merged(parts: Schema[], components: Record<string, Schema>): Schema {
  const resolved = parts.map((part) => (part.$ref ? components[String(part.$ref).split("/").pop()!] : part)).map((part) => (part.allOf ? { ...part, ...merged(part.allOf as Schema[], components) } : part));
  return {
    type: "object",
    properties: Object.assign({}, ...resolved.map((part) => part.properties ?? {})),
    required: [...new Set(resolved.flatMap((part) => (part.required as string[] | undefined) ?? []))],
  };
}

/** Each distinct problem once, with the field it is about ("items[].live: must NOT have additional property machineState"). */
function described(validate: ValidateFunction): string {
  const lines = (validate.errors ?? []).map((error) => {
    const at = error.instancePath.replace(/\/\d+/g, "[]").replace(/\//g, ".").replace(/^\./, "") || "(the answer)";
    const extra = (error.params as { additionalProperty?: string }).additionalProperty;
    return `${at}: ${error.message}${extra ? ` ${extra}` : ""}`;
  });
  return [...new Set(lines)].join("; ");
}

describe("The REST answers are what the OpenAPI document says, field for field", function () {
  let dir: string;
  let sim: PlcSimulator;
  let mes: RunningMes;
  let document: any;
  const urls = new Map<string, string[]>();
  let endedJob: string;
  const ajv = new Ajv({ strict: false, allErrors: true });
  formats.default(ajv);

  const call = async (method: string, route: string, body?: unknown) => {
    const answer = await restCall(mes.httpUrl, method, route, body);
    expect(answer.status, `${method} ${route}: ${JSON.stringify(answer.body)}`).to.be.within(200, 299);
    return answer.body;
  };

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "mes-openapi-answers-"));
    sim = await startDemoSimulator();
    mes = await startDemoMes(dir, sim);
    document = await call("GET", "/api/openapi.json");
    ajv.addSchema(strict({ components: document.components }, document.components.schemas) as object, "openapi.json");

    const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
    const inADay = new Date(Date.now() + 86_400_000).toISOString();
    const window = `from=${encodeURIComponent(hourAgo)}&to=${encodeURIComponent(inADay)}`;
    // A plant with something in every answer: production, a stop, scrap, an order run to its end with a callback, a schedule.
    const press = sim.plc("plc-assembly").machine("Press1");
    press.setState("running");
    await waitFor("press-1 running", async () => (await call("GET", "/api/v1/equipment/press-1")).live?.machineState === "running");
    press.produce(5, 1);
    press.setState("faulted");
    await waitFor("a stop of press-1", async () => (await call("GET", `/api/v1/downtime?equipmentId=press-1&${window}`)).items.length > 0);
    press.setState("running");
    await call("POST", "/api/v1/scrap", { equipmentId: "press-1", quantity: 1, reasonCode: "dimension" });
    const order = await call("POST", "/api/v1/work-orders", { productId: "bracket", quantity: 2, dueAt: new Date(Date.now() + 86_400_000).toISOString(), callbackUrl: "http://127.0.0.1:9/erp" });
    const released = await call("POST", `/api/v1/work-orders/${order.id}/release`);
    const job = released.jobOrders[0].id;
    endedJob = job;
    await call("POST", "/api/v1/schedule/commit", { rule: "edd" });
    await call("POST", `/api/v1/job-orders/${job}/begin`, {});
    await call("POST", `/api/v1/job-orders/${job}/complete`, {});
    const monday = new Date(Date.now() - ((new Date().getUTCDay() + 6) % 7) * 86_400_000);
    monday.setUTCHours(0, 0, 0, 0);
    await call("POST", "/api/v1/rosters/commit", { weekStart: monday.toISOString() });
    const person = (await call("GET", "/api/v1/personnel")).items[0].id;
    const calendar = (await call("GET", "/api/v1/calendars")).items[0].id;

    const examples: Record<string, string[]> = {
      "/healthz": ["/healthz"],
      "/api/v1/auth/me": ["/api/v1/auth/me"],
      "/api/v1/users": ["/api/v1/users"],
      "/api/v1/users/:id": ["/api/v1/users/admin"],
      "/api/v1/users/:id/tokens": ["/api/v1/users/admin/tokens"],
      "/api/v1/audit": ["/api/v1/audit"],
      "/api/v1/overview": ["/api/v1/overview"],
      "/api/v1/equipment": ["/api/v1/equipment"],
      "/api/v1/equipment/:id": ["/api/v1/equipment/press-1", "/api/v1/equipment/cplab-1", "/api/v1/equipment/press-line", "/api/v1/equipment/acme"],
      "/api/v1/equipment/:id/states": [`/api/v1/equipment/press-1/states?${window}`],
      "/api/v1/materials": ["/api/v1/materials"],
      "/api/v1/materials/:id": ["/api/v1/materials/steel-sheet"],
      "/api/v1/products": ["/api/v1/products"],
      "/api/v1/products/:id": ["/api/v1/products/bracket"],
      "/api/v1/work-orders": ["/api/v1/work-orders"],
      "/api/v1/work-orders/:id": [`/api/v1/work-orders/${order.id}`],
      "/api/v1/work-orders/:id/performance": [`/api/v1/work-orders/${order.id}/performance`],
      "/api/v1/work-orders/:id/callbacks": [`/api/v1/work-orders/${order.id}/callbacks`],
      "/api/v1/job-orders": ["/api/v1/job-orders"],
      "/api/v1/job-orders/:id": [`/api/v1/job-orders/${job}`],
      "/api/v1/oee/:equipmentId": [`/api/v1/oee/press-1?${window}&granularity=hour`, `/api/v1/oee/acme?${window}&granularity=shift`],
      "/api/v1/oee/:equipmentId/current-shift": ["/api/v1/oee/press-1/current-shift", "/api/v1/oee/press-line/current-shift"],
      "/api/v1/calendars": ["/api/v1/calendars"],
      "/api/v1/calendars/:id": [`/api/v1/calendars/${calendar}`],
      "/api/v1/reasons": ["/api/v1/reasons"],
      "/api/v1/downtime": [`/api/v1/downtime?equipmentId=press-1&${window}`],
      "/api/v1/downtime/pareto": [`/api/v1/downtime/pareto?equipmentId=press-1&${window}`],
      "/api/v1/scrap": [`/api/v1/scrap?equipmentId=press-1&${window}`],
      "/api/v1/scrap/pareto": [`/api/v1/scrap/pareto?equipmentId=press-1&${window}`],
      "/api/v1/schedule": [`/api/v1/schedule?${window}`],
      "/api/v1/personnel": ["/api/v1/personnel"],
      "/api/v1/personnel/on-shift": ["/api/v1/personnel/on-shift"],
      "/api/v1/personnel/:id": [`/api/v1/personnel/${person}`],
      "/api/v1/rosters": [`/api/v1/rosters?${window}`],
    };
    for (const [route, list] of Object.entries(examples)) urls.set(route, list);
  });

  after(async function () {
    await mes?.stop();
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("has an example for every GET route, so a new one is checked the day it is added", function () {
    const routes = mes.httpRoutes.filter((route) => route.method === "GET" && !NOT_JSON.has(route.path)).map((route) => route.path);
    expect(routes.filter((route) => !urls.has(route))).to.deep.equal([]);
  });

  it("answers every GET route with what its 200 schema says, and nothing it does not", async function () {
    const problems: string[] = [];
    for (const [route, list] of urls) {
      const documented = document.paths[route.replace(/:(\w+)/g, "{$1}")]?.get?.responses?.["200"]?.content?.["application/json"]?.schema;
      if (!documented) {
        problems.push(`${route}: no 200 JSON schema documented`);
        continue;
      }
      const validate: ValidateFunction = ajv.compile(strict(documented, document.components.schemas) as object);
      for (const url of list) {
        const body = await call("GET", url);
        if (!validate(body)) problems.push(`${url.split("?")[0]}: ${described(validate)}`);
      }
    }
    expect(problems).to.deep.equal([]);
  });

  it("answers refusals in the documented Error shape: 400 naming the field, 401, 403, 404, 409", async function () {
    const validate = ajv.compile(strict(document.components.schemas.Error, document.components.schemas) as object);
    const observer = (await mes.access.issueToken("observer", { name: "contract test" }, { id: "test-setup", role: null, door: "config" })).token;
    const refusals = [
      { status: 400, answer: await restCall(mes.httpUrl, "POST", "/api/v1/work-orders", { productId: "bracket", quantity: "two" }) },
      { status: 401, answer: await restCall(mes.httpUrl, "GET", "/api/v1/work-orders", undefined, { token: null }) },
      { status: 403, answer: await restCall(mes.httpUrl, "POST", "/api/v1/scrap", { equipmentId: "press-1", quantity: 1, reasonCode: "dimension" }, { token: observer }) },
      { status: 404, answer: await restCall(mes.httpUrl, "GET", "/api/v1/work-orders/no-such-order") },
      { status: 409, answer: await restCall(mes.httpUrl, "POST", `/api/v1/job-orders/${endedJob}/start`, {}) },
    ];
    for (const { status, answer } of refusals) {
      expect(answer.status, JSON.stringify(answer.body)).to.equal(status);
      expect(validate(answer.body), `${status}: ${described(validate)}`).to.equal(true);
    }
    expect(refusals[0].answer.body.error.details.field).to.equal("quantity");
  });
});
