import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DataType, makeBrowsePath, StatusCodes } from "node-opcua";
import type { RunningMes } from "../../src/app.js";
import type { Plant } from "../../src/domain/plant/plant.js";
import type { Log } from "../../src/services/log.js";
import { mapWorkUnits } from "../support/plant-edit.js";
import { CPLAB_TAGS, type CpLabStation } from "../../tools/plc-sim/cplab-station.js";
import type { PlcSimulator } from "../../tools/plc-sim/simulator.js";
import { startDemoMes, startDemoSimulator } from "../support/demo-mes.js";
import { mysqlTestDatabases } from "../support/mysql-database.js";
import { openTestSession } from "../support/opcua-session.js";
import { restCall } from "../support/rest-call.js";
import { waitFor } from "../support/wait-for.js";
import { plantNodeId } from "../support/opcua-browse.js";

const [mariaDb] = mysqlTestDatabases();

/** The demo's simulated PLCs with a quick CP Lab station, and the MES over them (on MariaDB when CI has it), once the station's PLC is connected. */
async function startFastCpLab(dir: string, tweakPlant: (plant: Plant) => Plant, log?: Log): Promise<{ sim: PlcSimulator; station: CpLabStation; mes: RunningMes }> {
  const sim = await startDemoSimulator((config) => {
    const cplab = config.plcs.find((plc) => plc.cplab)!.cplab!;
    Object.assign(cplab, { processingMs: 150, passThroughMs: 50, rfidWriteMs: 50, echoMs: 20, rejectRate: 0, mesTimeoutMs: 3000 });
  });
  const station = sim.plc("plc-cplab").station!;
  const mes = await startDemoMes(dir, sim, mariaDb.skip ? undefined : await mariaDb.url(dir), tweakPlant, undefined, log);
  await waitFor("the CP Lab PLC connected", async () => (await restCall(mes.httpUrl, "GET", "/api/v1/equipment/cplab-1")).body.live.plc.connectionState === "connected");
  return { sim, station, mes };
}

async function stopCpLab(dir: string, mes: RunningMes | undefined, sim: PlcSimulator | undefined): Promise<void> {
  await mes?.stop();
  await sim?.stop();
  await mariaDb.drop?.();
  rmSync(dir, { recursive: true, force: true });
}

