import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { RunningMes } from "../../src/app.js";
import { InterruptedSubState, JobState } from "../../src/domain/job-order-state-machine.js";
import type { PlcSimulator } from "../../tools/plc-sim/simulator.js";
import { startDemoMes, startDemoSimulator } from "../support/demo-mes.js";
import { restCall } from "../support/rest-call.js";
import { waitFor } from "../support/wait-for.js";

/** The demo as npm start runs it: Press 1's gauge drifts, the bracket's seeded plan charts it, and a Nelson test holds the running job. */
describe("Demo: Press 1's drifting in-line gauge fires an SPC rule, holds the running bracket job and quarantines its lot", function () {
  let dir: string;
  let sim: PlcSimulator;
  let mes: RunningMes;

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "mes-quality-drift-"));
    // One good part per cycle and nothing else, so each simulated cycle is one gauge reading.
    sim = await startDemoSimulator((config) => {
      const press = config.plcs.flatMap((plc) => plc.machines).find((m) => m.name === "Press1")!;
      Object.assign(press, { faultsPerHour: 0, idlesPerHour: 0, setupEveryParts: 0, rejectRate: 0 });
    });
    mes = await startDemoMes(dir, sim);
    await waitFor("press-1's PLC connected", async () => (await restCall(mes.httpUrl, "GET", "/api/v1/equipment/press-1")).body.live.plc.connectionState === "connected");
  });

  after(async function () {
    await mes?.stop();
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("seeds two plans, records every part's thickness from the tag, and holds the job with an NCR and quarantines its lot once the drift leaves control", async function () {
    const plans = (await restCall(mes.httpUrl, "GET", "/api/v1/quality/plans")).body.items as { id: string; productId: string }[];
    expect(plans.map((p) => [p.id, p.productId]).sort()).to.deep.equal([["bracket-gauge", "bracket"], ["frame-weld", "frame"]]);

    const { body: order } = await restCall(mes.httpUrl, "POST", "/api/v1/work-orders", { erpId: "DRIFT-1", productId: "bracket", quantity: 500, equipmentId: "press-1" });
    const jobId = (await restCall(mes.httpUrl, "POST", `/api/v1/work-orders/${order.id}/release`)).body.jobOrders[0].id as string;
    expect((await restCall(mes.httpUrl, "POST", `/api/v1/job-orders/${jobId}/begin`, {})).status).to.equal(200);

    const cycleMs = sim.plc("plc-assembly").machine("Press1").config.cycleTimeMs;
    const recorded = async () => (await mes.quality.results.results({ characteristicId: "bracket-thickness" })).length;
    // The tag's value when the MES subscribes is the gauge's last reading, recorded as such.
    await waitFor("the gauge's current reading recorded", async () => (await recorded()) === 1);
    let parts = 0;
    while ((await mes.jobs.get(jobId)).state === JobState.Running) {
      expect(parts, "the drift leaves control within 120 parts (3 minutes of Press 1)").to.be.lessThan(120);
      sim.advance(cycleMs);
      parts++;
      await waitFor(`reading ${parts} recorded`, async () => (await recorded()) >= parts + 1);
      await mes.quality.gauges.drain();
      // The first good part makes the job order's output lot (backflush), the lot a signal quarantines.
      if (parts === 1) await waitFor("the job's output lot", async () => (await restCall(mes.httpUrl, "GET", `/api/v1/lots?jobOrderId=${jobId}`)).body.items.length === 1);
    }
    // Not before the 20-point baseline: the chart needs its limits first.
    expect(parts).to.be.greaterThanOrEqual(20);
    const job = await mes.jobs.get(jobId);
    expect([job.state, job.subState]).to.deep.equal([JobState.Interrupted, InterruptedSubState.Held]);
    const values = (await mes.quality.results.results({ characteristicId: "bracket-thickness" })).map((r) => r.value!);
    expect(values).to.have.length(parts + 1);
    expect(values[values.length - 1]).to.be.greaterThan(values[0]!);

    const ncrs = (await restCall(mes.httpUrl, "GET", "/api/v1/quality/ncrs?status=open")).body.items as { characteristicId: string; jobOrderId: string; description: string; lotIds: string[] }[];
    const ncr = ncrs.find((n) => n.characteristicId === "bracket-thickness");
    expect(ncr?.jobOrderId).to.equal(jobId);
    expect(ncr?.description).to.match(/^Bracket thickness: Nelson test [12] /);
    const audit = (await restCall(mes.httpUrl, "GET", `/api/v1/audit?targetId=${jobId}&action=job_order.hold&door=plc`)).body.items as unknown[];
    expect(audit, "the hold is audited as the gauge's, through the PLC door").to.have.length(1);
    const history = (await restCall(mes.httpUrl, "GET", `/api/v1/job-orders/${jobId}`)).body.history as { command: string; comment: string | null }[];
    expect(history.at(-1)!.command).to.equal("hold");
    expect(history.at(-1)!.comment, "the Job Control Hold names the reason").to.match(/^Quality hold: Bracket thickness: Nelson test [12] /);

    await mes.quality.lots.drain();
    const [lot] = (await restCall(mes.httpUrl, "GET", `/api/v1/lots?jobOrderId=${jobId}`)).body.items as { id: string; status: string }[];
    expect(lot!.status, "the lot the job produced is quarantined").to.equal("quarantined");
    const changes = (await restCall(mes.httpUrl, "GET", `/api/v1/audit?targetId=${lot!.id}&action=material.status_changed`)).body.items as { actor: string; door: string }[];
    expect(changes.map((c) => [c.actor, c.door])).to.deep.equal([["quality", "system"]]);
    expect(ncr!.lotIds, "the NCR the signal opened lists the lot it quarantined").to.deep.equal([lot!.id]);
  });
});
