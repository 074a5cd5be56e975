import { expect } from "chai";
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { PlcSimulator } from "../../tools/plc-sim/simulator.js";
import { freePort } from "../../tools/free-port.js";
import { startDemoSimulator } from "../support/demo-mes.js";
import { testDatabases, type TestDatabase } from "../support/mysql-database.js";
import { waitFor } from "../support/wait-for.js";

/** tsx's loader by absolute URL: `--import tsx` would resolve from the child's working directory. */
const TSX_LOADER = import.meta.resolve("tsx");
/** The demo's production flush interval (config/mes.yaml), which is also the heartbeat's. */
const FLUSH_MS = 1000;
/** How long the MES stays dead: far longer than a flush, so a restart-time close cannot pass for a heartbeat one. */
const DOWN_MS = 6000;

interface StateItem {
  state: string;
  start: string;
  end: string | null;
}

/**
 * Given the MES in its own process on the demo plant, its PLCs simulated by the test, and Press 1 running,
 * when the MES is killed with SIGKILL (no shutdown of any kind) and started again seconds later,
 * then the running interval it left open ends at its last heartbeat, not at the restart, and the
 * time it was dead is unrecorded: the OEE's recordedShare and unknownMs say so.
 */
describe("a MES killed with SIGKILL and started again", function () {
  this.timeout(240_000);
  const databases: TestDatabase[] = testDatabases();

  for (const database of databases) {
    describe(`on ${database.name}`, function () {
      let dir: string;
      let sim: PlcSimulator;
      let child: ChildProcess | undefined;
      let output = "";
      let url: string;

      before(async function () {
        if (database.skip) this.skip();
        dir = mkdtempSync(path.join(tmpdir(), "mes-crash-"));
        cpSync(path.resolve("config"), path.join(dir, "config"), { recursive: true });
        sim = await startDemoSimulator();
        // The MES's PLCs are the test's simulator, so the machines outlive the MES as real ones would.
        const plantFile = path.join(dir, "config", "plant.yaml");
        writeFileSync(plantFile, readFileSync(plantFile, "utf8").replace(/(- id: (\S+)\n(?:\s+name: .*\n)?\s+endpointUrl: )\S+/g, (_all, head: string, id: string) => `${head}${sim.plc(id).endpointUrl}`));
        // One shift around the clock without breaks: every millisecond of the test is planned busy time.
        const oeeFile = path.join(dir, "config", "oee.yaml");
        writeFileSync(
          oeeFile,
          readFileSync(oeeFile, "utf8").replace(/\ncalendars:\n(?:\s+.*\n)+?(?=\S)/, '\ncalendars:\n  all-day:\n    name: All day\n    timeZone: UTC\n    shifts: [{ name: Day, start: "00:00", end: "00:00", days: [Mon, Tue, Wed, Thu, Fri, Sat, Sun] }]\n    equipmentIds: [plant-1]\n'),
        );
        url = await database.url(dir);
      });

      after(async function () {
        child?.kill("SIGKILL");
        await sim?.stop();
        await database.drop?.();
        if (dir) rmSync(dir, { recursive: true, force: true });
      });

      async function startChild(): Promise<{ get: (route: string) => Promise<any>; exited: Promise<unknown> }> {
        const httpPort = await freePort();
        output = "";
        child = spawn(process.execPath, ["--import", TSX_LOADER, path.resolve("src/main.ts")], {
          cwd: dir,
          env: { ...process.env, MES_CONFIG_DIR: path.join(dir, "config"), MES_DB_URL: url, MES_OPCUA_PORT: String(await freePort()), MES_HTTP_PORT: String(httpPort), MES_SIMULATOR: "off" },
          stdio: ["ignore", "pipe", "pipe"],
        });
        child.stdout!.on("data", (chunk) => (output += chunk));
        child.stderr!.on("data", (chunk) => (output += chunk));
        const exited = new Promise((resolve) => child!.once("exit", resolve));
        await waitFor("the endpoints to be printed", () => /HTTP\s+http:\/\/localhost:\d+/.test(output), 90_000);
        const base = `http://127.0.0.1:${httpPort}`;
        await waitFor("every PLC connected", async () => ((await (await fetch(`${base}/healthz`)).json()) as any).plcs.every((plc: { connectionState: string }) => plc.connectionState === "connected"));
        const login = await fetch(`${base}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ user: "observer", password: "observer-demo-pass" }) });
        expect(login.status).to.equal(200);
        const cookie = login.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
        const get = async (route: string) => {
          const response = await fetch(`${base}${route}`, { headers: { cookie } });
          expect(response.status, route).to.equal(200);
          return response.json();
        };
        return { get, exited };
      }

      const states = async (get: (route: string) => Promise<any>, from: number): Promise<StateItem[]> =>
        (await get(`/api/v1/equipment/press-1/states?from=${new Date(from).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`)).items;

      it("ends the running interval at the last heartbeat, not at the restart, and leaves the time it was dead unrecorded", async function () {
        const first = await startChild();
        const began = Date.now();
        sim.plc("plc-assembly").machine("Press1").setState("running");
        const running = await waitFor("press-1 running on the MES", async () => (await states(first.get, began - 60_000)).find((item) => item.state === "running" && item.end === null));
        const runningFrom = Date.parse(running.start);
        // A few flushes, so there is a heartbeat after the interval began.
        await new Promise((resolve) => setTimeout(resolve, 3 * FLUSH_MS));
        const killedAt = Date.now();
        child!.kill("SIGKILL");
        await first.exited;
        child = undefined;
        await new Promise((resolve) => setTimeout(resolve, DOWN_MS));

        const restartedAt = Date.now();
        const second = await startChild();
        // Press 1 ran on throughout; the MES records it again from the moment it is back.
        const back = await waitFor("press-1 running again after the restart", async () => (await states(second.get, runningFrom)).find((item) => item.state === "running" && Date.parse(item.start) >= restartedAt));
        const items = await states(second.get, runningFrom);
        const before = items.find((item) => Date.parse(item.start) === runningFrom)!;
        const endedAt = Date.parse(before.end!);
        expect(endedAt, "the interval ends by the kill").to.be.at.most(killedAt);
        expect(killedAt - endedAt, "at the last heartbeat, at most a flush (and a write) before the kill").to.be.below(FLUSH_MS + 1000);
        const between = items.filter((item) => Date.parse(item.start) < Date.parse(back.start) && (item.end === null || Date.parse(item.end) > endedAt));
        expect(between, "nothing is recorded while the MES was dead").to.deep.equal([]);

        // The wall screen still says since when the press has run: the restart found it running as the crash left it.
        const tile = await waitFor("press-1 running on the overview", async () => ((await second.get("/api/v1/overview")).workUnits as { id: string; machineState: string; stateSince: string | null }[]).find((t) => t.id === "press-1" && t.machineState === "running"));
        expect(tile.stateSince, "since the press started running, not since the MES came back").to.equal(running.start);

        const oee = await second.get(`/api/v1/oee/press-1?from=${new Date(runningFrom).toISOString()}&to=${back.start}`);
        const windowMs = Date.parse(back.start) - runningFrom;
        expect(oee.elements.pbtMs).to.equal(windowMs);
        expect(oee.elements.unknownMs, "the dead time is unknown, not running").to.equal(Date.parse(back.start) - endedAt);
        expect(oee.elements.unknownMs).to.be.at.least(DOWN_MS);
        expect(oee.elements.aptMs).to.equal(endedAt - runningFrom);
        expect(oee.recordedShare).to.be.closeTo((endedAt - runningFrom) / windowMs, 1e-9);
        expect(oee.recordedShare).to.be.below(0.5);
      });
    });
  }
});
