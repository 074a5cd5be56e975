import { expect } from "chai";
import { execFile } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { gunzipSync, gzipSync } from "node:zlib";
import Database from "better-sqlite3";
import type { RunningMes } from "../../../src/app.js";
import { openStore } from "../../../src/store/open-store.js";
import type { PlcSimulator } from "../../../tools/plc-sim/simulator.js";
import { databaseSnapshot } from "../../support/database-snapshot.js";
import { startDemoMes, startDemoSimulator } from "../../support/demo-mes.js";
import { mysqlTestDatabases, type TestDatabase } from "../../support/mysql-database.js";
import { restCall } from "../../support/rest-call.js";
import { waitFor } from "../../support/wait-for.js";

const TSX_LOADER = import.meta.resolve("tsx");
/** Longer than the demo's production flush (1 s): a database unchanged over it has nothing under way. */
const QUIET_MS = 2500;

const run = promisify(execFile);
const cli = (tool: "backup" | "restore", ...args: string[]) => run(process.execPath, ["--import", TSX_LOADER, path.resolve(`tools/${tool}.ts`), ...args]);
const refusal = (tool: "backup" | "restore", ...args: string[]) =>
  cli(tool, ...args).then(
    () => expect.fail(`npm run ${tool} -- ${args.join(" ")} should have failed`),
    (error: { code: number; stderr: string }) => error,
  );

/**
 * Given the demo MES running on a database with production, stops, scrap, orders and accounts in it,
 * when a plant backs it up with `npm run backup` while it runs and restores with `npm run restore`,
 * then the restored database holds every record of the backup's moment, row for row.
 */
