import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { RunningMes } from "../../src/app.js";
import type { PlcSimulator } from "../../tools/plc-sim/simulator.js";
import { startDemoMes, startDemoSimulator } from "../support/demo-mes.js";
import { testDatabases, type TestDatabase } from "../support/mysql-database.js";
import { restCall } from "../support/rest-call.js";
import { waitFor } from "../support/wait-for.js";

interface Tile {
  id: string;
  machineState: string;
  stateSince: string | null;
}

/**
 * Given the demo plant with Press 1 running, when the MES is stopped and started again on the same
 * database while the press runs on (an update, a reboot), then the wall screen still says the press
 * has run since it started running, not since the MES came back.
 */
describe("The overview's \"since\" after an MES restart", function () {
  this.timeout(180_000);
  const databases: TestDatabase[] = testDatabases();

  for (const database of databases) {
    describe(`on ${database.name}`, function () {
      let dir: string;
      let sim: PlcSimulator;
      let mes: RunningMes | undefined;

      before(async function () {
        if (database.skip) this.skip();
        dir = mkdtempSync(path.join(tmpdir(), "mes-since-"));
        sim = await startDemoSimulator();
      });

      after(async function () {
        await mes?.stop();
        await sim?.stop();
        await database.drop?.();
        if (dir) rmSync(dir, { recursive: true, force: true });
      });

      const tile = async (id: string, state: string): Promise<Tile | undefined> => {
        const { body } = await restCall(mes!.httpUrl, "GET", "/api/v1/overview");
        const found = (body.workUnits as Tile[]).find((t) => t.id === id);
        return found?.machineState === state && found.stateSince ? found : undefined;
      };

      it("keeps the state's start from the database across a clean restart, and starts again after a real change", async function () {
        const url = await database.url(dir);
        mes = await startDemoMes(dir, sim, url);
        const press = sim.plc("plc-assembly").machine("Press1");
        press.setState("running");
        const before = await waitFor("press-1 running on the overview", () => tile("press-1", "running"));
        // The state's interval is in the database before the MES goes down.
        await waitFor("the running interval stored", async () => (await mes!.store.read.stateIntervals.findOpen("press-1"))?.state === "running");
        await new Promise((resolve) => setTimeout(resolve, 1500));
        await mes.stop();
        mes = undefined;

        const restartedAt = Date.now();
        mes = await startDemoMes(dir, sim, url);
        const open = await waitFor("press-1 recorded as running after the restart", async () => {
          const interval = await mes!.store.read.stateIntervals.findOpen("press-1");
          return interval?.state === "running" && interval.startedAt.getTime() >= restartedAt ? interval : undefined;
        });
        expect(open.startedAt.getTime(), "the database has a new interval from the restart").to.be.at.least(restartedAt);
        const after = await waitFor("press-1 running on the overview again", () => tile("press-1", "running"));
        expect(after.stateSince, "since the press started running, not since the MES came back").to.equal(before.stateSince);

        press.setState("idle");
        const idle = await waitFor("press-1 idle on the overview", () => tile("press-1", "idle"));
        expect(Date.parse(idle.stateSince!), "a real change starts the clock again").to.be.at.least(restartedAt);
      });
    });
  }
});
