import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  AttributeIds,
  ClientMonitoredItem,
  OPCUAClient,
  StatusCodes,
  TimestampsToReturn,
  type ClientSession,
  type ClientSubscription,
  type DataValue,
} from "node-opcua";
import type { PlcSimulator } from "../../tools/plc-sim/simulator.js";
import type { RunningMes } from "../../src/app.js";
import { apiFetch } from "../support/rest-call.js";
import { startDemoMes, startDemoSimulator } from "../support/demo-mes.js";
import { openTestSession, type TestSession } from "../support/opcua-session.js";
import { waitFor } from "../support/wait-for.js";
import { browseChildren, childByName, ISA95_NAMESPACE, MES_NAMESPACE, namespaceIndex, nodeIdByPath } from "../support/opcua-browse.js";

const LEVELS = ["Enterprise", "Site", "Area", "WorkCenter", "WorkUnit"] as const;
/** ISA95EquipmentElementLevelEnum (OPC 10030); a storage zone sits beside the work centers of its area. */
const LEVEL_VALUES = { Enterprise: 0, Site: 1, Area: 2, StorageZone: 8, WorkCenter: 10, WorkUnit: 11 } as const;

interface TreeNode {
  id: string;
  name: string;
  level: string;
  equipmentLevel: number;
  children: TreeNode[];
}

