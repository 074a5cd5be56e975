import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DataType, makeBrowsePath, StatusCodes, VariantArrayType } from "node-opcua";
import type { RunningMes } from "../../src/app.js";
import { demoPassword } from "../../src/services/demo-accounts.js";
import type { PlcSimulator } from "../../tools/plc-sim/simulator.js";
import { capturedLog, type CapturedLog } from "../support/captured-log.js";
import { startDemoMes, startDemoSimulator } from "../support/demo-mes.js";
import { namespaceIndex, plantNodeId } from "../support/opcua-browse.js";
import { openTestSession, type TestSession } from "../support/opcua-session.js";
import { parsePrometheusText, valueOf, type Sample } from "../support/prometheus-text.js";
import { restCall } from "../support/rest-call.js";
import { waitFor } from "../support/wait-for.js";

const JOB_CONTROL = "http://opcfoundation.org/UA/ISA95-JOBCONTROL_V2/";

describe("Operations: the /metrics endpoint and the JSON log of a running MES", function () {
  let dir: string;
  let sim: PlcSimulator;
  let mes: RunningMes;
  let captured: CapturedLog;
  let operatorSession: TestSession | undefined;
  let anonymousSession: TestSession | undefined;

  let adminToken: string;

  /** GET /metrics as Prometheus asks for it: with the Admin's token, another one, or none (null). */
  async function scrape(token: string | null = adminToken): Promise<{ status: number; contentType: string | null; samples: Sample[] }> {
    const response = await fetch(`${mes.httpUrl}/metrics`, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });
    const text = await response.text();
    return { status: response.status, contentType: response.headers.get("content-type"), samples: response.status === 200 ? parsePrometheusText(text) : [] };
  }

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "mes-metrics-"));
    captured = capturedLog("info");
    sim = await startDemoSimulator();
    mes = await startDemoMes(dir, sim, undefined, undefined, undefined, captured.log);
    adminToken = (await mes.access.issueToken("admin", { name: "prometheus" }, { id: "test-setup", role: null, door: "config" })).token;
    await waitFor("every PLC connected", async () => {
      const health = await restCall(mes.httpUrl, "GET", "/healthz");
      return health.body.plcs.every((plc: { connectionState: string }) => plc.connectionState === "connected");
    });
  });

  after(async function () {
    await operatorSession?.close();
    await anonymousSession?.close();
    await mes?.stop();
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("counts a job driven over REST, the requests by route and status, PLC links, OPC UA sessions, the outbox, transactions and the flush lag", async function () {
    // Given a job run by an operator on a station without a driver, an order whose ERP is down, and parts made
    expect((await restCall(mes.httpUrl, "POST", "/api/v1/job-orders", { id: "MET-1", equipmentId: "welder-1", quantity: 2, start: true })).status).to.equal(201);
    expect((await restCall(mes.httpUrl, "POST", "/api/v1/work-units/welder-1/start-job", { jobOrderId: "MET-1" })).status).to.equal(200);
    expect((await restCall(mes.httpUrl, "POST", "/api/v1/work-units/welder-1/finish-job", { jobOrderId: "MET-1" })).status).to.equal(200);
    expect((await restCall(mes.httpUrl, "GET", "/api/v1/work-orders/no-such-order")).status).to.equal(404);
    const order = await restCall(mes.httpUrl, "POST", "/api/v1/work-orders", { productId: "bracket", quantity: 1, callbackUrl: "http://127.0.0.1:9/erp" });
    expect(order.status).to.equal(201);
    expect((await restCall(mes.httpUrl, "POST", `/api/v1/work-orders/${order.body.id}/release`)).status).to.equal(200);
    const press = sim.plc("plc-assembly").machine("Press1");
    press.setState("running");
    press.produce(3, 0);
    operatorSession = await openTestSession(mes.opcuaEndpoint, "operator");

    // When Prometheus scrapes with an Admin's token
    const { samples, status, contentType } = await waitFor("the parts written", async () => {
      const scraped = await scrape();
      return (valueOf(scraped.samples, "mes_production_flush_lag_seconds_count") ?? 0) > 0 ? scraped : undefined;
    });

    // Then it reads every figure the issue names
    expect(status).to.equal(200);
    expect(contentType).to.match(/^text\/plain; version=0\.0\.4/);
    expect(valueOf(samples, "mes_job_transitions_total", { command: "StoreAndStart", state: "AllowedToStart" }), "the job stored, and the released order's").to.be.at.least(2);
    expect(valueOf(samples, "mes_job_transitions_total", { command: "Begin", state: "Running" }), "the job begun").to.equal(1);
    expect(valueOf(samples, "mes_job_transitions_total", { command: "Complete", state: "Ended" }), "the job finished").to.equal(1);
    expect(valueOf(samples, "mes_http_requests_total", { method: "POST", route: "/api/v1/job-orders", status: "201" })).to.equal(1);
    expect(valueOf(samples, "mes_http_requests_total", { method: "POST", route: "/api/v1/work-units/:id/finish-job", status: "200" })).to.equal(1);
    expect(valueOf(samples, "mes_http_requests_total", { method: "GET", route: "/api/v1/work-orders/:id", status: "404" })).to.equal(1);
    expect(valueOf(samples, "mes_http_request_duration_seconds_count", { method: "POST", route: "/api/v1/job-orders" })).to.equal(1);
    expect(samples.some((sample) => sample.name === "mes_http_requests_total" && sample.labels.route.includes("no-such-order")), "a series per id").to.equal(false);
    for (const plc of mes.config.plant.plcs) {
      expect(valueOf(samples, "mes_plc_connected", { plc: plc.id }), plc.id).to.equal(1);
      expect(valueOf(samples, "mes_plc_mirrored_signals", { plc: plc.id }), plc.id).to.be.greaterThan(0);
    }
    expect(valueOf(samples, "mes_plc_signal_changes_total", { plc: "plc-assembly" })).to.be.greaterThan(0);
    expect(valueOf(samples, "mes_opcua_sessions"), "the operator's session").to.be.at.least(1);
    expect(valueOf(samples, "mes_opcua_subscriptions"), "its subscription").to.be.at.least(1);
    expect(valueOf(samples, "mes_callback_outbox_depth"), "the callback to the ERP that is down").to.be.at.least(1);
    expect(valueOf(samples, "mes_db_transaction_duration_seconds_count", { outcome: "commit" })).to.be.greaterThan(0);
    expect(valueOf(samples, "mes_production_pending_records")).to.be.a("number");
    expect(valueOf(samples, "nodejs_eventloop_lag_seconds"), "the event loop lag").to.be.a("number");
  });

  it("refuses a scrape without a token (401) and with a token of a role metrics.allowRoles does not name (403)", async function () {
    // metrics.allowAddresses is empty in the demo settings: the tests' 127.0.0.1 is no exception.
    expect(mes.config.settings.metrics.allowAddresses).to.deep.equal([]);
    expect((await scrape(null)).status).to.equal(401);
    const observer = (await mes.access.issueToken("observer", { name: "curious" }, { id: "test-setup", role: null, door: "config" })).token;
    const refused = await fetch(`${mes.httpUrl}/metrics`, { headers: { authorization: `Bearer ${observer}` } });
    expect(refused.status).to.equal(403);
    expect(((await refused.json()) as any).error.details.permission).to.equal("metrics");
  });

  it("logs one JSON line per request, PLC connection and refused command, and never a password, token or cookie", async function () {
    // Given a person who signs in on the web with a password, a session cookie and its CSRF token, an API token, an OPC UA password login
    const login = await restCall(mes.httpUrl, "POST", "/api/v1/auth/login", { user: "supervisor", password: demoPassword("supervisor") }, { token: null });
    expect(login.status).to.equal(200);
    const cookies = login.headers.getSetCookie().map((cookie) => cookie.split(";")[0]);
    const csrf = login.body.csrfToken as string;
    const session = await fetch(`${mes.httpUrl}/api/v1/job-orders`, { method: "POST", headers: { cookie: cookies.join("; "), "x-csrf-token": csrf, "content-type": "application/json" }, body: JSON.stringify({ id: "LOG-1", equipmentId: "welder-1", quantity: 1, start: false }) });
    expect(session.status).to.equal(201);
    const issued = await restCall(mes.httpUrl, "POST", "/api/v1/users/admin/tokens", { name: "erp" });
    expect(issued.status).to.equal(201);
    const token = issued.body.token as string;
    expect((await restCall(mes.httpUrl, "GET", "/api/v1/job-orders/LOG-1", undefined, { token })).status).to.equal(200);
    // ...and commands refused: one not allowed by the state (409), one by the role (403), one over OPC UA
    expect((await restCall(mes.httpUrl, "POST", "/api/v1/job-orders/LOG-1/complete", {}, { token })).status).to.equal(409);
    const observer = (await mes.access.issueToken("observer", { name: "nosy" }, { id: "test-setup", role: null, door: "config" })).token;
    expect((await restCall(mes.httpUrl, "POST", "/api/v1/job-orders/LOG-1/cancel", {}, { token: observer })).status).to.equal(403);
    anonymousSession = await openTestSession(mes.opcuaEndpoint);
    const jc = await namespaceIndex(anonymousSession.session, JOB_CONTROL);
    const receiver = plantNodeId(mes.opcua, "welder-1.JobOrderControl");
    const methodId = (await anonymousSession.session.translateBrowsePath(makeBrowsePath(receiver, `/${jc}:Start`))).targets![0].targetId;
    const call = await anonymousSession.session.call({ objectId: receiver, methodId, inputArguments: [{ dataType: DataType.String, value: "LOG-1" }, { dataType: DataType.LocalizedText, arrayType: VariantArrayType.Array, value: [] }] });
    expect(call.statusCode).to.equal(StatusCodes.BadUserAccessDenied);

    const lines = captured.lines();
    // Then each request is one line: method, route pattern, status, time, who
    const requests = lines.filter((line) => line.event === "http.request");
    const byToken = requests.find((line) => line.path === "/api/v1/job-orders/LOG-1" && line.method === "GET");
    expect(byToken).to.include({ level: "info", route: "/api/v1/job-orders/:id", status: 200, actor: "admin", door: "rest" });
    expect(byToken!.ms).to.be.a("number");
    expect(requests.find((line) => line.method === "POST" && line.path === "/api/v1/job-orders" && line.status === 201 && line.actor === "supervisor")).to.include({ door: "ui" });
    // ...a refused command is a warning that says why
    expect(requests.find((line) => line.path === "/api/v1/job-orders/LOG-1/complete")).to.include({ level: "warn", status: 409, error: "conflict" });
    const forbidden = requests.find((line) => line.path === "/api/v1/job-orders/LOG-1/cancel");
    expect(forbidden).to.include({ level: "warn", status: 403, error: "forbidden", actor: "observer" });
    expect(forbidden!.reason).to.match(/needs one of the roles/);
    expect(lines.find((line) => line.event === "command.refused" && line.door === "opcua")).to.include({ level: "warn", command: "Start", status: "BadUserAccessDenied", actor: "anonymous" });
    // ...each PLC's connection is a line of its own
    for (const plc of mes.config.plant.plcs) expect(lines.find((line) => line.event === "plc.connection" && line.plcId === plc.id), plc.id).to.include({ level: "info", state: "connected" });

    // And no secret is anywhere in the log
    const text = captured.text();
    const secrets = {
      "the web password": demoPassword("supervisor"),
      "the OPC UA password": demoPassword("operator"),
      "the issued token": token,
      "the Admin's token": adminToken,
      "the CSRF token": csrf,
      ...Object.fromEntries(cookies.map((cookie) => [`the cookie ${cookie.split("=")[0]}`, cookie.split("=")[1]])),
    };
    expect(Object.values(secrets).every((secret) => secret.length >= 8), "secrets long enough to search for").to.equal(true);
    expect(Object.entries(secrets).filter(([, secret]) => text.includes(secret)).map(([what]) => what)).to.deep.equal([]);
  });
});
