import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { RunningMes } from "../../src/app.js";
import type { PlcSimulator } from "../../tools/plc-sim/simulator.js";
import { startDemoMes, startDemoSimulator } from "../support/demo-mes.js";
import { restCall } from "../support/rest-call.js";
import { waitFor } from "../support/wait-for.js";

/** Press 1's in-line gauge across PLC outages: each reading is one result, none lost after a reconnect and none recorded twice. */
describe("Demo: the gauge tag sampled for the bracket's thickness across a restart of the simulated PLC", function () {
  let dir: string;
  let sim: PlcSimulator;
  let mes: RunningMes;

  const connection = async () => (await restCall(mes.httpUrl, "GET", "/api/v1/equipment/press-1")).body.live.plc.connectionState as string;
  const thicknessQuality = async () => ((await restCall(mes.httpUrl, "GET", "/api/v1/equipment/press-1")).body.live.signals as { name: string; quality: string }[]).find((s) => s.name === "Thickness")?.quality;
  const results = async () => mes.quality.results.results({ characteristicId: "bracket-thickness" });

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "mes-quality-reconnect-"));
    sim = await startDemoSimulator((config) => {
      const press = config.plcs.flatMap((plc) => plc.machines).find((m) => m.name === "Press1")!;
      Object.assign(press, { faultsPerHour: 0, idlesPerHour: 0, setupEveryParts: 0, rejectRate: 0 });
    });
    mes = await startDemoMes(dir, sim);
    await waitFor("press-1's PLC connected", async () => (await connection()) === "connected");
    await waitFor("the gauge's current reading recorded", async () => (await results()).length === 1);
  });

  after(async function () {
    await mes?.stop();
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Stops the PLC, runs `whileDown`, starts it again, and waits until the MES mirrors the gauge tag Good again. */
  async function outage(whileDown: () => void): Promise<void> {
    const plc = sim.plc("plc-assembly");
    await plc.stop();
    await waitFor("press-1's PLC seen disconnected", async () => (await connection()) !== "connected");
    await waitFor("the gauge tag no longer good", async () => (await thicknessQuality()) !== "good");
    whileDown();
    await plc.start();
    await waitFor("press-1's PLC connected again", async () => (await connection()) === "connected");
    await waitFor("the gauge tag good again", async () => (await thicknessQuality()) === "good");
    await mes.quality.gauges.drain();
  }

  it("records no second result for the reading the PLC gives again on reconnect, and records the next part's reading", async function () {
    const cycleMs = sim.plc("plc-assembly").machine("Press1").config.cycleTimeMs;
    sim.advance(cycleMs);
    await waitFor("the first part's reading", async () => (await results()).length === 2);
    const before = await results();

    await outage(() => {});
    expect((await results()).map((r) => r.id), "the unchanged reading is not a new sample").to.deep.equal(before.map((r) => r.id));

    sim.advance(cycleMs);
    await waitFor("sampling resumed: the next part's reading", async () => (await results()).length === 3);
  });

  it("records the reading of a part made while the PLC was away once, when it is back", async function () {
    const cycleMs = sim.plc("plc-assembly").machine("Press1").config.cycleTimeMs;
    const before = (await results()).length;
    await outage(() => sim.advance(cycleMs));
    await waitFor("the part made during the outage", async () => (await results()).length === before + 1);
    sim.advance(cycleMs);
    await waitFor("the next part's reading", async () => (await results()).length === before + 2);
    await mes.quality.gauges.drain();
    const values = (await results()).map((r) => r.value);
    expect(new Set(values).size, "every result a distinct reading").to.equal(values.length);
  });
});
