import { Ajv, type ValidateFunction } from "ajv";
import formats from "ajv-formats";
import { expect } from "chai";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { RunningMes } from "../../src/app.js";
import type { PlcSimulator } from "../../tools/plc-sim/simulator.js";
import { demoPassword } from "../../src/services/demo-accounts.js";
import { startDemoMes, startDemoSimulator } from "../support/demo-mes.js";
import { restCall } from "../support/rest-call.js";
import { certificateFile, clientCertificate } from "../support/opcua-pki.js";
import { waitFor } from "../support/wait-for.js";

/** Routes whose answer is no JSON document to check: the event stream never ends; the OpenAPI document describes itself; the metrics are Prometheus text and the results export CSV. */
const NOT_JSON = new Set(["/api/v1/events", "/api/openapi.json", "/metrics", "/api/v1/quality/results.csv", "/api/v1/alarms.csv"]);
/** State-changing routes that answer 204 No Content. */
const NO_JSON_ANSWER = new Set(["POST /api/v1/auth/logout", "PUT /api/v1/users/:id/password", "DELETE /api/v1/quality/plans/:id", "DELETE /api/v1/work-units/:id/staging/:materialDefinitionId", "DELETE /api/v1/quality/characteristics/:id/limits"]);

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
  /** Example URLs of every GET route, by the route as the router declares it. */
  let examples: Record<string, string[]>;
  let endedJob: string;
  const ajv = new Ajv({ strict: false, allErrors: true });
  formats.default(ajv);

  /** Answers of the state-changing requests the plant was set up with, to check against the document. */
  const changes: { method: string; route: string; url: string; status: number; body: unknown }[] = [];

  const call = async (method: string, url: string, body?: unknown) => {
    const answer = await restCall(mes.httpUrl, method, url, body);
    expect(answer.status, `${method} ${url}: ${JSON.stringify(answer.body)}`).to.be.within(200, 299);
    return answer.body;
  };
  /** A state-changing request whose answer is checked later; `route` is its route as the router declares it. */
  const change = async (method: string, route: string, url: string, body?: unknown) => {
    const answer = await restCall(mes.httpUrl, method, url, body);
    expect(answer.status, `${method} ${url}: ${JSON.stringify(answer.body)}`).to.be.within(200, 299);
    changes.push({ method, route, url, status: answer.status, body: answer.body });
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
    const stop = (await call("GET", `/api/v1/downtime?equipmentId=press-1&${window}`)).items[0];
    await change("PUT", "/api/v1/downtime/:id/reason", `/api/v1/downtime/${stop.id}/reason`, { reasonCode: "jam" });
    await change("POST", "/api/v1/downtime/:id/split", `/api/v1/downtime/${stop.id}/split`, { at: new Date(new Date(stop.start).getTime() + 1).toISOString(), reasonCode: null });
    // A classification gives a reason to counted scrap: the reject made above, once it is booked.
    await waitFor("press-1's reject counted", async () => (await call("GET", `/api/v1/scrap/pareto?equipmentId=press-1&${window}`)).counted >= 1);
    await change("POST", "/api/v1/scrap", "/api/v1/scrap", { equipmentId: "press-1", quantity: 1, reasonCode: "dimension" });
    await change("PUT", "/api/v1/materials/:id", "/api/v1/materials/bronze", { name: "Bronze", unit: "kg" });
    await change("PUT", "/api/v1/products/:id", "/api/v1/products/bush", { name: "Bush", materialDefinitionId: "bronze", workUnits: [{ equipmentId: "mill-1", idealCycleTimeS: 2 }] });
    await change("PUT", "/api/v1/calendars/:id", "/api/v1/calendars/weekend", { name: "Weekend", timeZone: "UTC", shifts: [{ name: "Day", start: "06:00", end: "18:00", days: ["Sat", "Sun"] }] });
    // An inspection plan on the bush, results (the last one out of its specification), and an NCR taken to its close.
    const borePlan = { name: "Bush boring", productId: "bush", step: 1, frequency: { kind: "first-off" }, sampleSize: 1, recordedBy: "inspector", characteristics: [{ id: "bore", name: "Bore", kind: "variable", nominal: 20, lsl: 19.9, usl: 20.1, unit: "mm" }, { id: "bush-visual", name: "Surface", kind: "attribute", defectCodes: ["scratch"] }] };
    await change("PUT", "/api/v1/quality/plans/:id", "/api/v1/quality/plans/bush-bore", borePlan);
    await change("PUT", "/api/v1/quality/plans/:id", "/api/v1/quality/plans/bush-spare", { ...borePlan, characteristics: [{ id: "spare-visual", name: "Spare", kind: "attribute", defectCodes: ["scratch"] }] });
    await call("DELETE", "/api/v1/quality/plans/bush-spare");
    for (const value of [20, 20.02, 19.98]) await change("POST", "/api/v1/quality/results", "/api/v1/quality/results", { characteristicId: "bore", equipmentId: "mill-1", value, lotId: "LOT-B1" });
    const outOfSpec = await change("POST", "/api/v1/quality/results", "/api/v1/quality/results", { characteristicId: "bore", equipmentId: "mill-1", value: 20.3 });
    const boreBaseline = { baseline: { kind: "dates", from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() } };
    await change("PUT", "/api/v1/quality/characteristics/:id/limits", "/api/v1/quality/characteristics/bore/limits", boreBaseline);
    await call("DELETE", "/api/v1/quality/characteristics/bore/limits");
    await change("PUT", "/api/v1/quality/characteristics/:id/limits", "/api/v1/quality/characteristics/bore/limits", boreBaseline);
    await change("POST", "/api/v1/quality/characteristics/:id/limits/recompute", "/api/v1/quality/characteristics/bore/limits/recompute");
    const fromResult = await change("POST", "/api/v1/quality/ncrs", "/api/v1/quality/ncrs", { description: "Bore oversize", quantity: 1, resultId: outOfSpec.result.id });
    await change("PUT", "/api/v1/quality/ncrs/:id/disposition", `/api/v1/quality/ncrs/${fromResult.id}/disposition`, { disposition: "scrap" });
    await change("PUT", "/api/v1/quality/ncrs/:id/corrective-action", `/api/v1/quality/ncrs/${fromResult.id}/corrective-action`, { description: "New boring bar", owner: "maintenance", dueAt: new Date(Date.now() + 86_400_000).toISOString() });
    await change("POST", "/api/v1/quality/ncrs/:id/verify", `/api/v1/quality/ncrs/${fromResult.id}/verify`);
    // Maintenance: a repair asked for from the stop, walked to verified with a spare part; another cancelled; a preventive plan.
    await call("POST", "/api/v1/lots", { lotId: "OA-BRONZE-1", materialDefinitionId: "bronze", quantity: 10, locationId: "fabrication" });
    const repair = await change("POST", "/api/v1/maintenance/work-orders", "/api/v1/maintenance/work-orders", { workUnitId: "press-1", title: "Jam", fromDowntimeId: stop.id, priority: "high" });
    await change("POST", "/api/v1/maintenance/work-orders/:id/plan", `/api/v1/maintenance/work-orders/${repair.id}/plan`, { technician: "maint-1", plannedStart: inADay, plannedDurationMinutes: 30 });
    await change("POST", "/api/v1/maintenance/work-orders/:id/start", `/api/v1/maintenance/work-orders/${repair.id}/start`, {});
    await change("POST", "/api/v1/maintenance/work-orders/:id/finish", `/api/v1/maintenance/work-orders/${repair.id}/finish`, { timeSpentMinutes: 20, partsUsed: [{ lotId: "OA-BRONZE-1", quantity: 1 }], closesDowntimeId: stop.id });
    const supervisor = (await mes.access.issueToken("supervisor", { name: "openapi" }, { id: "test-setup", role: null, door: "config" })).token;
    const verified = await restCall(mes.httpUrl, "POST", `/api/v1/maintenance/work-orders/${repair.id}/verify`, {}, { token: supervisor });
    changes.push({ method: "POST", route: "/api/v1/maintenance/work-orders/:id/verify", url: `/api/v1/maintenance/work-orders/${repair.id}/verify`, status: verified.status, body: verified.body });
    const dropped = await change("POST", "/api/v1/maintenance/work-orders", "/api/v1/maintenance/work-orders", { workUnitId: "press-2", title: "Noise" });
    await change("POST", "/api/v1/maintenance/work-orders/:id/cancel", `/api/v1/maintenance/work-orders/${dropped.id}/cancel`, { comment: "duplicate" });
    await change("POST", "/api/v1/maintenance/plans", "/api/v1/maintenance/plans", { id: "mill-1-coolant", workUnitId: "mill-1", title: "Coolant", kind: "run-time", every: 50 });
    await change("PUT", "/api/v1/maintenance/plans/:id", "/api/v1/maintenance/plans/mill-1-coolant", { workUnitId: "mill-1", title: "Coolant", kind: "run-time", every: 40, dueSoon: 5 });
    const order = await change("POST", "/api/v1/work-orders", "/api/v1/work-orders", { productId: "bracket", quantity: 2, dueAt: new Date(Date.now() + 86_400_000).toISOString(), callbackUrl: "http://127.0.0.1:9/erp" });
    const released = await change("POST", "/api/v1/work-orders/:id/release", `/api/v1/work-orders/${order.id}/release`);
    const job = released.jobOrders[0].id;
    endedJob = job;
    await change("POST", "/api/v1/schedule/preview", "/api/v1/schedule/preview", { rule: "priority" });
    await change("POST", "/api/v1/schedule/commit", "/api/v1/schedule/commit", { rule: "edd" });
    await change("POST", "/api/v1/job-orders/:id/:command", `/api/v1/job-orders/${job}/begin`, {});
    await change("POST", "/api/v1/job-orders/:id/:command", `/api/v1/job-orders/${job}/complete`, {});
    const other = await change("POST", "/api/v1/work-orders", "/api/v1/work-orders", { productId: "bracket", quantity: 1 });
    await change("POST", "/api/v1/work-orders/:id/cancel", `/api/v1/work-orders/${other.id}/cancel`, { comment: "the customer cancelled" });
    await change("POST", "/api/v1/job-orders", "/api/v1/job-orders", { id: "CONTRACT-1", equipmentId: "press-2", quantity: 4, start: false });
    await change("PUT", "/api/v1/job-orders/:id", "/api/v1/job-orders/CONTRACT-1", { equipmentId: "press-2", quantity: 5 });
    // An operator runs the work of stations without a dispatch driver: one job started and finished, one left running.
    await change("POST", "/api/v1/job-orders", "/api/v1/job-orders", { id: "CONTRACT-2", equipmentId: "welder-1", quantity: 2, start: true });
    await change("POST", "/api/v1/work-units/:id/start-job", "/api/v1/work-units/welder-1/start-job", { jobOrderId: "CONTRACT-2" });
    await change("POST", "/api/v1/work-units/:id/finish-job", "/api/v1/work-units/welder-1/finish-job", { jobOrderId: "CONTRACT-2" });
    await change("POST", "/api/v1/job-orders", "/api/v1/job-orders", { id: "CONTRACT-3", equipmentId: "press-2", quantity: 2, start: true });
    await change("POST", "/api/v1/work-units/:id/start-job", "/api/v1/work-units/press-2/start-job", {});
    const monday = new Date(Date.now() - ((new Date().getUTCDay() + 6) % 7) * 86_400_000);
    monday.setUTCHours(0, 0, 0, 0);
    await change("PUT", "/api/v1/personnel/:id", "/api/v1/personnel/new-hire", { name: "New Hire", classes: ["Operator"], qualifications: ["press-line"], contractedHours: 40, maxHours: 48 });
    await change("POST", "/api/v1/rosters/preview", "/api/v1/rosters/preview", { weekStart: monday.toISOString() });
    await change("POST", "/api/v1/rosters/commit", "/api/v1/rosters/commit", { weekStart: monday.toISOString() });
    await change("POST", "/api/v1/users", "/api/v1/users", { id: "erp-2", name: "Second ERP", roles: ["ERP"] });
    await change("PUT", "/api/v1/users/:id", "/api/v1/users/erp-2", { name: "Second ERP link", roles: ["ERP"], disabled: false });
    const token = await change("POST", "/api/v1/users/:id/tokens", "/api/v1/users/erp-2/tokens", { name: "nightly sync", expiresInDays: 30 });
    await change("DELETE", "/api/v1/users/:id/tokens/:tokenId", `/api/v1/users/erp-2/tokens/${token.id}`);
    await change("POST", "/api/v1/auth/login", "/api/v1/auth/login", { user: "operator", password: demoPassword("operator") });
    // A client the OPC UA server refused, as its certificate waits in the server PKI's rejected folder.
    const stranger = await clientCertificate(path.join(dir, "stranger"), "contract test HMI");
    mkdirSync(path.join(dir, "pki", "rejected"), { recursive: true });
    copyFileSync(certificateFile(stranger), path.join(dir, "pki", "rejected", "stranger.pem"));
    await stranger.dispose();
    const certificate = (await call("GET", "/api/v1/certificates")).items.find((c: { subject: string }) => c.subject === "CN=contract test HMI").thumbprint;
    await change("POST", "/api/v1/certificates/:pki/:thumbprint/trust", `/api/v1/certificates/server/${certificate}/trust`);
    await change("POST", "/api/v1/certificates/:pki/:thumbprint/reject", `/api/v1/certificates/server/${certificate}/reject`);
    // Inventory: a lot received, split, moved, merged, quarantined and released, staged and consumed from; a BOM.
    await change("PUT", "/api/v1/products/:id/bom", "/api/v1/products/bracket/bom", { lines: [{ step: 1, materialDefinitionId: "steel-sheet", quantityPerGood: 1, quantityPerScrap: 1, unit: "pcs" }] });
    await change("POST", "/api/v1/lots", "/api/v1/lots", { lotId: "OA-STEEL-1", materialDefinitionId: "steel-sheet", quantity: 50, unit: "pcs", locationId: "fabrication" });
    await change("POST", "/api/v1/lots/:id/split", "/api/v1/lots/OA-STEEL-1/split", { quantity: 10 });
    await change("POST", "/api/v1/lots/:id/move", "/api/v1/lots/OA-STEEL-1.1/move", { toLocationId: "press-line" });
    await change("POST", "/api/v1/lots/:id/merge", "/api/v1/lots/OA-STEEL-1.1/merge", { targetLotId: "OA-STEEL-1", quantity: 2 });
    await change("PUT", "/api/v1/lots/:id/status", "/api/v1/lots/OA-STEEL-1.1/status", { status: "quarantined", comment: "inspection" });
    await change("PUT", "/api/v1/lots/:id/status", "/api/v1/lots/OA-STEEL-1.1/status", { status: "available" });
    await change("PUT", "/api/v1/work-units/:id/staging", "/api/v1/work-units/press-2/staging", { lotId: "OA-STEEL-1.1" });
    await change("POST", "/api/v1/consumptions", "/api/v1/consumptions", { lotId: "OA-STEEL-1.1", quantity: 2, workUnitId: "press-2" });
    await change("POST", "/api/v1/consumptions", "/api/v1/consumptions", { materialDefinitionId: "steel-sheet", quantity: 1, workUnitId: "press-2" });
    await change("PUT", "/api/v1/material-classes/:id", "/api/v1/material-classes/sheet-metal", { name: "Sheet metal" });
    await change("PUT", "/api/v1/material-classes/:id", "/api/v1/material-classes/sheet-metal", { name: "Sheet metal", description: "cold rolled" });
    await change("PUT", "/api/v1/materials/:id/properties", "/api/v1/materials/steel-sheet/properties", { classId: "sheet-metal", properties: [{ name: "thickness", value: "1.5", unit: "mm" }, { name: "grade", value: "DC04" }] });
    // The fault of press-1 above raised an alarm: acknowledged, commented, shelved and unshelved, confirmed.
    const fault = await waitFor("press-1's fault alarm", async () => (await call("GET", "/api/v1/alarms?workUnitId=press-1&kind=fault")).items[0]);
    await change("POST", "/api/v1/alarms/:id/acknowledge", `/api/v1/alarms/${fault.id}/acknowledge`, { comment: "seen" });
    await change("POST", "/api/v1/alarms/:id/comment", `/api/v1/alarms/${fault.id}/comment`, { comment: "jam at the die" });
    await change("POST", "/api/v1/alarms/:id/shelve", `/api/v1/alarms/${fault.id}/shelve`, { mode: "timed", durationMs: 60_000 });
    await change("POST", "/api/v1/alarms/:id/unshelve", `/api/v1/alarms/${fault.id}/unshelve`, {});
    await change("POST", "/api/v1/alarms/:id/confirm", `/api/v1/alarms/${fault.id}/confirm`);
    const person = (await call("GET", "/api/v1/personnel")).items[0].id;
    const calendar = (await call("GET", "/api/v1/calendars")).items[0].id;

    examples = {
      "/healthz": ["/healthz"],
      "/api/v1/auth/me": ["/api/v1/auth/me"],
      "/api/v1/users": ["/api/v1/users"],
      "/api/v1/users/:id": ["/api/v1/users/admin"],
      "/api/v1/users/:id/tokens": ["/api/v1/users/admin/tokens"],
      "/api/v1/audit": ["/api/v1/audit"],
      "/api/v1/certificates": ["/api/v1/certificates"],
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
      "/api/v1/work-units/:id/queue": ["/api/v1/work-units/press-2/queue", "/api/v1/work-units/welder-1/queue"],
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
      "/api/v1/work-units/:id/inspections": ["/api/v1/work-units/mill-1/inspections", "/api/v1/work-units/press-2/inspections"],
      "/api/v1/quality/plans": ["/api/v1/quality/plans", "/api/v1/quality/plans?productId=bush"],
      "/api/v1/quality/plans/:id": ["/api/v1/quality/plans/bush-bore"],
      "/api/v1/quality/results": ["/api/v1/quality/results", "/api/v1/quality/results?characteristicId=bore&limit=2"],
      "/api/v1/quality/characteristics/:id/limits": ["/api/v1/quality/characteristics/bore/limits"],
      "/api/v1/quality/characteristics/:id/chart": ["/api/v1/quality/characteristics/bore/chart", "/api/v1/quality/characteristics/bore/chart?baselinePoints=2"],
      "/api/v1/quality/ncrs": ["/api/v1/quality/ncrs", "/api/v1/quality/ncrs?status=closed"],
      "/api/v1/quality/ncrs/:id": [`/api/v1/quality/ncrs/${fromResult.id}`],
      "/api/v1/lots": ["/api/v1/lots", "/api/v1/lots?status=available&materialDefinitionId=steel-sheet"],
      "/api/v1/lots/:id": ["/api/v1/lots/OA-STEEL-1.1"],
      "/api/v1/lots/:id/genealogy": ["/api/v1/lots/OA-STEEL-1/genealogy?direction=forward", "/api/v1/lots/OA-STEEL-1/genealogy?direction=backward"],
      "/api/v1/stock": ["/api/v1/stock", "/api/v1/stock?locationId=press-2"],
      "/api/v1/movements": ["/api/v1/movements", "/api/v1/movements?problem=true"],
      "/api/v1/work-units/:id/staging": ["/api/v1/work-units/press-2/staging"],
      "/api/v1/staging": ["/api/v1/staging"],
      "/api/v1/products/:id/bom": ["/api/v1/products/bracket/bom"],
      "/api/v1/maintenance/work-orders": ["/api/v1/maintenance/work-orders", "/api/v1/maintenance/work-orders?workUnitId=press-1&status=verified,cancelled&limit=5"],
      "/api/v1/maintenance/work-orders/:id": [`/api/v1/maintenance/work-orders/${repair.id}`],
      "/api/v1/maintenance/plans": ["/api/v1/maintenance/plans", "/api/v1/maintenance/plans?workUnitId=mill-1"],
      "/api/v1/maintenance/plans/:id": ["/api/v1/maintenance/plans/mill-1-coolant"],
      "/api/v1/maintenance/due": ["/api/v1/maintenance/due", "/api/v1/maintenance/due?workUnitId=press-1"],
      "/api/v1/maintenance/reliability": ["/api/v1/maintenance/reliability", `/api/v1/maintenance/reliability?workUnitId=press-1&${window}`],
      "/api/v1/material-classes": ["/api/v1/material-classes"],
      "/api/v1/material-classes/:id": ["/api/v1/material-classes/sheet-metal"],
      "/api/v1/materials/:id/properties": ["/api/v1/materials/steel-sheet/properties"],
      "/api/v1/alarms": ["/api/v1/alarms", `/api/v1/alarms?active=false&workUnitId=press-1&kind=fault&${window}`],
      "/api/v1/alarms/:id": [`/api/v1/alarms/${fault.id}`],
    };
  });

  after(async function () {
    await mes?.stop();
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("has an example for every GET route, so a new one is checked the day it is added", function () {
    const routes = mes.httpRoutes.filter((route) => route.method === "GET" && !NOT_JSON.has(route.path)).map((route) => route.path);
    expect(routes.filter((route) => !examples[route])).to.deep.equal([]);
  });

  /** What is wrong with an answer by the document's schema for its route, method and status; null when nothing is. */
  function problemOf(method: string, route: string, url: string, status: number, body: unknown): string | null {
    const documented = document.paths[route.replace(/:(\w+)/g, "{$1}")]?.[method.toLowerCase()]?.responses?.[String(status)]?.content?.["application/json"]?.schema;
    if (!documented) return `${method} ${route}: no ${status} JSON schema documented`;
    const validate = ajv.compile(strict(documented, document.components.schemas) as object);
    return validate(body) ? null : `${method} ${url.split("?")[0]} (${status}): ${described(validate)}`;
  }

  it("answers every GET route with what its 200 schema says, and nothing it does not", async function () {
    const problems: (string | null)[] = [];
    for (const [route, list] of Object.entries(examples)) for (const url of list) problems.push(problemOf("GET", route, url, 200, await call("GET", url)));
    expect(problems.filter(Boolean)).to.deep.equal([]);
  });

  it("answers every state-changing route with what its schema for that status says, and nothing it does not", async function () {
    const answering = mes.httpRoutes.filter((route) => route.method !== "GET" && !NO_JSON_ANSWER.has(`${route.method} ${route.path}`));
    expect(answering.filter((route) => !changes.some((c) => c.method === route.method && c.route === route.path)).map((route) => `${route.method} ${route.path}`), "routes without an example").to.deep.equal([]);
    const problems = changes.map(({ method, route, url, status, body }) => problemOf(method, route, url, status, body));
    expect(problems.filter(Boolean)).to.deep.equal([]);
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
    expect(refusals[4].answer.body.error.details).to.include({ state: "Ended" });
    expect(refusals[4].answer.body.error.details.allowed).to.be.an("array");
  });
});