/** The CP Lab station driven by the MES over its S7 tags, as in the course project; on MariaDB when CI has it. */
describe(`The tag-handshake dispatch driver: the MES drives a CP Lab station (${mariaDb.skip ? "SQLite" : "MariaDB"})`, function () {
  let dir: string;
  let sim: PlcSimulator;
  let mes: RunningMes;
  let station: CpLabStation;
  const logged: string[] = [];

  const rest = (method: string, route: string, body?: unknown) => restCall(mes.httpUrl, method, route, body);
  /** An order over REST, released onto the station: its one job order. */
  const releasedOrder = async (erpId: string, productId: string, quantity: number) => {
    const order = (await rest("POST", "/api/v1/work-orders", { erpId, productId, quantity, equipmentId: "cplab-1" })).body;
    const released = await rest("POST", `/api/v1/work-orders/${order.id}/release`);
    expect(released.status).to.equal(200);
    return { orderId: order.id as string, jobId: released.body.jobOrders[0].id as string };
  };
  const servedAfter = async (served: number) => waitFor(`carrier ${served + 1} served`, () => station.carriersServed > served);

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "mes-tag-handshake-"));
    ({ sim, station, mes } = await startFastCpLab(
      dir,
      (plant) =>
        mapWorkUnits(plant, (unit) =>
          unit.id === "cplab-1" && unit.dispatch.driver === "tag-handshake" ? { ...unit, dispatch: { ...unit.dispatch, timeouts: { rfidWriteMs: 1000, echoMs: 1000, completeMs: 5000 } } } : unit,
        ),
      { info: (message) => logged.push(message), warn: (message) => logged.push(message), error: (message) => logged.push(message) },
    ));
  });

  after(async function () {
    await stopCpLab(dir, mes, sim);
  });

  it("gives blank carriers a released job: writes its number to the RFID tag, sets the product's task code, and completes the job when its parts are made", async function () {
    const { orderId, jobId } = await releasedOrder("ERP-CASE-1", "phone-case-white", 2);
    const served = station.carriersServed;
    station.arrive(1, 0);
    await servedAfter(served);
    const job = await mes.jobs.get(jobId);
    expect(job.dispatchNumber).to.be.a("number");
    expect(station.carrierOrder(1), "the carrier's tag now holds the job's number").to.equal(job.dispatchNumber);
    expect(station.tag(CPLAB_TAGS.taskCode), "phone-case-white is task code 2").to.equal(2);
    expect(job.state).to.equal(3);

    // The next carrier already bears the job's number: it is worked without a new RFID write.
    station.arrive(1);
    await waitFor("the job completed", async () => (await mes.jobs.get(jobId)).state === 5);
    await mes.recorder.flush();
    expect(await mes.jobs.produced(jobId)).to.deep.equal({ good: 2, scrap: 0 });
    const history = (await mes.jobs.history(jobId)).map((t) => [t.command, t.door]);
    expect(history).to.deep.equal([["StoreAndStart", "rest"], ["Begin", "plc"], ["Complete", "plc"]]);

    const performance = (await rest("GET", `/api/v1/work-orders/${orderId}/performance`)).body;
    expect(performance).to.include({ status: "completed", plannedQuantity: 2, good: 2, scrap: 0, completion: 1 });

    const opened = await openTestSession(mes.opcuaEndpoint);
    try {
      const jc = (await opened.session.readNamespaceArray()).indexOf("http://opcfoundation.org/UA/ISA95-JOBCONTROL_V2/");
      const provider = plantNodeId(mes.opcua, "cplab-1.JobOrderResults");
      const methodId = (await opened.session.translateBrowsePath(makeBrowsePath(provider, `/${jc}:RequestJobResponseByJobOrderID`))).targets![0].targetId;
      const result = await opened.session.call({ objectId: provider, methodId, inputArguments: [{ dataType: DataType.String, value: jobId }] });
      expect(result.statusCode.value).to.equal(StatusCodes.Good.value);
      const data = Object.fromEntries(result.outputArguments![0].value.jobResponseData.map((p: { ID: string; value: { value: number } }) => [p.ID, p.value.value]));
      expect(data).to.deep.include({ PlannedQuantity: 2, GoodQuantity: 2, ScrapQuantity: 0 });
    } finally {
      await opened.close();
    }
  });

  it("traces each part to the carrier that carried it: the carrier id on the part's produce and consume movements and in the output lot's genealogy", async function () {
    const { jobId } = await releasedOrder("ERP-CASE-CARRIER", "phone-case-black", 2);
    const served = station.carriersServed;
    station.arrive(5, 0);
    await servedAfter(served);
    station.arrive(6, 0);
    await waitFor("the job completed", async () => (await mes.jobs.get(jobId)).state === 5);
    await mes.backflush.drain();
    type Row = { kind: string; carrierId: string | null; fromLotId: string | null; toLotId: string | null; quantity: number };
    const rows = await waitFor("both parts booked", async () => {
      const items = (await rest("GET", `/api/v1/movements?jobOrderId=${jobId}`)).body.items as Row[];
      return items.filter((m) => m.kind === "produce").length === 2 ? items : undefined;
    });
    const produced = rows.filter((m) => m.kind === "produce");
    expect(produced.map((m) => [m.carrierId, m.quantity]).sort(), "one part per carrier, each with its carrier").to.deep.equal([["5", 1], ["6", 1]]);
    const consumed = rows.filter((m) => m.kind === "consume");
    expect(consumed.map((m) => [m.carrierId, m.fromLotId]).sort(), "the blank each carrier's part was made of").to.deep.equal([["5", "BLANK-0001"], ["6", "BLANK-0001"]]);
    const genealogy = (await rest("GET", `/api/v1/lots/${encodeURIComponent(produced[0]!.toLotId!)}/genealogy?direction=backward`)).body;
    expect(genealogy.carrierIds).to.deep.equal(["5", "6"]);
    expect(mes.stationDispatch.carrierAt("cplab-1"), "no carrier is in the station once both are worked").to.equal(null);
  });

  it("frees a carrier whose job is over for the next job", async function () {
    const { jobId } = await releasedOrder("ERP-CASE-2", "phone-case-black", 1);
    const served = station.carriersServed;
    station.arrive(1);
    await servedAfter(served);
    const job = await mes.jobs.get(jobId);
    expect(station.carrierOrder(1)).to.equal(job.dispatchNumber);
    expect(station.tag(CPLAB_TAGS.taskCode), "phone-case-black is task code 1").to.equal(1);
    await waitFor("the one-part job completed", async () => (await mes.jobs.get(jobId)).state === 5);
  });

  it("lets a carrier with an unknown order number pass with task code -1 and changes no job", async function () {
    const before = await mes.store.read.jobOrders.list({ equipmentId: "cplab-1", includeRemoved: true }, { limit: 100, offset: 0 });
    const served = station.carriersServed;
    station.arrive(3, 987654);
    await servedAfter(served);
    expect(station.tag(CPLAB_TAGS.taskCode)).to.equal(-1);
    expect(station.carrierOrder(3), "its tag is not rewritten").to.equal(987654);
    const after = await mes.store.read.jobOrders.list({ equipmentId: "cplab-1", includeRemoved: true }, { limit: 100, offset: 0 });
    expect(after.items.map((j) => [j.id, j.state])).to.deep.equal(before.items.map((j) => [j.id, j.state]));
  });

  it("files carriers passing through as the station idle as designed: no running blip, no stop per carrier, one log line", async function () {
    await waitFor("the station idle", async () => (await rest("GET", "/api/v1/equipment/cplab-1")).body.live.machineState === "idle");
    const from = new Date().toISOString();
    const loggedBefore = logged.length;
    for (let i = 0; i < 4; i++) {
      const served = station.carriersServed;
      station.arrive(2, 0);
      await servedAfter(served);
      expect(station.tag(CPLAB_TAGS.taskCode), "nothing released: the carrier passes").to.equal(-1);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    const to = new Date(Date.now() + 1000).toISOString();
    const states = (await rest("GET", `/api/v1/equipment/cplab-1/states?from=${from}&to=${to}`)).body.items;
    expect(states.map((s: { state: string }) => s.state), "one idle stretch, unbroken by the carriers").to.deep.equal(["idle"]);
    const stops = (await rest("GET", `/api/v1/downtime?equipmentId=cplab-1&from=${from}&to=${to}&includeMicroStops=true`)).body.items;
    expect(stops.filter((stop: { start: string }) => stop.start >= from), "no stop began while carriers passed").to.deep.equal([]);
    const passLines = logged.slice(loggedBefore).filter((line) => line.includes("pass"));
    expect(passLines, "the first carrier of the stretch is logged, the others counted").to.have.length(1);
  });

  it("holds the job with the failed step in the comment when the station never confirms the RFID write, and keeps serving", async function () {
    const { jobId } = await releasedOrder("ERP-CASE-3", "phone-case-white", 1);
    (station.config as { rfidWriteMs: number }).rfidWriteMs = 60_000;
    try {
      station.arrive(4, 0);
      await waitFor("the job held", async () => (await mes.jobs.get(jobId)).state === 4);
    } finally {
      (station.config as { rfidWriteMs: number }).rfidWriteMs = 50;
    }
    const job = await rest("GET", `/api/v1/job-orders/${jobId}`);
    expect(job.body).to.include({ stateName: "Interrupted", subState: 1 });
    expect(job.body.history.at(-1)).to.deep.include({ command: "hold", door: "plc" });
    expect(job.body.history.at(-1).comment).to.match(/RfidWriteDone/);
    expect(station.tag(CPLAB_TAGS.rfidWrite), "the write request is taken back").to.equal(false);

    // The unserved carrier leaves on the station's own timeout; the next one is served as usual.
    const timedOut = station.carriersTimedOut;
    await waitFor("the held carrier to leave", () => station.carriersTimedOut > timedOut);
    const served = station.carriersServed;
    station.arrive(5, 987655);
    await servedAfter(served);
    expect(station.tag(CPLAB_TAGS.taskCode)).to.equal(-1);
  });

  it("finishes the carrier it was working when the PLC went away and came back, and counts its part once", async function () {
    const plc = sim.plc("plc-cplab");
    const connectionState = async () => (await rest("GET", "/api/v1/equipment/cplab-1")).body.live.plc.connectionState;
    const { orderId, jobId } = await releasedOrder("ERP-CASE-4", "phone-case-white", 2);
    const goodBefore = station.goodCount;
    const served = station.carriersServed;
    (station.config as { processingMs: number }).processingMs = 1500;
    try {
      // Given the station is working a carrier of the job,
      station.arrive(6, 0);
      await waitFor("the station working the carrier", () => station.tag(CPLAB_TAGS.busy) === true);
      // when its PLC goes away and the station finishes the part meanwhile,
      await plc.stop();
      await waitFor("the MES sees the PLC gone", async () => (await connectionState()) !== "connected");
      await waitFor("the part done while the PLC is away", () => station.tag(CPLAB_TAGS.orderComplete) === true);
      await plc.start();
    } finally {
      (station.config as { processingMs: number }).processingMs = 150;
    }
    // then the MES ends the carrier's cycle once the PLC is back, and the job goes on as if nothing happened.
    await waitFor("the MES connected again", async () => (await connectionState()) === "connected");
    await servedAfter(served);
    expect(station.tag(CPLAB_TAGS.execOrder), "exec_order taken back").to.equal(false);
    expect((await mes.jobs.get(jobId)).state, "still running, not held").to.equal(3);
    station.arrive(6);
    await waitFor("the job completed", async () => (await mes.jobs.get(jobId)).state === 5);
    await mes.recorder.flush();
    expect(station.goodCount - goodBefore).to.equal(2);
    expect(await mes.jobs.produced(jobId)).to.deep.equal({ good: 2, scrap: 0 });
    expect((await mes.jobs.history(jobId)).map((t) => [t.command, t.door])).to.deep.equal([["StoreAndStart", "rest"], ["Begin", "plc"], ["Complete", "plc"]]);
    expect((await rest("GET", `/api/v1/work-orders/${orderId}/performance`)).body).to.include({ status: "completed", good: 2, scrap: 0 });
  });
});

