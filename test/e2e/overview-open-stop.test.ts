import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { RunningMes } from "../../src/app.js";
import type { PlcSimulator } from "../../tools/plc-sim/simulator.js";
import { startDemoMes, startDemoSimulator } from "../support/demo-mes.js";
import { restCall } from "../support/rest-call.js";
import { waitFor } from "../support/wait-for.js";

interface Tile {
  id: string;
  machineState: string;
  stateSince: string | null;
  stop: { id: string; startedAt: string; faultCode: string | null; reasonCode: string | null; reason: string[] | null } | null;
}

/**
 * The andon sorts units by their open stop and requests maintenance from it: the overview names each
 * unit's open stop as the downtime list has it, with its fault code and reason, and none while it runs.
 */
describe("The overview's open stop per work unit (REST)", function () {
  this.timeout(120_000);
  let dir: string;
  let sim: PlcSimulator;
  let mes: RunningMes;

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "mes-open-stop-"));
    sim = await startDemoSimulator();
    mes = await startDemoMes(dir, sim);
  });

  after(async function () {
    await mes?.stop();
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const tile = async (id: string, state: string): Promise<Tile | undefined> => {
    const { body } = await restCall(mes.httpUrl, "GET", "/api/v1/overview");
    const found = (body.workUnits as Tile[]).find((t) => t.id === id);
    return found?.machineState === state ? found : undefined;
  };

  it("gives a faulted press its open downtime event with the fault code and the reason it maps to, and none once it runs", async function () {
    const press = sim.plc("plc-assembly").machine("Press1");
    press.setState("faulted", 1);
    const faulted = await waitFor("press-1 faulted with its stop on the overview", async () => {
      const found = await tile("press-1", "faulted");
      return found?.stop?.faultCode ? found : undefined;
    });
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const { body } = await restCall(mes.httpUrl, "GET", `/api/v1/downtime?equipmentId=press-1&from=${from}&to=${to}&includeMicroStops=true`);
    const open = (body.items as { id: string; start: string; end: string | null }[]).filter((item) => item.end === null);
    expect(open, "one open stop in the downtime list").to.have.length(1);
    expect(faulted.stop).to.deep.equal({ id: open[0].id, startedAt: open[0].start, faultCode: "1", reasonCode: "jam", reason: ["Mechanical", "Jam"] });
    expect(Date.parse(faulted.stateSince!), "the state began no later than its stop").to.be.at.most(Date.parse(faulted.stop!.startedAt));

    press.setState("running");
    const running = await waitFor("press-1 running on the overview", async () => {
      const found = await tile("press-1", "running");
      return found && Date.parse(found.stateSince ?? "") >= Date.parse(faulted.stop!.startedAt) ? found : undefined;
    });
    expect(running.stop, "a running unit has no open stop").to.equal(null);

    // Idle is unplanned delay (ISO 22400-2): a stop too, without a fault code.
    press.setState("idle");
    const idle = await waitFor("press-1 idle with its stop", async () => {
      const found = await tile("press-1", "idle");
      return found?.stop ? found : undefined;
    });
    expect(idle.stop).to.include({ faultCode: null, reasonCode: null, reason: null });
    expect(idle.stop!.id).to.not.equal(faulted.stop!.id);
  });
});
