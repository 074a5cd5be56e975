import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import mysql from "mysql2/promise";
import { StatusCodes } from "node-opcua";
import type { RunningMes } from "../../src/app.js";
import { demoPassword } from "../../src/services/demo-accounts.js";
import type { Log } from "../../src/services/log.js";
import type { PlcSimulator } from "../../tools/plc-sim/simulator.js";
import { startDemoMes, startDemoSimulator, withMethodsDriver } from "../support/demo-mes.js";
import { mysqlTestDatabases } from "../support/mysql-database.js";
import { openTestSession, type TestSession } from "../support/opcua-session.js";
import { restCall } from "../support/rest-call.js";
import { startTcpRelay, type TcpRelay } from "../support/tcp-relay.js";
import { waitFor } from "../support/wait-for.js";
import { plantNodeId } from "../support/opcua-browse.js";

const [mariadb] = mysqlTestDatabases();

/**
 * The database goes away under a running MES (MariaDB behind a loopback relay the test cuts, as a
 * network fault or a stopped server would): every door says "unavailable, ask again", live views
 * go on, counting goes on in memory, and the log says it once.
 */
describe("A database outage under a running MES (MariaDB)", function () {
  let dir: string;
  let sim: PlcSimulator;
  let mes: RunningMes;
  let relay: TcpRelay;
  let databaseUrl: string;
  let operator: TestSession;
  const lines: { level: "info" | "warn" | "error"; message: string; at: number }[] = [];
  const log: Log = {
    info: (message) => lines.push({ level: "info", message, at: Date.now() }),
    warn: (message) => lines.push({ level: "warn", message, at: Date.now() }),
    error: (message) => lines.push({ level: "error", message, at: Date.now() }),
  };

  const goodOfPress1 = async () => {
    const connection = await mysql.createConnection(databaseUrl);
    try {
      const [rows] = await connection.query("SELECT COALESCE(SUM(good), 0) AS good FROM production_record WHERE equipment_id = 'press-1'");
      return Number((rows as { good: number }[])[0].good);
    } finally {
      await connection.end();
    }
  };

  before(async function () {
    if (mariadb.skip) this.skip();
    dir = mkdtempSync(path.join(tmpdir(), "mes-outage-"));
    databaseUrl = await mariadb.url(dir);
    const direct = new URL(databaseUrl);
    relay = await startTcpRelay(new URL(`http://${direct.hostname}:${direct.port || 3306}`));
    const relayed = new URL(databaseUrl);
    relayed.port = new URL(relay.url).port;
    relayed.hostname = "127.0.0.1";
    sim = await startDemoSimulator();
    mes = await startDemoMes(dir, sim, relayed.toString(), withMethodsDriver("press-1"), undefined, log);
    // Signed in before the outage: a session already open keeps working without the database.
    operator = await openTestSession(mes.opcuaEndpoint, "operator");
    expect((await restCall(mes.httpUrl, "GET", "/api/v1/overview")).status).to.equal(200);
  });

  after(async function () {
    relay?.restore();
    await operator?.close();
    await mes?.stop();
    await sim?.stop();
    await relay?.close();
    await mariadb.drop?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("answers 503 with Retry-After on every door, keeps the live views, counts in memory and logs the outage once", async function () {
    const press = sim.plc("plc-assembly").machine("Press1");
    const goodBefore = await waitFor("the first flush", async () => {
      await mes.recorder.flush();
      return goodOfPress1();
    });
    const cutAt = Date.now();
    relay.cut();

    // Health, records and login all say the database is away and when to ask again.
    await waitFor("/healthz to see the outage", async () => (await restCall(mes.httpUrl, "GET", "/healthz")).status === 503);
    const health = await restCall(mes.httpUrl, "GET", "/healthz");
    expect([health.body.database.status, health.headers.get("cache-control")]).to.deep.equal(["unreachable", "no-store"]);
    for (const [method, route, body] of [
      ["GET", "/api/v1/work-orders", undefined],
      ["GET", "/api/v1/job-orders", undefined],
      ["POST", "/api/v1/work-orders", { productId: "bracket", quantity: 1 }],
      ["POST", "/api/v1/auth/login", { user: "supervisor", password: demoPassword("supervisor") }],
    ] as const) {
      const answer = await restCall(mes.httpUrl, method, route, body, route === "/api/v1/auth/login" ? { token: null } : {});
      expect([answer.status, answer.headers.get("retry-after"), answer.body.error.code, answer.body.error.details.reason], `${method} ${route}`).to.deep.equal([503, "5", "unavailable", "database_unreachable"]);
    }

    // What needs no database keeps answering: the overview and a work unit's live values.
    press.setState("running");
    const overview = await restCall(mes.httpUrl, "GET", "/api/v1/overview");
    expect(overview.status).to.equal(200);
    expect(overview.body.workUnits.map((tile: { id: string }) => tile.id)).to.include("press-1");
    const detail = await restCall(mes.httpUrl, "GET", "/api/v1/equipment/press-1");
    expect([detail.status, detail.body.live.plc.connectionState]).to.deep.equal([200, "connected"]);

    // OPC UA: a method call is refused as "resource unavailable", a new password login likewise, not as a wrong password.
    const taken = await operator.session.call({ objectId: plantNodeId(mes.opcua, "press-1.Dispatch"), methodId: plantNodeId(mes.opcua, "press-1.Dispatch.TakeNextJob"), inputArguments: [] });
    expect(taken.statusCode.name).to.equal(StatusCodes.BadResourceUnavailable.name);
    const login = await openTestSession(mes.opcuaEndpoint, "supervisor").then(
      async (session) => {
        await session.close();
        return "signed in";
      },
      (error: Error) => error.message,
    );
    expect(login).to.contain("BadResourceUnavailable");

    // Parts made meanwhile are counted in memory.
    press.produce(5, 0);
    await waitFor("the parts to reach the MES", () => mes.live.workUnit("press-1")?.signals.get("GoodCount") !== undefined);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const during = lines.filter((line) => line.at >= cutAt && line.level === "error");
    expect(during.map((line) => line.message), "ERROR lines during the outage").to.have.length(1);
    expect(during[0].message).to.match(/^database unreachable/);

    relay.restore();
    await waitFor("/healthz to see the database back", async () => (await restCall(mes.httpUrl, "GET", "/healthz")).status === 200, 30_000, 200);
    await waitFor("the parts of the outage written once", async () => {
      await mes.recorder.flush();
      return (await goodOfPress1()) === goodBefore + 5;
    }, 30_000, 200);
    expect(lines.some((line) => line.level === "info" && /^database reachable again after \d+ s/.test(line.message))).to.equal(true);
    expect((await restCall(mes.httpUrl, "GET", "/api/v1/work-orders")).status).to.equal(200);
  });
});
