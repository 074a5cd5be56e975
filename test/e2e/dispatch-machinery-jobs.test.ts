import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DataType, makeBrowsePath, OPCUAClient, StatusCodes, VariantArrayType } from "node-opcua";
import type { RunningMes } from "../../src/app.js";
import type { MachineryStation } from "../../tools/plc-sim/machinery-station.js";
import type { PlcSimulator } from "../../tools/plc-sim/simulator.js";
import { startDemoMes, startDemoSimulator } from "../support/demo-mes.js";
import { openTestSession } from "../support/opcua-session.js";
import { restCall } from "../support/rest-call.js";
import { waitFor } from "../support/wait-for.js";
import { plantNodeId } from "../support/opcua-browse.js";

const JOB_CONTROL = "http://opcfoundation.org/UA/ISA95-JOBCONTROL_V2/";

describe("The machinery-jobs dispatch driver: the MES runs an OPC 40001-3 machine", function () {
  let dir: string;
  let sim: PlcSimulator;
  let mes: RunningMes;
  let mill: MachineryStation;

  const rest = (method: string, route: string, body?: unknown) => restCall(mes.httpUrl, method, route, body);
  const releasedOrder = async (erpId: string, quantity: number) => {
    const order = (await rest("POST", "/api/v1/work-orders", { erpId, productId: "shaft", quantity, equipmentId: "mill-1" })).body;
    const released = await rest("POST", `/api/v1/work-orders/${order.id}/release`);
    expect(released.status).to.equal(200);
    return { orderId: order.id as string, jobId: released.body.jobOrders[0].id as string };
  };
  const mesState = async (jobId: string) => {
    const job = await mes.jobs.get(jobId);
    return [job.state, job.subState];
  };

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "mes-machinery-"));
    sim = await startDemoSimulator((config) => {
      const machining = config.plcs.find((plc) => plc.machinery)!.machinery!;
      Object.assign(machining, { cycleTimeMs: 60, rejectRate: 0 });
    });
    mill = sim.plc("plc-machining").machinery!;
    mes = await startDemoMes(dir, sim);
    await waitFor("the machining PLC connected", async () => (await rest("GET", "/api/v1/equipment/mill-1")).body.live.plc.connectionState === "connected");
  });

  after(async function () {
    await mes?.stop();
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("stores and starts a released order on the machine, follows it to the end and takes its quantities", async function () {
    const { orderId, jobId } = await releasedOrder("ERP-SHAFT-1", 3);
    await waitFor("the job order on the machine", () => mill.job(jobId) !== undefined);
    await waitFor("the MES job ended", async () => (await mesState(jobId))[0] === 5);
    expect(mill.job(jobId)).to.deep.include({ state: 5, good: 3, scrap: 0 });
    expect(await mes.jobs.produced(jobId)).to.deep.equal({ good: 3, scrap: 0 });
    const history = (await mes.jobs.history(jobId)).map((t) => [t.command, t.door]);
    expect(history).to.deep.equal([["StoreAndStart", "rest"], ["Begin", "plc"], ["Complete", "plc"]]);

    const performance = (await rest("GET", `/api/v1/work-orders/${orderId}/performance`)).body;
    expect(performance).to.include({ status: "completed", plannedQuantity: 3, good: 3, scrap: 0, completion: 1 });
    const opened = await openTestSession(mes.opcuaEndpoint);
    try {
      const jc = (await opened.session.readNamespaceArray()).indexOf(JOB_CONTROL);
      const provider = plantNodeId(mes.opcua, "mill-1.JobOrderResults");
      const methodId = (await opened.session.translateBrowsePath(makeBrowsePath(provider, `/${jc}:RequestJobResponseByJobOrderID`))).targets![0].targetId;
      const result = await opened.session.call({ objectId: provider, methodId, inputArguments: [{ dataType: DataType.String, value: jobId }] });
      const data = Object.fromEntries(result.outputArguments![0].value.jobResponseData.map((p: { ID: string; value: { value: number } }) => [p.ID, p.value.value]));
      expect(data).to.deep.include({ PlannedQuantity: 3, GoodQuantity: 3, ScrapQuantity: 0 });
    } finally {
      await opened.close();
    }
  });

  it("passes a Pause and a Resume given over REST on to the machine", async function () {
    const { jobId } = await releasedOrder("ERP-SHAFT-2", 100_000);
    await waitFor("running on the machine", () => mill.job(jobId)?.state === 3);
    await waitFor("running in the MES", async () => (await mesState(jobId))[0] === 3);
    expect((await rest("POST", `/api/v1/job-orders/${jobId}/pause`, { comment: "tool change" })).status).to.equal(200);
    await waitFor("paused on the machine", () => mill.job(jobId)?.state === 4);
    expect(mill.job(jobId)!.subState, "Suspended: a deliberate pause").to.equal(2);
    expect((await rest("POST", `/api/v1/job-orders/${jobId}/resume`)).status).to.equal(200);
    await waitFor("running again on the machine", () => mill.job(jobId)?.state === 3);
    await waitFor("the machine's resumed list read back", async () => (await mes.jobs.produced(jobId)).good > 0);
    expect(await mesState(jobId)).to.deep.equal([3, null]);
    const commands = (await mes.jobs.history(jobId)).map((t) => `${t.command}/${t.door}`);
    expect(commands, "no Hold read from the machine before it had the Resume").to.deep.equal(["StoreAndStart/rest", "Begin/plc", "Pause/rest", "Resume/rest"]);
  });

  it("aborts the MES job when the machine aborts it, keeping what it made", async function () {
    const [{ jobId }] = (await rest("GET", "/api/v1/job-orders?equipmentId=mill-1&state=Running")).body.items.map((job: { id: string }) => ({ jobId: job.id }));
    await waitFor("a few parts made", () => mill.job(jobId)!.good >= 2);
    const client = OPCUAClient.create({ endpointMustExist: false, connectionStrategy: { maxRetry: 2, initialDelay: 100, maxDelay: 200 } });
    await client.connect(sim.plc("plc-machining").endpointUrl);
    const session = await client.createSession();
    try {
      const namespaces = await session.readNamespaceArray();
      const receiver = `ns=${namespaces.indexOf("urn:opcua-mes:plc-sim")};s=Mill1.JobManagement.JobOrderControl`;
      const abort = (await session.translateBrowsePath(makeBrowsePath(receiver, `/${namespaces.indexOf(JOB_CONTROL)}:Abort`))).targets![0].targetId;
      const result = await session.call({
        objectId: receiver,
        methodId: abort,
        inputArguments: [{ dataType: DataType.String, value: jobId }, { dataType: DataType.LocalizedText, arrayType: VariantArrayType.Array, value: [{ text: "spindle overload" }] }],
      });
      expect(result.statusCode.value).to.equal(StatusCodes.Good.value);
    } finally {
      await session.close();
      await client.disconnect();
    }
    await waitFor("the MES job aborted", async () => (await mesState(jobId))[0] === 6);
    const last = (await mes.jobs.history(jobId)).at(-1)!;
    expect([last.command, last.door, last.comment]).to.deep.equal(["Abort", "plc", "the machine aborted it"]);
    expect((await mes.jobs.produced(jobId)).good, "every part the machine made before the abort").to.equal(mill.job(jobId)!.good);
  });

  it("gives a machine that restarted without its job list its running and queued jobs back, and neither loses nor doubles a part", async function () {
    this.timeout(120_000);
    const plc = sim.plc("plc-machining");
    const connectionState = async () => (await rest("GET", "/api/v1/equipment/mill-1")).body.live.plc.connectionState;
    expect((await rest("GET", "/api/v1/job-orders?equipmentId=mill-1&state=Running")).body.items, "nothing else running").to.deep.equal([]);
    const partsBefore = mill.goodCount;
    const first = await releasedOrder("ERP-SHAFT-60", 60);
    const queued = await releasedOrder("ERP-SHAFT-45", 45);
    await waitFor("the first job running, the second queued on the machine", () => mill.job(first.jobId)?.state === 3 && mill.job(queued.jobId)?.state === 2);
    await waitFor("some parts of the first job in the MES", async () => (await mes.jobs.produced(first.jobId)).good >= 10);

    // Given the machine stops between two parts, its count read by the MES, and then loses power and its job list.
    mill.stop();
    await waitFor("the MES has the machine's last count", async () => (await mes.jobs.produced(first.jobId)).good === mill.job(first.jobId)!.good);
    const goodBeforeRestart = (await mes.jobs.produced(first.jobId)).good;
    await plc.stop();
    mill.forget();
    await waitFor("the MES sees the machine gone", async () => (await connectionState()) !== "connected");
    expect(await mesState(first.jobId), "the job stays running in the MES while the machine is away").to.deep.equal([3, null]);

    // When it comes back on the same port,
    await plc.start();
    await waitFor("the MES connected again", async () => (await connectionState()) === "connected");

    // then the MES sends it both jobs again, the running one for what is left, and it runs them to the end.
    await waitFor("the first job back on the machine", () => mill.job(first.jobId) !== undefined, 10_000);
    await waitFor("the first job ended in the MES", async () => (await mesState(first.jobId))[0] === 5, 30_000);
    await waitFor("the queued job ended in the MES", async () => (await mesState(queued.jobId))[0] === 5, 30_000);
    expect(mill.job(first.jobId)!.good, "the machine was asked for the rest only").to.equal(60 - goodBeforeRestart);
    expect(await mes.jobs.produced(first.jobId)).to.deep.equal({ good: 60, scrap: 0 });
    expect(await mes.jobs.produced(queued.jobId)).to.deep.equal({ good: 45, scrap: 0 });
    expect(mill.goodCount - partsBefore, "every part the machine made is counted once").to.equal(105);
    expect((await mes.jobs.history(first.jobId)).map((t) => `${t.command}/${t.door}`), "never held").to.deep.equal(["StoreAndStart/rest", "Begin/plc", "Complete/plc"]);
    expect((await mes.jobs.history(queued.jobId)).map((t) => `${t.command}/${t.door}`)).to.deep.equal(["StoreAndStart/rest", "Begin/plc", "Complete/plc"]);
    const performance = (await rest("GET", `/api/v1/work-orders/${first.orderId}/performance`)).body;
    expect(performance).to.include({ status: "completed", plannedQuantity: 60, good: 60, scrap: 0 });
  });
});