describe(`The tag-handshake dispatch driver on a station without counters (${mariaDb.skip ? "SQLite" : "MariaDB"})`, function () {
  let dir: string;
  let sim: PlcSimulator;
  let mes: RunningMes;
  let station: CpLabStation;
  const rest = (method: string, route: string, body?: unknown) => restCall(mes.httpUrl, method, route, body);

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "mes-tag-handshake-uncounted-"));
    ({ sim, station, mes } = await startFastCpLab(dir, (plant) =>
      // Like a CP Lab station whose program has no part counters: every worked carrier is one good part.
      mapWorkUnits(plant, (unit) => (unit.id === "cplab-1" ? { ...unit, signals: unit.signals.filter((signal) => signal.role !== "goodCount" && signal.role !== "rejectCount") } : unit)),
    ));
  });

  after(async function () {
    await stopCpLab(dir, mes, sim);
  });

  it("books each worked carrier as a good part of its job, so the job completes and REST shows what it made", async function () {
    const order = (await rest("POST", "/api/v1/work-orders", { erpId: "ERP-CASE-U1", productId: "phone-case-black", quantity: 2, equipmentId: "cplab-1" })).body;
    const released = await rest("POST", `/api/v1/work-orders/${order.id}/release`);
    const jobId = released.body.jobOrders[0].id as string;
    let served = station.carriersServed;
    station.arrive(1, 0);
    await waitFor("the first carrier served", () => station.carriersServed > served);
    await waitFor("the first part booked, as REST shows", async () => (await rest("GET", `/api/v1/work-orders/${order.id}/performance`)).body.good === 1, 5000);
    served = station.carriersServed;
    station.arrive(1);
    await waitFor("the second carrier served", () => station.carriersServed > served);
    await waitFor("the job completed", async () => (await mes.jobs.get(jobId)).state === 5);
    expect(await mes.jobs.produced(jobId)).to.deep.equal({ good: 2, scrap: 0 });
    const performance = (await rest("GET", `/api/v1/work-orders/${order.id}/performance`)).body;
    expect(performance).to.include({ status: "completed", plannedQuantity: 2, good: 2, scrap: 0, completion: 1 });
  });
});
