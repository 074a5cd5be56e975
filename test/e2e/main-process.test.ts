import { expect } from "chai";
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openStore } from "../../src/store/open-store.js";
import { freePort } from "../../tools/free-port.js";
import { waitFor } from "../support/wait-for.js";
import { testDatabases, type TestDatabase } from "../support/mysql-database.js";

/** tsx's loader by absolute URL: `--import tsx` would resolve from the child's working directory. */
const TSX_LOADER = import.meta.resolve("tsx");

/**
 * `npm start` as a person runs it: the real entry point in its own process, the demo
 * configuration with its in-process PLC simulator, then Ctrl-C.
 */
describe("npm start (src/main.ts in its own process)", function () {
  const databases: TestDatabase[] = testDatabases();

  for (const database of databases) {
    describe(`on ${database.name}`, function () {
      let dir: string;
      let child: ChildProcess | undefined;
      let output = "";

      before(async function () {
        if (database.skip) this.skip();
        dir = mkdtempSync(path.join(tmpdir(), "mes-main-"));
        cpSync(path.resolve("config"), path.join(dir, "config"), { recursive: true });
        // The demo's fixed PLC ports would collide with a demo running beside the tests.
        for (const port of [48401, 48402, 48403]) {
          const free = String(await freePort());
          for (const file of ["plant.yaml", "plc-sim.yaml"]) {
            const full = path.join(dir, "config", file);
            writeFileSync(full, readFileSync(full, "utf8").replaceAll(String(port), free));
          }
        }
      });

      after(async function () {
        child?.kill("SIGKILL");
        await database.drop?.();
        if (dir) rmSync(dir, { recursive: true, force: true });
      });

      it("prints its OPC UA and HTTP endpoints, serves the plant, and stops cleanly on SIGINT with nothing left open", async function () {
        const url = await database.url(dir);
        const httpPort = await freePort();
        child = spawn(process.execPath, ["--import", TSX_LOADER, path.resolve("src/main.ts")], {
          cwd: dir,
          env: { ...process.env, MES_CONFIG_DIR: path.join(dir, "config"), MES_DB_URL: url, MES_OPCUA_PORT: String(await freePort()), MES_HTTP_PORT: String(httpPort) },
          stdio: ["ignore", "pipe", "pipe"],
        });
        child.stdout!.on("data", (chunk) => (output += chunk));
        child.stderr!.on("data", (chunk) => (output += chunk));
        const exited = new Promise<number | null>((resolve) => child!.once("exit", (code) => resolve(code)));

        await waitFor("the endpoints to be printed", () => /HTTP\s+http:\/\/localhost:\d+/.test(output), 60_000);
        expect(output).to.match(/OPC UA\s+opc\.tcp:\/\/[^:]+:\d+\/opcua-mes/);
        // node-opcua's notice about the OPC 10030 nodeset's binary dictionary comes from the MES's own address space, once (README).
        expect(output.match(/Cannot process any more dataTypeDictionary/g) ?? [], "dataTypeDictionary notices").to.have.length.at.most(1);
        const health: any = await waitFor("every simulated PLC connected", async () => {
          const body: any = await (await fetch(`http://127.0.0.1:${httpPort}/healthz`)).json();
          return body.plcs.every((plc: { connectionState: string }) => plc.connectionState === "connected") ? body : undefined;
        });
        expect(health.database.dialect).to.equal(database.name === "SQLite" ? "sqlite" : "mysql");
        expect((await fetch(`http://127.0.0.1:${httpPort}/api/v1/equipment`)).status, "the plant without signing in").to.equal(401);
        const login = await fetch(`http://127.0.0.1:${httpPort}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ user: "observer", password: "observer-demo-pass" }) });
        expect(login.status, "the README's demo login").to.equal(200);
        const cookie = login.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
        const tree: any = await (await fetch(`http://127.0.0.1:${httpPort}/api/v1/equipment`, { headers: { cookie } })).json();
        expect(tree.items[0].id).to.equal("acme");
        // Its log is JSON lines (mes.yaml logging.format): the request is there, the password and the cookie are not.
        const request = await waitFor("the request's log line", () => jsonLines(output).find((line) => line.event === "http.request" && line.path === "/api/v1/equipment" && line.status === 200));
        expect(request).to.include({ level: "info", route: "/api/v1/equipment", actor: "observer", door: "ui" });
        expect(output).not.to.contain("observer-demo-pass");
        for (const value of cookie.split("; ").map((pair) => pair.split("=")[1])) expect(output).not.to.contain(value);

        child.kill("SIGINT");
        expect(await exited, output).to.equal(0);
        child = undefined;
        expect(output).to.contain("SIGINT: stopping");

        const store = await openStore(url);
        try {
          expect(await store.read.stateIntervals.findAllOpen(), "state intervals closed at shutdown").to.deep.equal([]);
          expect((await store.read.equipment.findAll()).length).to.equal(16);
        } finally {
          await store.close();
        }
      });
    });
  }
});

/** The lines of a process's output that are JSON objects (node-opcua prints some plain lines of its own). */
function jsonLines(output: string): Record<string, any>[] {
  return output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line));
}
