import { expect } from "chai";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { PlcSimulator } from "../../tools/plc-sim/simulator.js";
import type { RunningMes } from "../../src/app.js";
import type { MesSettings } from "../../src/config/schema.js";
import { startDemoMes, startDemoSimulator } from "../support/demo-mes.js";
import { testDatabases, type TestDatabase } from "../support/mysql-database.js";
import { hasOwnPlcSession } from "../support/own-plc-session.js";
import { waitFor } from "../support/wait-for.js";

const LEASE_SECONDS = 3;
/** Press 1 and Press 2 are on one PLC (plc-assembly); each instance owns one of them. */
const PRESSES = [
  { machine: "Press1", unit: "press-1" },
  { machine: "Press2", unit: "press-2" },
];

const owning = (instanceId: string, owns: string[]) => (settings: MesSettings): MesSettings => ({ ...settings, cluster: { ...settings.cluster, instanceId, owns, takeOver: true, leaseSeconds: LEASE_SECONDS } });

/**
 * Given one PLC serving work units of two MES instances (A owns Press 1, B owns Press 2), each
 * instance has a session to that PLC and records the signals of its own unit only: every part is
 * counted once, by its unit's owner. When B stops, A takes Press 2 over on the same PLC and counts on.
 */
describe("a PLC serving work units of two MES instances", function () {
  this.timeout(180_000);
  const databases: TestDatabase[] = testDatabases();

  for (const database of databases) {
    describe(`on ${database.name}`, function () {
      let dir: string;
      let sim: PlcSimulator;
      let a: RunningMes | undefined;
      let b: RunningMes | undefined;

      before(async function () {
        if (database.skip) this.skip();
        dir = mkdtempSync(path.join(tmpdir(), "mes-shared-plc-"));
        sim = await startDemoSimulator();
      });

      after(async function () {
        await b?.stop();
        await a?.stop();
        await sim?.stop();
        await database.drop?.();
        if (dir) rmSync(dir, { recursive: true, force: true });
      });

      const counterOf = (machine: string) => sim.plc("plc-assembly").machine(machine).goodCount;
      const produce = (n: number) => PRESSES.forEach((press) => sim.plc("plc-assembly").machine(press.machine).produce(n));
      const checkpoints = async () => new Map((await a!.store.read.counterCheckpoints.findAll()).filter((c) => c.counter === "good").map((c) => [c.equipmentId, c.value]));
      const recorded = async (unit: string) => (await a!.store.read.productionRecords.totals(unit, new Date(0), new Date(Date.now() + 3_600_000))).good;
      const allStored = async () => {
        const stored = await checkpoints();
        return PRESSES.every((press) => stored.get(press.unit) === counterOf(press.machine)) && stored;
      };

      it("counts each unit's parts once, by its owner, and moves a unit to the other instance on the same PLC", async function () {
        const url = await database.url(dir);
        mkdirSync(path.join(dir, "a"));
        mkdirSync(path.join(dir, "b"));
        a = await startDemoMes(path.join(dir, "a"), sim, url, undefined, undefined, undefined, owning("mes-a", ["press-1"]));
        b = await startDemoMes(path.join(dir, "b"), sim, url, undefined, undefined, undefined, owning("mes-b", ["press-2"]));
        expect([a.ownership.ownsLocally("press-1"), a.ownership.ownsLocally("press-2")]).to.deep.equal([true, false]);
        expect([b.ownership.ownsLocally("press-1"), b.ownership.ownsLocally("press-2")]).to.deep.equal([false, true]);
        await waitFor("both instances connected to plc-assembly", async () => (await hasOwnPlcSession(a!, "plc-assembly")) && (await hasOwnPlcSession(b!, "plc-assembly")));
        expect(await hasOwnPlcSession(a, "plc-packaging"), "no session to a PLC none of whose units it owns").to.equal(false);

        const baseline = await waitFor("the baselines stored", allStored);
        for (let i = 0; i < 10; i++) {
          produce(1);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        await waitFor("the counts stored", allStored);
        for (const press of PRESSES) expect(await recorded(press.unit), `${press.unit}: counted once`).to.equal(counterOf(press.machine) - baseline.get(press.unit)!);
        expect(a.live.workUnit("press-2")?.signals.get("GoodCount")?.value, "A does not follow B's unit on the PLC").to.equal(null);

        // B stops (its leases released): A takes Press 2 over, its session to the PLC rebuilt with both units.
        await b.stop();
        b = undefined;
        await waitFor("A owning press-2 and connected", async () => a!.ownership.ownsLocally("press-2") && (await hasOwnPlcSession(a!, "plc-assembly")), 30_000);
        for (let i = 0; i < 10; i++) {
          produce(1);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        await waitFor("the counts stored by A", allStored);
        for (const press of PRESSES) expect(await recorded(press.unit), `${press.unit}: counted once across the move`).to.equal(counterOf(press.machine) - baseline.get(press.unit)!);
      });
    });
  }
});
