import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { AttributeIds, DataType, makeBrowsePath, resolveNodeId, StatusCodes, VariantArrayType, type ClientSession } from "node-opcua";
import type { RunningMes } from "../../src/app.js";
import type { Actor } from "../../src/services/actor.js";
import type { PlcSimulator } from "../../tools/plc-sim/simulator.js";
import { startDemoMes, startDemoSimulator, withMethodsDriver } from "../support/demo-mes.js";
import { openTestSession, type TestSession } from "../support/opcua-session.js";
import { restCall } from "../support/rest-call.js";
import { waitFor } from "../support/wait-for.js";
import { plantNodeId } from "../support/opcua-browse.js";

const erp: Actor = { id: "erp", role: "ERP", door: "rest" };

describe("The methods dispatch driver: a PLC calls the MES for its work", function () {
  let dir: string;
  let sim: PlcSimulator;
  let mes: RunningMes;
  let opened: TestSession | undefined;
  let session: ClientSession;

  async function call(method: string, ...inputArguments: { dataType: DataType; value: unknown }[]) {
    const result = await session.call({ objectId: plantNodeId(mes.opcua, "welder-1.Dispatch"), methodId: plantNodeId(mes.opcua, `welder-1.Dispatch.${method}`), inputArguments });
    expect(result.statusCode.value, `${method} call status`).to.equal(StatusCodes.Good.value);
    return result.outputArguments!.map((v) => v.value);
  }
  const text = (value: string) => ({ dataType: DataType.String, value });
  const count = (value: number) => ({ dataType: DataType.UInt32, value });

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "mes-dispatch-"));
    sim = await startDemoSimulator();
    mes = await startDemoMes(dir, sim, undefined, withMethodsDriver("welder-1"));
    opened = await openTestSession(mes.opcuaEndpoint, "operator");
    session = opened.session;
  });

  after(async function () {
    await opened?.close();
    await mes?.stop();
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers NoJobReleased (1) while nothing is released for the station", async function () {
    const [result, jobOrderId] = await call("TakeNextJob");
    expect([result, jobOrderId]).to.deep.equal([1, ""]);
  });

  it("hands out the released job with the highest priority, begins it, and hands it out again on a retry", async function () {
    await mes.jobs.storeJobOrder({ id: "W-LOW", equipmentId: "welder-1", quantity: 10, priority: 1 }, erp, { andStart: true });
    await mes.jobs.storeJobOrder({ id: "W-HIGH", equipmentId: "welder-1", quantity: 40, priority: 5, parameters: [{ id: "TaskCode", value: 2 }, { id: "Seam", value: "double" }] }, erp, { andStart: true });
    await mes.jobs.storeJobOrder({ id: "W-STORED", equipmentId: "welder-1", quantity: 1, priority: 9 }, erp, { andStart: false });
    const [result, jobOrderId, productId, quantity, parameterIds, parameterValues] = await call("TakeNextJob");
    expect([result, jobOrderId, productId, quantity]).to.deep.equal([0, "W-HIGH", "", 40]);
    expect([...parameterIds]).to.deep.equal(["TaskCode", "Seam"]);
    expect([...parameterValues]).to.deep.equal(["2", "double"]);
    expect((await mes.jobs.get("W-HIGH")).state).to.equal(3);
    expect((await call("TakeNextJob"))[1]).to.equal("W-HIGH");
  });

  it("records reported parts on the running job and refuses reports on other jobs with a result code", async function () {
    expect(await call("ReportProgress", text("W-HIGH"), count(3), count(1))).to.deep.equal([0]);
    expect(await call("ReportProgress", text("W-HIGH"), count(2), count(0))).to.deep.equal([0]);
    const records = await mes.store.read.productionRecords.findByEquipment("welder-1", new Date(0), new Date(Date.now() + 60_000));
    const ofJob = records.filter((r) => r.jobOrderId === "W-HIGH");
    expect([ofJob.reduce((s, r) => s + r.good, 0), ofJob.reduce((s, r) => s + r.scrap, 0)]).to.deep.equal([5, 1]);
    expect(await call("ReportProgress", text("NO-SUCH"), count(1), count(0))).to.deep.equal([2]);
    await mes.jobs.storeJobOrder({ id: "P-ELSEWHERE", equipmentId: "press-1", quantity: 5 }, erp, { andStart: true });
    await mes.jobs.command("P-ELSEWHERE", "Begin", erp);
    expect(await call("ReportProgress", text("P-ELSEWHERE"), count(1), count(0)), "another station's job is unknown here").to.deep.equal([2]);
    expect(await call("FinishJob", text("P-ELSEWHERE"))).to.deep.equal([2]);
    expect((await mes.store.read.productionRecords.totalsOfJob("P-ELSEWHERE")).good).to.equal(0);
    expect((await mes.jobs.get("P-ELSEWHERE")).state).to.equal(3);
    expect(await call("ReportProgress", text("W-LOW"), count(1), count(0))).to.deep.equal([3]);
  });

  it("refuses a count implausible for the job (Result 4), records none of it and audits the refusal", async function () {
    await mes.jobs.storeJobOrder({ id: "W-THREE", equipmentId: "welder-1", quantity: 3, priority: -5 }, erp, { andStart: true });
    await mes.jobs.command("W-THREE", "Begin", erp);
    // Given a job planned for 3 parts, dispatch.maxReportedMultiple (10) allows 30 in one report.
    expect(await call("ReportProgress", text("W-THREE"), count(4_000_000_000), count(0))).to.deep.equal([4]);
    expect(await call("ReportProgress", text("W-THREE"), count(20), count(11))).to.deep.equal([4]);
    expect(await mes.jobs.produced("W-THREE")).to.deep.equal({ good: 0, scrap: 0 });
    const refusals = await mes.store.read.audit.find({ action: "production.report_refused", targetId: "W-THREE" }, { limit: 10, offset: 0 });
    expect(refusals.map((entry) => [entry.actor, entry.door, (entry.after as { good: number }).good, (entry.after as { limit: number }).limit])).to.deep.equal([
      ["operator", "plc", 20, 30],
      ["operator", "plc", 4_000_000_000, 30],
    ]);
    // What is plausible still counts: an overrun of a few parts is production.
    expect(await call("ReportProgress", text("W-THREE"), count(2), count(1))).to.deep.equal([0]);
    expect(await call("ReportProgress", text("W-THREE"), count(2), count(0))).to.deep.equal([0]);
    expect(await mes.jobs.produced("W-THREE")).to.deep.equal({ good: 4, scrap: 1 });
    await mes.jobs.command("W-THREE", "Abort", erp);
  });

  it("finishes the job, then hands out the next released one", async function () {
    expect(await call("FinishJob", text("W-HIGH"))).to.deep.equal([0]);
    expect([(await mes.jobs.get("W-HIGH")).state, (await mes.jobs.get("W-HIGH")).subState]).to.deep.equal([5, 1]);
    expect(await call("FinishJob", text("W-HIGH"))).to.deep.equal([3]);
    const history = await mes.jobs.history("W-HIGH");
    expect(history.map((t) => [t.command, t.door])).to.deep.equal([["StoreAndStart", "rest"], ["Begin", "plc"], ["Complete", "plc"]]);
    expect((await call("TakeNextJob"))[1]).to.equal("W-LOW");
  });

  it("answers RequestJobResponseByJobOrderID with what the job actually produced, and lists it in JobOrderResponseList", async function () {
    const jc = (await session.readNamespaceArray()).indexOf("http://opcfoundation.org/UA/ISA95-JOBCONTROL_V2/");
    const provider = plantNodeId(mes.opcua, "welder-1.JobOrderResults");
    const methodId = async (name: string) => (await session.translateBrowsePath(makeBrowsePath(provider, `/${jc}:${name}`))).targets![0].targetId;
    const result = await session.call({ objectId: provider, methodId: await methodId("RequestJobResponseByJobOrderID"), inputArguments: [text("W-HIGH")] });
    expect(result.statusCode.value).to.equal(StatusCodes.Good.value);
    const [response, returnStatus] = result.outputArguments!.map((v) => v.value);
    expect(returnStatus).to.deep.equal([0, 1]);
    expect(response.jobOrderID).to.equal("W-HIGH");
    const data = Object.fromEntries(response.jobResponseData.map((p: { ID: string; value: { value: number } }) => [p.ID, p.value.value]));
    expect(data).to.deep.equal({ PlannedQuantity: 40, ProducedQuantity: 6, GoodQuantity: 5, ScrapQuantity: 1 });
    expect(response.jobState.map((s: { stateNumber: number }) => s.stateNumber)).to.deep.equal([5, 1]);
    expect(response.startTime.getTime()).to.be.at.most(response.endTime.getTime());
    expect(response.equipmentActuals[0].ID).to.equal("welder-1");

    const unknown = await session.call({ objectId: provider, methodId: await methodId("RequestJobResponseByJobOrderID"), inputArguments: [text("W-STORED-ELSEWHERE")] });
    expect([unknown.statusCode.value, unknown.outputArguments![1].value]).to.deep.equal([StatusCodes.Uncertain.value, [0, 2]]);

    const running = await session.constructExtensionObject(resolveNodeId(`ns=${jc};i=3006`), { stateText: { text: "Running" }, stateNumber: 3 });
    const byState = await session.call({
      objectId: provider,
      methodId: await methodId("RequestJobResponseByJobOrderState"),
      inputArguments: [{ dataType: DataType.ExtensionObject, arrayType: VariantArrayType.Array, value: [running] }],
    });
    expect(byState.outputArguments![0].value.map((r: { jobOrderID: string }) => r.jobOrderID), "the job running now").to.deep.equal(["W-LOW"]);

    const listNode = await methodId("JobOrderResponseList");
    await waitFor("W-HIGH in JobOrderResponseList", async () => {
      const list = (await session.read({ nodeId: listNode, attributeId: AttributeIds.Value })).value.value ?? [];
      return list.some((r: { jobOrderID: string }) => r.jobOrderID === "W-HIGH");
    });
  });

  it("offers the Dispatch methods only on stations configured for them", async function () {
    const result = await session.call({ objectId: plantNodeId(mes.opcua, "welder-1"), methodId: plantNodeId(mes.opcua, "press-1.Dispatch.TakeNextJob"), inputArguments: [] });
    expect(result.statusCode.isBad()).to.equal(true);
  });

  it("takes an order created over REST to the station and back: its job response and REST performance show what was made", async function () {
    const rest = (method: string, route: string, body?: unknown) => restCall(mes.httpUrl, method, route, body);
    expect((await rest("PUT", "/api/v1/products/seam-frame", { name: "Seam frame", parameters: [{ id: "Program", value: 12 }], workUnits: [{ equipmentId: "welder-1", idealCycleTimeS: 3 }] })).status).to.equal(201);
    const order = await rest("POST", "/api/v1/work-orders", { erpId: "SAP-100200", productId: "seam-frame", quantity: 2, dueAt: "2030-01-01T00:00:00Z" });
    expect(order.status).to.equal(201);
    const [job] = (await rest("POST", `/api/v1/work-orders/${order.body.id}/release`)).body.jobOrders;
    expect(await call("FinishJob", text("W-LOW"))).to.deep.equal([0]);

    const [result, jobOrderId, productId, quantity, parameterIds, parameterValues] = await call("TakeNextJob");
    expect([result, jobOrderId, productId, quantity]).to.deep.equal([0, job.id, "seam-frame", 2]);
    expect([[...parameterIds], [...parameterValues]]).to.deep.equal([["Program"], ["12"]]);
    expect(await call("ReportProgress", text(job.id), count(2), count(1))).to.deep.equal([0]);
    expect(await call("FinishJob", text(job.id))).to.deep.equal([0]);

    const jc = (await session.readNamespaceArray()).indexOf("http://opcfoundation.org/UA/ISA95-JOBCONTROL_V2/");
    const provider = plantNodeId(mes.opcua, "welder-1.JobOrderResults");
    const methodId = (await session.translateBrowsePath(makeBrowsePath(provider, `/${jc}:RequestJobResponseByJobOrderID`))).targets![0].targetId;
    const response = (await session.call({ objectId: provider, methodId, inputArguments: [text(job.id)] })).outputArguments![0].value;
    const data = Object.fromEntries(response.jobResponseData.map((p: { ID: string; value: { value: number } }) => [p.ID, p.value.value]));
    expect(data).to.deep.include({ GoodQuantity: 2, ScrapQuantity: 1 });

    const performance = (await rest("GET", `/api/v1/work-orders/${order.body.id}/performance`)).body;
    expect(performance).to.include({ status: "completed", plannedQuantity: 2, good: 2, scrap: 1, completion: 1, late: false });
    expect(performance.idealTimeS).to.equal(9);
  });

  it("names the operators on shift as the running job's PersonnelID and in its job response", async function () {
    const rest = (method: string, route: string, body?: unknown) => restCall(mes.httpUrl, method, route, body);
    // One shift around the clock, every day, so that one is running whenever the test runs.
    const allDay = { name: "All day", timeZone: "UTC", shifts: [{ name: "Day", start: "00:00", end: "00:00", days: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] }], equipmentIds: ["plant-1"] };
    expect((await rest("PUT", "/api/v1/calendars/three-shifts", allDay)).status).to.equal(200);
    for (let i = 1; i <= 8; i++) await rest("PUT", `/api/v1/personnel/welder-${i}`, { name: `Welder ${i}`, classes: ["Operator"], qualifications: ["welding-cell"], contractedHours: 24, maxHours: 48 });
    const now = new Date();
    const monday = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - ((now.getUTCDay() + 6) % 7)));
    const roster = (await rest("POST", "/api/v1/rosters/commit", { weekStart: monday.toISOString() })).body;
    expect(roster.shortages.filter((s: { workCenterId: string }) => s.workCenterId === "welding-cell")).to.deep.equal([]);
    const onShift = (await rest("GET", "/api/v1/personnel/on-shift")).body.items.filter((p: { workCenterId: string }) => p.workCenterId === "welding-cell").map((p: { personId: string }) => p.personId);
    expect(onShift).to.have.length(1);

    await mes.jobs.storeJobOrder({ id: "W-CREW", equipmentId: "welder-1", quantity: 5, priority: 10 }, erp, { andStart: true });
    for (let job = await call("TakeNextJob"); job[1] !== "W-CREW"; job = await call("TakeNextJob")) await call("FinishJob", text(String(job[1])));
    const jc = (await session.readNamespaceArray()).indexOf("http://opcfoundation.org/UA/ISA95-JOBCONTROL_V2/");
    const listNode = (await session.translateBrowsePath(makeBrowsePath(plantNodeId(mes.opcua, "welder-1.JobOrderControl"), `/${jc}:JobOrderList`))).targets![0].targetId;
    const entry = await waitFor("W-CREW running with its crew in the JobOrderList", async () => {
      const list = (await session.read({ nodeId: listNode, attributeId: AttributeIds.Value })).value.value ?? [];
      return list.find((e: { jobOrder: { jobOrderID: string; personnelRequirements?: unknown[] } }) => e.jobOrder.jobOrderID === "W-CREW" && (e.jobOrder.personnelRequirements ?? []).length > 0);
    });
    expect(entry.jobOrder.personnelRequirements.map((p: { ID: string }) => p.ID)).to.deep.equal(onShift);

    const provider = plantNodeId(mes.opcua, "welder-1.JobOrderResults");
    const methodId = (await session.translateBrowsePath(makeBrowsePath(provider, `/${jc}:RequestJobResponseByJobOrderID`))).targets![0].targetId;
    const response = (await session.call({ objectId: provider, methodId, inputArguments: [text("W-CREW")] })).outputArguments![0].value;
    expect(response.personnelActuals.map((p: { ID: string }) => p.ID)).to.deep.equal(onShift);

    sim.plc("plc-assembly").machine("Welder1").setState("faulted", 3);
    const from = new Date(Date.now() - 60_000).toISOString();
    const stop = await waitFor("the welder's stop as a downtime event", async () => {
      const to = new Date(Date.now() + 60_000).toISOString();
      const { items } = (await rest("GET", `/api/v1/downtime?equipmentId=welder-1&from=${from}&to=${to}&includeMicroStops=true`)).body;
      return items.find((e: { state: string }) => e.state === "faulted");
    });
    expect(stop.operators, "the stop carries the operator on shift").to.deep.equal(onShift);

    expect(await call("ReportProgress", text("W-CREW"), count(2), count(0))).to.deep.equal([0]);
    const records = await mes.store.read.productionRecords.findByEquipment("welder-1", new Date(Date.now() - 60_000), new Date(Date.now() + 60_000));
    expect(records.filter((r) => r.jobOrderId === "W-CREW").map((r) => r.operatorIds), "the parts carry the operator on shift").to.deep.equal([onShift]);
  });

  it("keeps the station's running job through a PLC restart: the restarted PLC takes the same job again and its counts go on", async function () {
    const rest = (method: string, route: string, body?: unknown) => restCall(mes.httpUrl, method, route, body);
    const plc = sim.plc("plc-assembly");
    const welder = async () => (await rest("GET", "/api/v1/equipment/welder-1")).body.live;
    await mes.jobs.storeJobOrder({ id: "W-RESTART", equipmentId: "welder-1", quantity: 5, priority: 20 }, erp, { andStart: true });
    for (let job = await call("TakeNextJob"); job[1] !== "W-RESTART"; job = await call("TakeNextJob")) await call("FinishJob", text(String(job[1])));
    expect(await call("ReportProgress", text("W-RESTART"), count(2), count(0))).to.deep.equal([0]);

    // Given the PLC goes away mid-job (its server gone, its session to the MES with it),
    await plc.stop();
    await opened!.close();
    opened = undefined;
    await waitFor("the MES sees the PLC gone", async () => (await welder()).plc.connectionState !== "connected");
    expect((await mes.jobs.get("W-RESTART")).state, "the job stays running while the PLC is away").to.equal(3);

    // when it comes back and asks for its work again,
    await plc.start();
    await waitFor("the MES connected to the PLC again", async () => (await welder()).plc.connectionState === "connected");
    await waitFor("the welder's state mirrored again, good", async () => (await welder()).signals.find((signal: { name: string }) => signal.name === "State")?.quality === "good");
    opened = await openTestSession(mes.opcuaEndpoint, "operator");
    session = opened.session;

    // then it gets the same job, not a new one, and the parts it reports add to those it reported before.
    const [result, jobOrderId, , quantity] = await call("TakeNextJob");
    expect([result, jobOrderId, quantity]).to.deep.equal([0, "W-RESTART", 5]);
    expect(await call("ReportProgress", text("W-RESTART"), count(3), count(1))).to.deep.equal([0]);
    expect(await call("FinishJob", text("W-RESTART"))).to.deep.equal([0]);
    expect(await mes.jobs.produced("W-RESTART")).to.deep.equal({ good: 5, scrap: 1 });
    expect((await mes.jobs.history("W-RESTART")).map((t) => `${t.command}/${t.door}`), "begun once").to.deep.equal(["StoreAndStart/rest", "Begin/plc", "Complete/plc"]);
  });
});
