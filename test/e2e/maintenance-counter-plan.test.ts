import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { AttributeIds } from "node-opcua";
import type { RunningMes } from "../../src/app.js";
import type { MesEvents } from "../../src/services/event-bus.js";
import type { PlcSimulator } from "../../tools/plc-sim/simulator.js";
import { startDemoMes, startDemoSimulator } from "../support/demo-mes.js";
import { openTestSession, type TestSession } from "../support/opcua-session.js";
import { restCall } from "../support/rest-call.js";
import { waitFor } from "../support/wait-for.js";

const PLAN = "press-1-die-lube";
const EVERY = 5;

/** The demo plant: Press 1's seeded counter plan falls due after N parts the simulated PLC counts, on REST, the bus and OPC UA. */
describe("Demo: a counter-based maintenance plan falls due after N simulated parts", function () {
  let dir: string;
  let sim: PlcSimulator;
  let mes: RunningMes;
  let observer: TestSession | undefined;
  const heard: MesEvents["maintenance.due"][] = [];

  const read = async (browsePath: string) => (await observer!.session.read({ nodeId: `ns=1;s=press-1.Maintenance.${browsePath}`, attributeId: AttributeIds.Value })).value.value;
  const due = async () => ((await restCall(mes.httpUrl, "GET", "/api/v1/maintenance/due?workUnitId=press-1")).body as { planId: string; status: string; countSinceDone: number; dueCount: number }[]).find((d) => d.planId === PLAN)!;

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "mes-maintenance-e2e-"));
    // One good part per cycle and nothing else, so each simulated cycle is one count.
    sim = await startDemoSimulator((config) => {
      const press = config.plcs.flatMap((plc) => plc.machines).find((m) => m.name === "Press1")!;
      Object.assign(press, { faultsPerHour: 0, idlesPerHour: 0, setupEveryParts: 0, rejectRate: 0 });
    });
    mes = await startDemoMes(dir, sim);
    mes.bus.on("maintenance.due", (e) => heard.push(e));
    await waitFor("press-1's PLC connected", async () => (await restCall(mes.httpUrl, "GET", "/api/v1/equipment/press-1")).body.live.plc.connectionState === "connected");
    observer = await openTestSession(mes.opcuaEndpoint, "observer");
  });

  after(async function () {
    await observer?.close();
    await mes?.stop();
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("is seeded from the demo's master data, and counts parts from its last service until it is due, then asks for its work order", async function () {
    const seeded = (await restCall(mes.httpUrl, "GET", `/api/v1/maintenance/plans/${PLAN}`)).body;
    expect(seeded).to.include({ workUnitId: "press-1", kind: "counter", every: 150 });
    // Served from now, every EVERY parts, due exactly at the count (no due-soon margin).
    const put = await restCall(mes.httpUrl, "PUT", `/api/v1/maintenance/plans/${PLAN}`, { workUnitId: "press-1", title: seeded.title, kind: "counter", every: EVERY, dueSoon: 0, durationMinutes: 15, lastDoneAt: new Date().toISOString() });
    expect(put.status).to.equal(200);
    await waitFor("the OPC UA variables of the plan", async () => (await read(`${PLAN}.Status`)) === "ok" && (await read(`${PLAN}.DueCount`)) === EVERY);
    expect(await read(`${PLAN}.CountSinceDone`)).to.equal(0);

    const cycleMs = sim.plc("plc-assembly").machine("Press1").config.cycleTimeMs;
    for (let part = 1; part < EVERY; part++) sim.advance(cycleMs);
    await waitFor(`${EVERY - 1} parts counted`, async () => (await due()).countSinceDone >= EVERY - 1);
    await mes.maintenance.due.settle();
    expect((await due()).status, `not yet due after ${EVERY - 1} parts`).to.equal("ok");
    expect(await read(`${PLAN}.Status`)).to.equal("ok");

    sim.advance(cycleMs);
    await waitFor("due on REST", async () => (await due()).status !== "ok");
    expect((await due()).countSinceDone).to.be.at.least(EVERY);
    await waitFor("due on OPC UA", async () => (await read(`${PLAN}.Status`)) !== "ok");
    expect(await read(`${PLAN}.CountSinceDone`)).to.be.at.least(EVERY);
    expect(heard.filter((e) => e.planId === PLAN).map((e) => e.status)[0]).to.be.oneOf(["due", "overdue"]);

    const orders = (await restCall(mes.httpUrl, "GET", "/api/v1/maintenance/work-orders?workUnitId=press-1&status=requested")).body.items as { planId: string; source: { kind: string } }[];
    expect(orders.filter((o) => o.planId === PLAN).map((o) => o.source.kind)).to.deep.equal(["plan"]);
    await waitFor("the open work order counted on OPC UA", async () => (await read("OpenWorkOrders")) === 1);
  });
});
