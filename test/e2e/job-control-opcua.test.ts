import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  AttributeIds,
  ClientMonitoredItem,
  constructEventFilter,
  makeBrowsePath,
  resolveNodeId,
  DataType,
  StatusCodes,
  TimestampsToReturn,
  VariantArrayType,
  type ClientSession,
  type ClientSubscription,
  type Variant,
} from "node-opcua";
import type { RunningMes } from "../../src/app.js";
import type { PlcSimulator } from "../../tools/plc-sim/simulator.js";
import { apiFetch, restCall } from "../support/rest-call.js";
import { startDemoMes, startDemoSimulator } from "../support/demo-mes.js";
import { namespaceIndex, plantNodeId } from "../support/opcua-browse.js";
import { openTestSession, type TestSession } from "../support/opcua-session.js";
import { waitFor } from "../support/wait-for.js";

const JOB_CONTROL = "http://opcfoundation.org/UA/ISA95-JOBCONTROL_V2/";
const RETURN = { NoError: 1, UnknownJobOrderId: 2, InvalidJobOrderStatus: 8, UnableToAccept: 16, InvalidRequest: 2 ** 32 };

describe("ISA-95 Job Control on the MES's OPC UA server (OPC 10031-4)", function () {
  let dir: string;
  let sim: PlcSimulator;
  let mes: RunningMes;
  let opened: TestSession | undefined;
  let session: ClientSession;
  let subscription: ClientSubscription;
  let jc: number;
  const events: Variant[][] = [];

  const receiver = (equipmentId: string) => plantNodeId(mes.opcua, `${equipmentId}.JobOrderControl`);
  /** A child of the receiver by its browse name in the Job Control namespace. */
  const methodOf = async (equipmentId: string, name: string) => {
    const result = await session.translateBrowsePath(makeBrowsePath(receiver(equipmentId), `/${jc}:${name}`));
    return result.targets![0].targetId.toString();
  };

  /** Calls a receiver method; returns the call status and the ReturnStatus as a number. */
  async function call(equipmentId: string, name: string, firstArgument: { dataType: DataType; value: unknown }, comment = "from the test") {
    const result = await session.call({
      objectId: receiver(equipmentId),
      methodId: await methodOf(equipmentId, name),
      inputArguments: [firstArgument, { dataType: DataType.LocalizedText, arrayType: VariantArrayType.Array, value: [{ text: comment }] }],
    });
    const raw = result.outputArguments?.[0]?.value as [number, number] | undefined;
    return { status: result.statusCode, returnStatus: raw ? raw[0] * 2 ** 32 + raw[1] : undefined };
  }

  async function jobOrder(fields: Record<string, unknown>) {
    return { dataType: DataType.ExtensionObject, value: await session.constructExtensionObject(resolveNodeId(`ns=${jc};i=3008`), fields) };
  }

  const id = (jobOrderId: string) => ({ dataType: DataType.String, value: jobOrderId });

  async function jobOrderList(equipmentId: string): Promise<{ id: string; states: number[] }[]> {
    const listNode = await methodOf(equipmentId, "JobOrderList");
    const value = await session.read({ nodeId: listNode, attributeId: AttributeIds.Value });
    return (value.value.value ?? []).map((entry: { jobOrder: { jobOrderID: string }; state: { stateNumber: number }[] }) => ({ id: entry.jobOrder.jobOrderID, states: entry.state.map((s) => s.stateNumber) }));
  }

  async function connect(): Promise<void> {
    opened = await openTestSession(mes.opcuaEndpoint, "supervisor");
    ({ session, subscription } = opened);
    jc = await namespaceIndex(session, JOB_CONTROL);
    const item = ClientMonitoredItem.create(
      subscription,
      { nodeId: receiver("press-line"), attributeId: AttributeIds.EventNotifier },
      { samplingInterval: 0, queueSize: 100, filter: constructEventFilter(["Message", `${jc}:JobOrder`, `${jc}:JobState`, `${jc}:JobResponse`]) },
      TimestampsToReturn.Both,
    );
    item.on("changed", (fields: Variant[]) => events.push(fields));
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  const disconnect = async () => opened?.close();

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "mes-jobcontrol-"));
    sim = await startDemoSimulator();
    mes = await startDemoMes(dir, sim);
    await connect();
  });

  after(async function () {
    await disconnect();
    await mes?.stop();
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("stores a job order sent as an ISA95JobOrderDataType and lists it as NotAllowedToStart", async function () {
    const stored = await call("press-line", "Store", await jobOrder({ jobOrderID: "OPC-1", priority: 3, materialRequirements: [{ materialDefinitionID: "", quantity: "250" }], jobOrderParameters: [{ ID: "TaskCode", value: { dataType: DataType.Int32, value: 2 } }] }));
    expect(stored).to.deep.equal({ status: StatusCodes.Good, returnStatus: RETURN.NoError });
    expect(await jobOrderList("press-line")).to.deep.equal([{ id: "OPC-1", states: [1] }]);
    const record = await mes.jobs.get("OPC-1");
    expect([record.quantity, record.priority, record.parameters]).to.deep.equal([250, 3, [{ id: "TaskCode", value: 2 }]]);
    const history = await mes.jobs.history("OPC-1");
    expect(history.map((t) => [t.command, t.door, t.actor, t.comment])).to.deep.equal([["Store", "opcua", "supervisor", "from the test"]]);
  });

  it("starts it, raising a job order status event with the new state", async function () {
    expect(await call("press-line", "Start", id("OPC-1"))).to.deep.equal({ status: StatusCodes.Good, returnStatus: RETURN.NoError });
    expect(await jobOrderList("press-line")).to.deep.equal([{ id: "OPC-1", states: [2] }]);
    const event = await waitFor("the Start event", () => events.find((fields) => String(fields[0].value?.text).startsWith("OPC-1: Start")));
    expect(event[1].value.jobOrderID).to.equal("OPC-1");
    expect(event[2].value.map((s: { stateNumber: number }) => s.stateNumber)).to.deep.equal([2]);
    expect(event[3].value, "no job response before the job runs").to.equal(null);
  });

  it("refuses a command the state does not allow with Uncertain and InvalidJobOrderStatus, changing nothing", async function () {
    expect(await call("press-line", "Start", id("OPC-1"))).to.deep.equal({ status: StatusCodes.Uncertain, returnStatus: RETURN.InvalidJobOrderStatus });
    expect(await call("press-line", "Resume", id("OPC-1"))).to.deep.equal({ status: StatusCodes.Uncertain, returnStatus: RETURN.InvalidJobOrderStatus });
    expect(await jobOrderList("press-line")).to.deep.equal([{ id: "OPC-1", states: [2] }]);
  });

  it("answers UnknownJobOrderId for an id it does not hold, including one that belongs to another receiver", async function () {
    expect((await call("press-line", "Start", id("NO-SUCH"))).returnStatus).to.equal(RETURN.UnknownJobOrderId);
    expect((await call("press-1", "Abort", id("OPC-1"))).returnStatus).to.equal(RETURN.UnknownJobOrderId);
  });

  it("answers InvalidRequest for a job order without a quantity and UnableToAccept for a duplicate id", async function () {
    expect((await call("press-line", "Store", await jobOrder({ jobOrderID: "OPC-2" }))).returnStatus).to.equal(RETURN.InvalidRequest);
    expect((await call("press-line", "Store", await jobOrder({ jobOrderID: "OPC-1", jobOrderParameters: [{ ID: "RunsPlanned", value: { dataType: DataType.Int32, value: 5 } }] }))).returnStatus).to.equal(RETURN.UnableToAccept);
  });

  it("answers a wrongly typed argument with a Bad status from the stack", async function () {
    const result = await call("press-line", "Start", { dataType: DataType.Int32, value: 7 });
    expect(result.status.isBad(), result.status.toString()).to.equal(true);
  });

  it("cancels an order that has not run, taking it out of the JobOrderList", async function () {
    expect((await call("press-line", "StoreAndStart", await jobOrder({ jobOrderID: "OPC-3", jobOrderParameters: [{ ID: "RunsPlanned", value: { dataType: DataType.Int32, value: 5 } }] }))).returnStatus).to.equal(RETURN.NoError);
    expect(await jobOrderList("press-line")).to.deep.equal([{ id: "OPC-1", states: [2] }, { id: "OPC-3", states: [2] }]);
    expect((await call("press-line", "Cancel", id("OPC-3"))).returnStatus).to.equal(RETURN.NoError);
    expect(await jobOrderList("press-line")).to.deep.equal([{ id: "OPC-1", states: [2] }]);
  });

  it("gives a job order stored over OPC UA its product's parameters and keeps its MaterialRequirements, as REST and a release do", async function () {
    const sent = [
      { materialDefinitionID: "bracket", materialUse: "Produced", quantity: "40", engineeringUnits: { displayName: { text: "pcs" } } },
      { materialDefinitionID: "steel-sheet", materialLotID: "LOT-7", materialUse: "Consumed", quantity: "42.5" },
    ];
    expect((await call("press-1", "Store", await jobOrder({ jobOrderID: "OPC-BRACKET", materialRequirements: sent }))).returnStatus).to.equal(RETURN.NoError);
    const materials = [
      { materialDefinitionId: "bracket", materialUse: "Produced", quantity: 40, unit: "pcs" },
      { materialDefinitionId: "steel-sheet", materialLotId: "LOT-7", materialUse: "Consumed", quantity: 42.5 },
    ];
    const stored = await restCall(mes.httpUrl, "POST", "/api/v1/job-orders", { id: "REST-BRACKET", equipmentId: "press-1", productId: "bracket", quantity: 40, materialRequirements: materials });
    expect(stored.status).to.equal(201);
    const order = await restCall(mes.httpUrl, "POST", "/api/v1/work-orders", { erpId: "SAP-BRACKET", productId: "bracket", quantity: 40, equipmentId: "press-1" });
    const [released] = (await restCall(mes.httpUrl, "POST", `/api/v1/work-orders/${order.body.id}/release`)).body.jobOrders;

    const fields = async (jobOrderId: string) => {
      const view = (await restCall(mes.httpUrl, "GET", `/api/v1/job-orders/${jobOrderId}`)).body;
      return { productId: view.productId, quantity: view.quantity, parameters: view.parameters, materialRequirements: view.materialRequirements };
    };
    const overOpcua = await fields("OPC-BRACKET");
    expect(overOpcua).to.deep.equal({ productId: "bracket", quantity: 40, parameters: [{ id: "Die", value: "D-17" }], materialRequirements: materials });
    expect(await fields("REST-BRACKET"), "the same job order over REST").to.deep.equal(overOpcua);
    expect((await fields(released.id)).parameters, "a released one has the same defaults").to.deep.equal(overOpcua.parameters);

    // The JobOrderList gives back what was sent, MaterialUse, lot and unit included.
    const listNode = await methodOf("press-1", "JobOrderList");
    const list = (await session.read({ nodeId: listNode, attributeId: AttributeIds.Value })).value.value ?? [];
    const entry = list.find((e: { jobOrder: { jobOrderID: string } }) => e.jobOrder.jobOrderID === "OPC-BRACKET").jobOrder;
    expect(entry.jobOrderParameters.map((p: { ID: string; value: { value: unknown } }) => [p.ID, p.value.value])).to.deep.equal([["Die", "D-17"]]);
    expect(
      entry.materialRequirements.map((m: { materialDefinitionID: string; materialLotID: string | null; materialUse: string; quantity: string; engineeringUnits: { displayName: { text: string | null } } | null }) => [
        m.materialDefinitionID,
        m.materialLotID ?? null,
        m.materialUse,
        m.quantity,
        m.engineeringUnits?.displayName?.text ?? null,
      ]),
    ).to.deep.equal([
      ["bracket", null, "Produced", "40", "pcs"],
      ["steel-sheet", "LOT-7", "Consumed", "42.5", null],
    ]);

    // A parameter of its own wins over the product's of the same id; the others stay.
    const own = [{ ID: "Die", value: { dataType: DataType.String, value: "D-99" } }, { ID: "Coil", value: { dataType: DataType.Int32, value: 3 } }];
    expect((await call("press-1", "Store", await jobOrder({ jobOrderID: "OPC-OWN", jobOrderParameters: own, materialRequirements: [{ materialDefinitionID: "bracket", quantity: "5" }] }))).returnStatus).to.equal(RETURN.NoError);
    expect((await fields("OPC-OWN")).parameters).to.deep.equal([{ id: "Die", value: "D-99" }, { id: "Coil", value: 3 }]);
  });

  it("shows the same JobOrderList and the same REST views after the MES restarts", async function () {
    await mes.jobs.command("OPC-1", "Begin", { id: "plc", role: null, door: "plc" });
    await mes.jobs.command("OPC-1", "Pause", { id: "plc", role: null, door: "plc" });
    const restView = async () => {
      const [job, list] = await Promise.all([apiFetch(`${mes.httpUrl}/api/v1/job-orders/OPC-1`), apiFetch(`${mes.httpUrl}/api/v1/job-orders?equipmentId=press-line&includeRemoved=true`)]);
      return { job: await job.json(), list: await list.json() };
    };
    const paused = await waitFor("the Pause event", () => events.find((fields) => String(fields[0].value?.text).startsWith("OPC-1: Pause")));
    expect(paused[3].value.jobOrderID, "a started job order's event carries its job response").to.equal("OPC-1");
    expect(paused[3].value.jobState.map((s: { stateNumber: number }) => s.stateNumber)).to.deep.equal([4, 2]);
    const before = await jobOrderList("press-line");
    const restBefore = await restView();
    expect(before).to.deep.equal([{ id: "OPC-1", states: [4, 2] }]);
    expect(restBefore.job).to.include({ stateName: "Interrupted", subState: 2 });
    await disconnect();
    await mes.stop();
    mes = await startDemoMes(dir, sim);
    await connect();
    expect(await jobOrderList("press-line")).to.deep.equal(before);
    expect(await restView()).to.deep.equal(restBefore);
  });
});
