import { expect } from "chai";
import type { PlcSimulator } from "../../tools/plc-sim/simulator.js";
import type { RunningMes } from "../../src/app.js";
import { startDemoPlantWithJobOrders } from "../support/demo-mes.js";
import { restCall } from "../support/rest-call.js";
import { waitFor } from "../support/wait-for.js";

interface Movement {
  kind: string;
  fromLotId: string | null;
  toLotId: string | null;
  quantity: number;
  unit: string;
  jobOrderId: string | null;
}

/**
 * `npm start` shows consumption and genealogy within a minute: the demo's running bracket job on
 * each press makes the simulated press's counts backflush steel coil from the lot staged there.
 */
describe("The demo's backflush within a minute of starting", function () {
  this.timeout(120_000);
  let sim: PlcSimulator;
  let mes: RunningMes | undefined;
  let stopPlant: (() => Promise<void>) | undefined;

  before(async function () {
    ({ sim, mes, stop: stopPlant } = await startDemoPlantWithJobOrders("mes-demo-backflush-"));
  });

  after(async function () {
    await stopPlant?.();
  });

  it("starts a bracket job per press, and a simulated minute of pressing consumes COIL-0001 into the job's output lot", async function () {
    const { body: job } = await restCall(mes!.httpUrl, "GET", "/api/v1/job-orders/DEMO-BRACKET-P1");
    expect(job.state, "the demo job is running on press-1").to.equal("Running");
    const { body: other } = await restCall(mes!.httpUrl, "GET", "/api/v1/job-orders/DEMO-BRACKET-P2");
    expect(other.equipmentId).to.equal("press-2");

    const press = sim.plc("plc-assembly").machine("Press1");
    press.setState("running");
    await waitFor("press-1 running", async () => (await mes!.store.read.stateIntervals.findOpen("press-1"))?.state === "running");
    sim.advance(60_000);

    const movements = await waitFor("consumption and production booked to the demo job", async () => {
      const { body } = await restCall(mes!.httpUrl, "GET", "/api/v1/movements?jobOrderId=DEMO-BRACKET-P1&limit=500");
      const items = body.items as Movement[];
      return items.some((m) => m.kind === "consume") && items.some((m) => m.kind === "produce") ? items : undefined;
    });
    const consumed = movements.filter((m) => m.kind === "consume");
    expect(consumed.every((m) => m.fromLotId === "COIL-0001" && m.unit === "kg"), "all from the coil staged at press-1, in kg").to.equal(true);
    const produced = movements.filter((m) => m.kind === "produce");
    const outputLotId = produced[0]!.toLotId!;
    const goods = produced.reduce((sum, m) => sum + m.quantity, 0);
    const kg = consumed.reduce((sum, m) => sum + m.quantity, 0);
    // 0.4 kg per good part and per scrapped part (the bracket's BOM): at least the good parts' share.
    expect(kg).to.be.at.least(goods * 0.4 - 1e-6);

    const { body: genealogy } = await restCall(mes!.httpUrl, "GET", `/api/v1/lots/${encodeURIComponent(outputLotId)}/genealogy?direction=backward`);
    expect((genealogy.lots as { id: string }[]).map((l) => l.id), "the output lot's genealogy reaches the raw coil").to.include("COIL-0001");
    expect(genealogy.jobOrderIds).to.deep.equal(["DEMO-BRACKET-P1"]);
    // The minute's counts may still be booked in more than one flush: compare the coil with the consumption as of the same moment.
    const consumedKg = async () => {
      const { body } = await restCall(mes!.httpUrl, "GET", "/api/v1/movements?jobOrderId=DEMO-BRACKET-P1&limit=500");
      return (body.items as Movement[]).filter((m) => m.kind === "consume").reduce((sum, m) => sum + m.quantity, 0);
    };
    const [coilQuantity, finalKg] = await waitFor("the coil and the consumption settled", async () => {
      const before = await consumedKg();
      const { body: coil } = await restCall(mes!.httpUrl, "GET", "/api/v1/lots/COIL-0001");
      return before === (await consumedKg()) ? [coil.quantity as number, before] : undefined;
    });
    expect(finalKg).to.be.at.least(kg);
    expect(coilQuantity, "the coil is lighter by what was consumed").to.be.closeTo(2500 - finalKg, 1e-6);
  });
});
