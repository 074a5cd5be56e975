import { expect } from "chai";
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { PlcSimulator } from "../../tools/plc-sim/simulator.js";
import { freePort } from "../../tools/free-port.js";
import type { RunningMes } from "../../src/app.js";
import { startDemoMes, startDemoSimulator } from "../support/demo-mes.js";
import { testDatabases, type TestDatabase } from "../support/mysql-database.js";
import { restCall } from "../support/rest-call.js";
import { hasOwnPlcSession } from "../support/own-plc-session.js";
import { waitFor } from "../support/wait-for.js";

/** tsx's loader by absolute URL: `--import tsx` would resolve from the child's working directory. */
const TSX_LOADER = import.meta.resolve("tsx");
const LEASE_SECONDS = 3;
/** The demo's counting machines and the work units they feed. */
const MACHINES = [
  { plcId: "plc-assembly", machine: "Press1", unit: "press-1" },
  { plcId: "plc-assembly", machine: "Press2", unit: "press-2" },
  { plcId: "plc-packaging", machine: "Filler1", unit: "packer-1" },
  { plcId: "plc-packaging", machine: "Labeler1", unit: "labeler-1" },
];

/** A stand-in ERP that keeps the delivery id (x-mes-delivery) of every callback it receives. */
async function deliveryReceiver(): Promise<{ url: string; deliveries: string[]; close(): Promise<void> }> {
  const deliveries: string[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      deliveries.push(String(req.headers["x-mes-delivery"]));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/erp/hook`, deliveries, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * Given two MES instances over one database and the simulated plant, A owning the whole plant (its own
 * process) and B a standby (takeOver), parts made all along and work orders with callbacks released,
 * when A is killed with SIGKILL (its leases left to lapse), then B takes the plant over, connects to
 * its PLCs and counts on from the stored checkpoints: every part the PLCs counted is in the database
 * once; the callbacks are sent by one instance at a time, each delivery received once.
 */
describe("a standby MES taking over from an owner killed with SIGKILL", function () {
  this.timeout(300_000);
  const databases: TestDatabase[] = testDatabases();

  for (const database of databases) {
    describe(`on ${database.name}`, function () {
      let dir: string;
      let sim: PlcSimulator;
      let child: ChildProcess | undefined;
      let standby: RunningMes | undefined;
      let receiver: Awaited<ReturnType<typeof deliveryReceiver>>;
      let producing: NodeJS.Timeout | undefined;
      let output = "";
      let url: string;

      before(async function () {
        if (database.skip) this.skip();
        dir = mkdtempSync(path.join(tmpdir(), "mes-failover-"));
        cpSync(path.resolve("config"), path.join(dir, "config"), { recursive: true });
        sim = await startDemoSimulator();
        receiver = await deliveryReceiver();
        const plantFile = path.join(dir, "config", "plant.yaml");
        writeFileSync(plantFile, readFileSync(plantFile, "utf8").replace(/(- id: (\S+)\n(?:\s+name: .*\n)?\s+endpointUrl: )\S+/g, (_all, head: string, id: string) => `${head}${sim.plc(id).endpointUrl}`));
        const settingsFile = path.join(dir, "config", "mes.yaml");
        const settings = readFileSync(settingsFile, "utf8").replace("startDemoJobOrders: true", "startDemoJobOrders: false");
        expect(settings, "the demo's mes.yaml sets the lease's run").to.match(/\n {2}leaseSeconds: \d+\n/);
        writeFileSync(settingsFile, settings.replace(/\n {2}leaseSeconds: \d+\n/, `\n  leaseSeconds: ${LEASE_SECONDS}\n`));
        url = await database.url(dir);
      });

      after(async function () {
        clearInterval(producing);
        child?.kill("SIGKILL");
        await standby?.stop();
        await receiver?.close();
        await sim?.stop();
        await database.drop?.();
        if (dir) rmSync(dir, { recursive: true, force: true });
      });

      async function startOwner(): Promise<{ base: string; exited: Promise<unknown> }> {
        const httpPort = await freePort();
        child = spawn(process.execPath, ["--import", TSX_LOADER, path.resolve("src/main.ts")], {
          cwd: dir,
          env: { ...process.env, MES_CONFIG_DIR: path.join(dir, "config"), MES_DB_URL: url, MES_OPCUA_PORT: String(await freePort()), MES_HTTP_PORT: String(httpPort), MES_SIMULATOR: "off", MES_INSTANCE_ID: "mes-a", MES_OWNS: "acme" },
          stdio: ["ignore", "pipe", "pipe"],
        });
        child.stdout!.on("data", (chunk) => (output += chunk));
        child.stderr!.on("data", (chunk) => (output += chunk));
        const exited = new Promise((resolve) => child!.once("exit", resolve));
        await waitFor("the owner's endpoints to be printed", () => /HTTP\s+http:\/\/localhost:\d+/.test(output), 90_000);
        const base = `http://127.0.0.1:${httpPort}`;
        await waitFor("every PLC connected to the owner", async () => ((await (await fetch(`${base}/healthz`)).json()) as any).plcs.every((plc: { connectionState: string }) => plc.connectionState === "connected"));
        return { base, exited };
      }

      const checkpoints = async () => new Map((await standby!.store.read.counterCheckpoints.findAll()).filter((c) => c.counter === "good").map((c) => [c.equipmentId, c.value]));
      const recorded = async (unit: string) => (await standby!.store.read.productionRecords.totals(unit, new Date(0), new Date(Date.now() + 3_600_000))).good;
      const counterOf = (m: (typeof MACHINES)[number]) => sim.plc(m.plcId).machine(m.machine).goodCount;

      const orders: string[] = [];
      async function releaseOrder(): Promise<void> {
        const order = await restCall(standby!.httpUrl, "POST", "/api/v1/work-orders", { productId: "bracket", quantity: 5, callbackUrl: receiver.url });
        expect(order.status, JSON.stringify(order.body)).to.equal(201);
        const released = await restCall(standby!.httpUrl, "POST", `/api/v1/work-orders/${order.body.id}/release`);
        expect(released.status, JSON.stringify(released.body)).to.equal(200);
        orders.push(order.body.id);
      }

      it("takes the plant over, counts every part once and delivers every callback once", async function () {
        const owner = await startOwner();
        const standbyDir = path.join(dir, "standby");
        mkdirSync(standbyDir);
        standby = await startDemoMes(standbyDir, sim, url, undefined, undefined, undefined, (settings) => ({ ...settings, cluster: { ...settings.cluster, instanceId: "mes-b", owns: [], takeOver: true, leaseSeconds: LEASE_SECONDS } }));
        expect(standby.ownership.ownsLocally("press-1"), "the standby owns nothing while the owner lives").to.equal(false);
        expect(await hasOwnPlcSession(standby, "plc-assembly"), "nor does it connect to the owner's PLCs").to.equal(false);

        // The owner's first readings are the counters' baselines: what the PLCs count from there on must be stored.
        const baseline = await waitFor("the owner's baselines stored", async () => {
          const stored = await checkpoints();
          return MACHINES.every((m) => stored.get(m.unit) === counterOf(m)) && stored;
        });
        producing = setInterval(() => {
          for (const m of MACHINES) sim.plc(m.plcId).machine(m.machine).produce(1);
        }, 50);
        await releaseOrder();
        await waitFor("parts stored by the owner", async () => (await recorded("press-1")) >= 20);
        // Killed after its deliveries are marked delivered: one in flight at the kill would be sent again (at least once, the ERP
        // tells it by its x-mes-delivery id); what this shows is that two living instances never both send one.
        await waitFor("the owner's callbacks delivered", async () => {
          const items = (await restCall(standby!.httpUrl, "GET", `/api/v1/work-orders/${orders[0]}/callbacks`)).body.items as { deliveredAt: string | null }[];
          return items.length === 3 && items.every((item) => item.deliveredAt !== null);
        }, 20_000);

        const killedAt = Date.now();
        child!.kill("SIGKILL");
        await owner.exited;
        child = undefined;
        // Released while nobody sends callbacks: the standby sends them once it holds the sender's lease.
        await releaseOrder();
        await waitFor("the standby owning the plant and connected to its PLCs", async () => standby!.ownership.ownsLocally("press-1") && (await hasOwnPlcSession(standby!, "plc-assembly")) && (await hasOwnPlcSession(standby!, "plc-packaging")), 60_000, 50);
        const failoverMs = Date.now() - killedAt;
        console.log(`      failover: owner killed to standby owning and connected in ${failoverMs} ms (leaseSeconds ${LEASE_SECONDS})`);

        await new Promise((resolve) => setTimeout(resolve, 3000));
        clearInterval(producing);
        producing = undefined;
        await waitFor("the standby's checkpoints at the PLCs' counters", async () => {
          const stored = await checkpoints();
          return MACHINES.every((m) => stored.get(m.unit) === counterOf(m));
        }, 30_000);
        for (const m of MACHINES) {
          expect(await recorded(m.unit), `${m.unit}: parts counted by the PLC since the baseline, stored once`).to.equal(counterOf(m) - baseline.get(m.unit)!);
        }

        const pending = async () => (await standby!.store.read.callbacks.findDue(new Date(Date.now() + 3_600_000), 1000)).length;
        await waitFor("every callback delivered", async () => (await pending()) === 0, 30_000);
        let stored = 0;
        for (const id of orders) {
          const order = await restCall(standby!.httpUrl, "GET", `/api/v1/work-orders/${id}`);
          expect(order.body.jobOrders, `${id}: its job order is there`).to.have.length(1);
          stored += (await restCall(standby!.httpUrl, "GET", `/api/v1/work-orders/${id}/callbacks`)).body.items.length;
        }
        expect(stored, "created, released and store-and-start of both orders").to.equal(6);
        expect(new Set(receiver.deliveries).size, "each delivery received").to.equal(stored);
        expect(receiver.deliveries.length, "each delivery received once").to.equal(stored);
      });
    });
  }
});