describe("npm run backup and npm run restore", function () {
  this.timeout(240_000);
  let sqliteFiles = 0;
  const databases: TestDatabase[] = [{ name: "SQLite", skip: false, url: async (dir) => `sqlite:${path.join(dir, `mes-${++sqliteFiles}.sqlite`)}` }, ...mysqlTestDatabases()];

  for (const database of databases) {
    describe(`on ${database.name}`, function () {
      let dir: string;
      let sim: PlcSimulator;
      let mes: RunningMes;
      let url: string;
      let backups: string;

      before(async function () {
        if (database.skip) this.skip();
        dir = mkdtempSync(path.join(tmpdir(), "mes-backup-"));
        backups = path.join(dir, "backups");
        sim = await startDemoSimulator();
        url = await database.url(dir);
        mes = await startDemoMes(dir, sim, url);
        // Something in every kind of table: production, a stop with its reason, scrap, an order released and begun.
        const press = sim.plc("plc-assembly").machine("Press1");
        press.setState("running");
        await waitFor("press-1 running", async () => (await restCall(mes.httpUrl, "GET", "/api/v1/equipment/press-1")).body.live?.machineState === "running");
        press.produce(7, 2);
        // Scrap is classified within what was counted: the counts are in first.
        await waitFor("production records", async () => (await databaseSnapshot(url)).production_record?.length > 0);
        press.setState("faulted", 2);
        const window = `from=${new Date(Date.now() - 3_600_000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`;
        const stop = await waitFor("a stop of press-1", async () => (await restCall(mes.httpUrl, "GET", `/api/v1/downtime?equipmentId=press-1&${window}`)).body.items[0]);
        press.setState("running");
        expect((await restCall(mes.httpUrl, "PUT", `/api/v1/downtime/${stop.id}/reason`, { reasonCode: "jam" })).status).to.equal(200);
        expect((await restCall(mes.httpUrl, "POST", "/api/v1/scrap", { equipmentId: "press-1", quantity: 1, reasonCode: "dimension" })).status).to.equal(201);
        const order = (await restCall(mes.httpUrl, "POST", "/api/v1/work-orders", { productId: "bracket", quantity: 3, dueAt: new Date(Date.now() + 86_400_000).toISOString() })).body;
        const released = (await restCall(mes.httpUrl, "POST", `/api/v1/work-orders/${order.id}/release`)).body;
        expect((await restCall(mes.httpUrl, "POST", `/api/v1/job-orders/${released.jobOrders[0].id}/begin`, {})).status).to.equal(200);
      });

      after(async function () {
        await mes?.stop();
        await sim?.stop();
        await database.drop?.();
        if (dir) rmSync(dir, { recursive: true, force: true });
      });

      /** The database as it is once nothing has changed in it for QUIET_MS. */
      async function quietSnapshot(): Promise<Record<string, string[]>> {
        let before = await databaseSnapshot(url);
        for (;;) {
          await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
          const now = await databaseSnapshot(url);
          if (JSON.stringify(now) === JSON.stringify(before)) return now;
          before = now;
        }
      }

      it("restores a backup taken while the MES runs to the very same records, row for row", async function () {
        const atBackup = await quietSnapshot();
        const { stdout } = await cli("backup", "--db", url, "--to", backups);
        const summary = JSON.parse(stdout);
        expect(await databaseSnapshot(url), "nothing changed while the backup ran").to.deep.equal(atBackup);
        expect(path.dirname(summary.file)).to.equal(backups);
        expect(path.basename(summary.file)).to.match(database.name === "SQLite" ? /^mes-\d{8}T\d{6}Z\.sqlite$/ : /^mes-\d{8}T\d{6}Z\.sql\.gz$/);
        expect(summary.rows.production_record).to.equal(atBackup.production_record.length).and.to.be.above(0);

        const restoredUrl = await database.url(dir);
        const restored = JSON.parse((await cli("restore", summary.file, "--db", restoredUrl)).stdout);
        expect(restored.rows).to.deep.equal(summary.rows);
        const copy = await databaseSnapshot(restoredUrl);
        for (const table of ["production_record", "equipment_state_interval", "audit_entry", "work_order", "job_order", "job_order_transition", "scrap_classification", "user_account", "access_token", "counter_checkpoint"]) {
          expect(copy[table], table).to.have.length.above(0);
        }
        expect(copy).to.deep.equal(atBackup);
        // The MES opens what was restored: its schema is this code's, nothing is left to migrate.
        const store = await openStore(restoredUrl);
        expect((await store.read.workOrders.findById(JSON.parse(copy.work_order[0]).find(([column]: [string]) => column === "id")[1]))?.productId).to.equal("bracket");
        await store.close();
      });

      it("takes a sound backup while the MES writes, holding every order acknowledged before it began and no half-made one", async function () {
        const acknowledged: string[] = [];
        let writing = true;
        const press = sim.plc("plc-assembly").machine("Press1");
        // An ERP sending orders and releasing each (work order and job orders in one unit of work), and a press producing.
        const writer = (async () => {
          while (writing) {
            const order = (await restCall(mes.httpUrl, "POST", "/api/v1/work-orders", { productId: "bracket", quantity: 2 })).body;
            await restCall(mes.httpUrl, "POST", `/api/v1/work-orders/${order.id}/release`);
            acknowledged.push(order.id);
            press.produce(1, 0);
          }
        })();
        try {
          await waitFor("the writer under way", () => acknowledged.length >= 3);
          const before = [...acknowledged];
          const { stdout } = await cli("backup", "--db", url, "--to", backups, "--keep", "1");
          const during = acknowledged.length - before.length;
          const summary = JSON.parse(stdout);
          expect(summary.removed, "--keep 1 leaves the newest backup only").to.have.length(1);
          expect(readdirSync(backups)).to.deep.equal([path.basename(summary.file)]);
          expect(during, "orders kept coming while the backup ran").to.be.above(0);

          const restoredUrl = await database.url(dir);
          await cli("restore", summary.file, "--db", restoredUrl);
          if (database.name === "SQLite") {
            const db = new Database(restoredUrl.slice("sqlite:".length), { readonly: true });
            expect(db.pragma("integrity_check", { simple: true })).to.equal("ok");
            db.close();
          }
          const copy = await databaseSnapshot(restoredUrl);
          const rows = (table: string) => copy[table].map((row) => Object.fromEntries(JSON.parse(row) as [string, unknown][]));
          const orders = rows("work_order");
          const ids = orders.map((row) => row.id as string);
          expect(ids, "every order acknowledged before the backup began").to.include.members(before);
          expect(orders.length).to.be.at.most((await databaseSnapshot(url)).work_order.length);
          // One moment of the database: a released order has its job orders, and no job order lacks its order.
          const jobs = rows("job_order");
          for (const order of orders.filter((row) => row.status === "released")) expect(jobs.some((job) => job.work_order_id === order.id), `job orders of ${String(order.id)}`).to.equal(true);
          for (const job of jobs.filter((row) => row.work_order_id !== null)) expect(ids).to.include(job.work_order_id);
          const store = await openStore(restoredUrl);
          expect(await store.read.workOrders.findById(before[0])).to.not.equal(null);
          await store.close();
        } finally {
          writing = false;
          await writer;
        }
      });

      it("refuses a backup newer than the code, a backup cut short, and a database that is not empty or whose MES runs", async function () {
        const { stdout } = await cli("backup", "--db", url, "--to", path.join(dir, "refusals"));
        const file = JSON.parse(stdout).file as string;
        const target = await database.url(dir);

        // A backup whose schema has a migration this code does not know, as a newer opcua-mes would write it.
        const newer = path.join(dir, database.name === "SQLite" ? "newer.sqlite" : "newer.sql.gz");
        if (database.name === "SQLite") {
          copyFileSync(file, newer);
          const db = new Database(newer);
          db.prepare("INSERT INTO migrations (timestamp, name) VALUES (?, ?)").run(1799999999999, "RecipeManagement1799999999999");
          db.close();
        } else {
          const text = gunzipSync(readFileSync(file)).toString("utf8").replace(/("migrations":\[[^\]]*)\]/, '$1,"RecipeManagement1799999999999"]');
          writeFileSync(newer, gzipSync(text));
        }
        const tooNew = await refusal("restore", newer, "--db", target);
        expect(tooNew.stderr).to.match(/made by a newer opcua-mes.*RecipeManagement1799999999999/);

        // A backup cut short: a disk that filled up, a killed run.
        const cut = path.join(dir, database.name === "SQLite" ? "cut.sqlite" : "cut.sql");
        const whole = database.name === "SQLite" ? readFileSync(file) : gunzipSync(readFileSync(file));
        writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
        expect((await refusal("restore", cut, "--db", target)).stderr).to.match(database.name === "SQLite" ? /integrity check|malformed|no SQLite database/ : /cut short|ends inside a statement/);

        // Nothing was written by the refusals: the target is still empty, and restoring into it works.
        await cli("restore", file, "--db", target);
        expect((await refusal("restore", file, "--db", target)).stderr).to.match(/is not empty .*--replace/);
        // The running MES's own database, even with --replace: its heartbeat says it is writing.
        expect((await refusal("restore", file, "--db", url, "--replace")).stderr).to.match(/a MES is writing to .* stop it, then restore/);
      });
    });
  }
});