describe("The MES runs end to end on the demo plant (SQLite, simulated PLCs)", function () {
  let dir: string;
  let sim: PlcSimulator;
  let mes: RunningMes;
  let session: ClientSession;
  let subscription: ClientSubscription;

  let opened: TestSession | undefined;
  async function connectClient(): Promise<void> {
    opened = await openTestSession(mes.opcuaEndpoint);
    ({ session, subscription } = opened);
  }
  const disconnectClient = async () => opened?.close();

  /** Follows a mirrored variable: every value the client is sent, kept for assertions. */
  async function follow(nodeId: string): Promise<DataValue[]> {
    const seen: DataValue[] = [];
    const item = ClientMonitoredItem.create(subscription, { nodeId, attributeId: AttributeIds.Value }, { samplingInterval: 0, queueSize: 100, discardOldest: true }, TimestampsToReturn.Both);
    item.on("changed", (dataValue) => seen.push(dataValue));
    await waitFor("the first notification", () => seen.length > 0);
    return seen;
  }

  async function signalNodeId(workUnitId: string, signal: string): Promise<string> {
    return nodeIdByPath(session, mes.opcua.plant.nodeIdOf(workUnitId)!, ["Signals", signal]);
  }

  async function getJson(route: string): Promise<{ status: number; body: any }> {
    const response = await apiFetch(`${mes.httpUrl}${route}`);
    return { status: response.status, body: await response.json() };
  }

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "mes-e2e-"));
    sim = await startDemoSimulator();
    mes = await startDemoMes(dir, sim);
    await connectClient();
    await waitFor("every PLC connected", async () => {
      const { body } = await getJson("/healthz");
      return body.plcs.every((plc: { connectionState: string }) => plc.connectionState === "connected");
    });
  });

  after(async function () {
    await disconnectClient();
    await mes?.stop();
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("lets a client browse Enterprise > Site > Area > WorkCenter > WorkUnit as ISA-95 equipment with its EquipmentLevel", async function () {
    const isa95 = await namespaceIndex(session, ISA95_NAMESPACE);
    const mesNs = await namespaceIndex(session, MES_NAMESPACE);
    const madeUpOf = `ns=${isa95};i=5115`;
    const enterprise = (await browseChildren(session, "i=85", "i=35")).find((ref) => ref.displayName.text === "Acme Manufacturing");
    expect(enterprise, "the enterprise under Objects").to.not.equal(undefined);

    let frontier = [enterprise!];
    for (const level of LEVELS) {
      const zones: string[] = [];
      const kept = [];
      for (const node of frontier) {
        const type = await session.read({ nodeId: node.typeDefinition, attributeId: AttributeIds.BrowseName });
        if (level === "WorkUnit") expect(type.value.value.toString()).to.equal(`${mesNs}:WorkUnitType`);
        else expect(node.typeDefinition.toString()).to.equal(`ns=${isa95};i=5040`);
        const levelNode = await childByName(session, node.nodeId.toString(), "EquipmentLevel");
        const value = await session.read({ nodeId: levelNode, attributeId: AttributeIds.Value });
        if (level === "WorkCenter" && value.value.value === LEVEL_VALUES.StorageZone) {
          zones.push(node.displayName.text!);
          expect(await browseChildren(session, node.nodeId.toString(), madeUpOf), `${node.displayName.text} has no equipment below it`).to.have.length(0);
          continue;
        }
        expect(value.value.value, `${node.displayName.text} EquipmentLevel`).to.equal(LEVEL_VALUES[level]);
        kept.push(node);
      }
      if (level === "WorkCenter") expect(zones, "the storage zones beside the work centers").to.deep.equal(["Raw-material warehouse"]);
      frontier = kept;
      const next = [];
      for (const node of frontier) next.push(...(await browseChildren(session, node.nodeId.toString(), madeUpOf)));
      if (level === "WorkUnit") expect(next).to.have.length(0);
      frontier = next;
    }
  });

  it("serves over REST the same equipment tree as the address space", async function () {
    const { status, body } = await getJson("/api/v1/equipment");
    expect(status).to.equal(200);
    const isa95 = await namespaceIndex(session, ISA95_NAMESPACE);
    const fromAddressSpace = async (nodeId: string): Promise<string[]> => {
      const children = await browseChildren(session, nodeId, `ns=${isa95};i=5115`);
      return Promise.all(children.map(async (child) => `${child.displayName.text}[${(await fromAddressSpace(child.nodeId.toString())).join(",")}]`));
    };
    const fromRest = (node: TreeNode): string => `${node.name}[${node.children.map(fromRest).join(",")}]`;
    const root = body.items[0] as TreeNode;
    expect(body.items).to.have.length(1);
    expect(fromRest(root)).to.equal(`Acme Manufacturing[${(await fromAddressSpace(mes.opcua.plant.nodeIdOf("acme")!)).join(",")}]`);
    const units: TreeNode[] = [];
    const walk = (node: TreeNode) => (node.level === "WorkUnit" ? units.push(node) : node.children.forEach(walk));
    walk(root);
    expect(units.map((u) => u.id)).to.deep.equal(["press-1", "press-2", "welder-1", "mill-1", "cplab-1", "packer-1", "labeler-1"]);
  });

  it("mirrors a PLC counter live with the PLC's value, status and source timestamp, and records the production", async function () {
    const seen = await follow(await signalNodeId("press-1", "GoodCount"));
    const press = sim.plc("plc-assembly").machine("Press1");
    const before = press.goodCount;
    press.produce(3, 1);
    const change = await waitFor("GoodCount + 3 on the MES", () => seen.find((dv) => dv.value.value === before + 3));
    expect(change.statusCode.value).to.equal(StatusCodes.Good.value);
    const direct = await readFromPlc(sim.plc("plc-assembly").endpointUrl, "ns=2;s=Press1.GoodCount");
    expect(change.sourceTimestamp?.getTime(), "the PLC's source timestamp, unchanged").to.equal(direct.sourceTimestamp?.getTime());

    await mes.recorder.flush();
    const totals = await mes.store.read.productionRecords.totals("press-1", new Date(0), new Date(Date.now() + 60_000));
    expect(totals).to.deep.equal({ good: 3, scrap: 1 });

    const { body } = await getJson("/api/v1/equipment/press-1");
    expect(body.live.counters).to.deep.equal({ good: before + 3, reject: press.rejectCount });
    expect(body.live.plc).to.include({ id: "plc-assembly", connectionState: "connected" });
    expect(body.path.map((p: TreeNode) => p.id)).to.deep.equal(["acme", "plant-1", "fabrication", "press-line"]);
  });

  it("mirrors the CP Lab station's S7 tags (ns=3 string ids) with their own types when a carrier arrives", async function () {
    const readComplete = await signalNodeId("cplab-1", "ReadComplete");
    const orderOnCarrier = await signalNodeId("cplab-1", "CarrierOrderId");
    const seen = await follow(readComplete);
    expect(seen[0].value.value).to.equal(false);
    expect(seen[0].statusCode.value).to.equal(StatusCodes.Good.value);

    sim.plc("plc-cplab").station!.arrive(7, 1001);
    await waitFor("read_complete on the MES", () => seen.find((dv) => dv.value.value === true));
    const order = await session.read({ nodeId: orderOnCarrier, attributeId: AttributeIds.Value });
    expect(order.value.value).to.equal(1001);
    const dataType = await session.read({ nodeId: readComplete, attributeId: AttributeIds.DataType });
    expect(dataType.value.value.toString(), "the PLC's own type, Boolean").to.equal("ns=0;i=1");
  });

  it("derives the machine state from the PLC and keeps it as state intervals", async function () {
    const press = sim.plc("plc-assembly").machine("Press2");
    const stateNode = await childByName(session, mes.opcua.plant.nodeIdOf("press-2")!, "MachineState");
    press.setState("faulted", 17);
    await waitFor("Faulted (4) on the MES", async () => (await session.read({ nodeId: stateNode, attributeId: AttributeIds.Value })).value.value === 4);
    press.setState("running");
    await waitFor("Running (2) on the MES", async () => (await session.read({ nodeId: stateNode, attributeId: AttributeIds.Value })).value.value === 2);
    const intervals = await waitFor("the intervals stored", async () => {
      const found = await mes.store.read.stateIntervals.findByEquipment("press-2", new Date(0), new Date(Date.now() + 60_000));
      return found.some((i) => i.state === "running" && i.endedAt === null) ? found : undefined;
    });
    const states = intervals.map((i) => i.state);
    expect(states.slice(-2)).to.deep.equal(["faulted", "running"]);
    const faulted = intervals[intervals.length - 2];
    expect(faulted.endedAt?.getTime()).to.equal(intervals[intervals.length - 1].startedAt.getTime());
  });

  it("turns a stopped PLC's signals BadNotConnected, counts what it made meanwhile once it is back", async function () {
    const plc = sim.plc("plc-packaging");
    const filler = plc.machine("Filler1");
    const seen = await follow(await signalNodeId("packer-1", "GoodCount"));
    const link = await nodeIdByPath(session, mes.opcua.plant.nodeIdOf("packer-1")!, ["PlcLink", "ConnectionState"]);
    await mes.recorder.flush();
    const totalsBefore = await mes.store.read.productionRecords.totals("packer-1", new Date(0), new Date(Date.now() + 60_000));

    await plc.stop();
    await waitFor("BadNotConnected on the mirror", () => seen.find((dv) => dv.statusCode.value === StatusCodes.BadNotConnected.value));
    expect((await session.read({ nodeId: link, attributeId: AttributeIds.Value })).value.value).to.equal(0);
    const down = await getJson("/api/v1/equipment/packer-1");
    expect(down.body.live.machineState).to.equal("disconnected");
    expect(down.body.live.signals.find((s: { name: string }) => s.name === "GoodCount")).to.include({ quality: "bad", statusCode: "BadNotConnected" });

    filler.produce(5, 2); // made while the MES could not see it
    await plc.start();
    const back = await waitFor("Good again on the mirror", () => seen.find((dv, i) => i > 0 && dv.statusCode.value === StatusCodes.Good.value && seen[i - 1].statusCode.isNotGood()));
    expect(back.value.value).to.equal(filler.goodCount);
    await waitFor("Connected (2) on the PlcLink", async () => (await session.read({ nodeId: link, attributeId: AttributeIds.Value })).value.value === 2);
    await mes.recorder.flush();
    const totalsAfter = await mes.store.read.productionRecords.totals("packer-1", new Date(0), new Date(Date.now() + 60_000));
    expect({ good: totalsAfter.good - totalsBefore.good, scrap: totalsAfter.scrap - totalsBefore.scrap }).to.deep.equal({ good: 5, scrap: 2 });
  });

  it("counts production made while the MES itself was down exactly once after a restart", async function () {
    const welder = sim.plc("plc-assembly").machine("Welder1");
    welder.produce(2, 0);
    await waitFor("the MES to see Welder1's count", async () => (await getJson("/api/v1/equipment/welder-1")).body.live.counters.good === welder.goodCount);
    await disconnectClient();
    await mes.stop();

    welder.produce(4, 1);
    mes = await startDemoMes(dir, sim);
    await connectClient();
    await waitFor("the restarted MES to see Welder1's count", async () => (await getJson("/api/v1/equipment/welder-1")).body.live.counters.good === welder.goodCount);
    await mes.recorder.flush();
    const totals = await mes.store.read.productionRecords.totals("welder-1", new Date(0), new Date(Date.now() + 60_000));
    expect(totals).to.deep.equal({ good: 6, scrap: 1 });
  });

  it("answers an unknown equipment id with 404 and a malformed one with 400, as JSON errors", async function () {
    const missing = await getJson("/api/v1/equipment/no-such-unit");
    expect(missing.status).to.equal(404);
    expect(missing.body.error).to.include({ code: "not_found" });
    const malformed = await getJson(`/api/v1/equipment/${encodeURIComponent("bad id!")}`);
    expect(malformed.status).to.equal(400);
    expect(malformed.body.error.details).to.include({ field: "id" });
    const noRoute = await getJson("/api/v1/nothing-here");
    expect(noRoute.status).to.equal(404);
    expect(noRoute.body.error.code).to.equal("not_found");
  });
});

async function readFromPlc(endpointUrl: string, nodeId: string): Promise<DataValue> {
  const client = OPCUAClient.create({ endpointMustExist: false, connectionStrategy: { maxRetry: 1, initialDelay: 100, maxDelay: 200 } });
  await client.connect(endpointUrl);
  try {
    const session = await client.createSession();
    const value = await session.read({ nodeId, attributeId: AttributeIds.Value });
    await session.close();
    return value;
  } finally {
    await client.disconnect();
  }
}
