import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DataType, makeBrowsePath, resolveNodeId, StatusCodes, VariantArrayType, type ClientSession } from "node-opcua";
import type { RunningMes } from "../../src/app.js";
import type { MesSettings } from "../../src/config/schema.js";
import type { Actor } from "../../src/services/actor.js";
import type { PlcSimulator } from "../../tools/plc-sim/simulator.js";
import { startDemoMes, startDemoSimulator, withMethodsDriver } from "../support/demo-mes.js";
import { namespaceIndex, plantNodeId } from "../support/opcua-browse.js";
import { openTestSession, type TestSession } from "../support/opcua-session.js";

const JOB_CONTROL = "http://opcfoundation.org/UA/ISA95-JOBCONTROL_V2/";
const RETURN = { NoError: 1, UnableToAccept: 16 };
const ERP: Actor = { id: "erp", role: null, door: "rest" };

/** One MES instance of the cluster: `owns` is the area it runs; an owner that does not answer is given up on after half a second. */
const inCluster = (instanceId: string, owns: string) => (settings: MesSettings): MesSettings => ({
  ...settings,
  cluster: { ...settings.cluster, instanceId, owns: [owns], takeOver: false, leaseSeconds: 10, commandTimeoutMs: 500 },
});

// Given two MES instances on one database, A running the fabrication area (press-1, welder-1) and
// B the assembly; when a client or a station calls B's OPC UA server for A's equipment, A carries it out.
describe("OPC UA commands to one MES instance for equipment another runs", function () {
  this.timeout(120_000);
  let dir: string;
  let sim: PlcSimulator;
  let a: RunningMes;
  let b: RunningMes;
  let opened: TestSession | undefined;
  let session: ClientSession;
  let jc: number;
  const onA: string[] = [];
  const onB: string[] = [];

  async function jobControl(equipmentId: string, name: string, firstArgument: { dataType: DataType; value: unknown }) {
    const receiver = plantNodeId(b.opcua, `${equipmentId}.JobOrderControl`);
    const method = (await session.translateBrowsePath(makeBrowsePath(receiver, `/${jc}:${name}`))).targets![0].targetId.toString();
    const result = await session.call({ objectId: receiver, methodId: method, inputArguments: [firstArgument, { dataType: DataType.LocalizedText, arrayType: VariantArrayType.Array, value: [{ text: "through B" }] }] });
    const raw = result.outputArguments?.[0]?.value as [number, number] | undefined;
    return { status: result.statusCode, returnStatus: raw ? raw[0] * 2 ** 32 + raw[1] : undefined };
  }

  async function takeNextJob() {
    return session.call({ objectId: plantNodeId(b.opcua, "welder-1.Dispatch"), methodId: plantNodeId(b.opcua, "welder-1.Dispatch.TakeNextJob"), inputArguments: [] });
  }

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "mes-cluster-opcua-"));
    sim = await startDemoSimulator();
    const url = `sqlite:${path.join(dir, "mes.sqlite")}`;
    a = await startDemoMes(dir, sim, url, withMethodsDriver("welder-1"), undefined, undefined, inCluster("mes-a", "fabrication"));
    b = await startDemoMes(path.join(dir, "b"), sim, url, withMethodsDriver("welder-1"), undefined, undefined, inCluster("mes-b", "assembly"));
    a.bus.on("job.transition", (event) => onA.push(`${event.jobOrder.id} ${event.command}`));
    b.bus.on("job.transition", (event) => onB.push(`${event.jobOrder.id} ${event.command}`));
    opened = await openTestSession(b.opcuaEndpoint, "supervisor");
    session = opened.session;
    jc = await namespaceIndex(session, JOB_CONTROL);
  });

  after(async function () {
    await opened?.close();
    await b?.stop();
    await a?.stop();
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("carries out a Job Control StoreAndStart called on B for press-1 on A, audited as the caller's", async function () {
    const order = { dataType: DataType.ExtensionObject, value: await session.constructExtensionObject(resolveNodeId(`ns=${jc};i=3008`), { jobOrderID: "CL-1", materialRequirements: [{ materialDefinitionID: "", quantity: "12" }] }) };
    expect(await jobControl("press-1", "StoreAndStart", order)).to.deep.equal({ status: StatusCodes.Good, returnStatus: RETURN.NoError });
    const history = await a.jobs.history("CL-1");
    expect(history.map((t) => [t.command, t.door, t.actor, t.comment])).to.deep.equal([["StoreAndStart", "opcua", "supervisor", "through B"]]);
    expect(await a.store.read.audit.count({ targetId: "CL-1", actor: "supervisor", door: "opcua" })).to.equal(1);
    expect(onA).to.deep.equal(["CL-1 StoreAndStart"]);
    expect(onB).to.deep.equal([]);
  });

  it("hands a station calling B's TakeNextJob for welder-1 the job A begins for it", async function () {
    await a.jobs.storeJobOrder({ id: "CL-W", equipmentId: "welder-1", quantity: 3 }, ERP, { andStart: true });
    const result = await takeNextJob();
    expect(result.statusCode.value).to.equal(StatusCodes.Good.value);
    expect(result.outputArguments!.slice(0, 2).map((v) => v.value)).to.deep.equal([0, "CL-W"]);
    expect(onA).to.include("CL-W Begin");
    expect(onB).to.deep.equal([]);
  });

  it("answers UnableToAcceptJobOrder and BadResourceUnavailable while A does not answer, and carries out neither later", async function () {
    await a.core.commands!.stop();
    try {
      const order = { dataType: DataType.ExtensionObject, value: await session.constructExtensionObject(resolveNodeId(`ns=${jc};i=3008`), { jobOrderID: "CL-2", materialRequirements: [{ materialDefinitionID: "", quantity: "1" }] }) };
      expect(await jobControl("press-1", "StoreAndStart", order)).to.deep.equal({ status: StatusCodes.Uncertain, returnStatus: RETURN.UnableToAccept });
      await a.jobs.command("CL-W", "Complete", ERP);
      await a.jobs.storeJobOrder({ id: "CL-W2", equipmentId: "welder-1", quantity: 3 }, ERP, { andStart: true });
      expect((await takeNextJob()).statusCode.value).to.equal(StatusCodes.BadResourceUnavailable.value);
    } finally {
      a.core.commands!.start();
    }
    for (let i = 0; i < 3; i++) await a.core.commands!.tick();
    expect(await a.store.read.jobOrders.findById("CL-2")).to.equal(null);
    expect((await a.jobs.get("CL-W2")).state, "not begun").to.equal(2);
  });
});
