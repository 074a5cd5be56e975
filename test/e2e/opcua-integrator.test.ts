import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  AttributeIds,
  ClientMonitoredItem,
  constructEventFilter,
  DataType,
  StatusCodes,
  TimestampsToReturn,
  type ClientSession,
  type DataValue,
  type Variant,
} from "node-opcua";
import type { RunningMes } from "../../src/app.js";
import type { PlcSimulator } from "../../tools/plc-sim/simulator.js";
import { startDemoMes, startDemoSimulator, withMethodsDriver } from "../support/demo-mes.js";
import { MES_NAMESPACE, namespaceIndex, nodeIdByPath, plantNodeId } from "../support/opcua-browse.js";
import { openTestSession, type TestSession } from "../support/opcua-session.js";
import { waitFor } from "../support/wait-for.js";

/** The simulated PLCs' clock runs an hour behind the MES's. */
const PLC_CLOCK_OFFSET_MS = -3_600_000;
const UNECE = "http://www.opcfoundation.org/UA/units/un/cefact";
/** OPC 10000-8 §5.6.3: a UNECE common code as a UnitId. */
const unitId = (code: string) => [...code].reduce((id, c) => id * 256 + c.charCodeAt(0), 0);

describe("OPC UA as a SCADA integrator expects it", function () {
  let dir: string;
  let sim: PlcSimulator;
  let mes: RunningMes;
  let opened: TestSession;
  let session: ClientSession;

  const node = (id: string) => plantNodeId(mes.opcua, id);
  const read = async (nodeId: string, attributeId = AttributeIds.Value) => session.read({ nodeId, attributeId });
  const actor = { id: "integrator-test", role: null, door: "config" as const };

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "mes-integrator-"));
    sim = await startDemoSimulator(undefined, () => new Date(Date.now() + PLC_CLOCK_OFFSET_MS));
    mes = await startDemoMes(dir, sim, undefined, withMethodsDriver("welder-1"));
    opened = await openTestSession(mes.opcuaEndpoint, "supervisor");
    session = opened.session;
  });

  after(async function () {
    await opened?.close();
    await mes?.stop();
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  describe("timestamps", function () {
    /** Every notification of one variable, with both timestamps. */
    async function follow(nodeId: string): Promise<DataValue[]> {
      const seen: DataValue[] = [];
      const item = ClientMonitoredItem.create(opened.subscription, { nodeId, attributeId: AttributeIds.Value }, { samplingInterval: 0, queueSize: 100 }, TimestampsToReturn.Both);
      item.on("changed", (value: DataValue) => seen.push(value));
      await waitFor(`the first notification of ${nodeId}`, () => seen.length > 0);
      return seen;
    }

    it("stamps MachineState and ConnectionState notifications with the time the MES received them", async function () {
      const states = await follow(node("press-1.MachineState"));
      const links = await follow(node("press-1.PlcLink.ConnectionState"));
      const before = Date.now();
      sim.plc("plc-assembly").machine("Press1").setState("running");
      const running = await waitFor("press-1 running", () => states.find((value) => value.value.value === 2));
      expect(running.serverTimestamp, "ServerTimestamp").to.be.instanceOf(Date);
      // The MES's clock, not the PLC's an hour behind; press-1 may have been running already, since a moment before.
      expect(running.serverTimestamp!.getTime(), "ServerTimestamp is when the MES received it").to.be.within(before - 60_000, Date.now() + 1000);
      const link = links.at(-1)!;
      expect(link.value.value, "connected").to.equal(2);
      expect(link.serverTimestamp!.getFullYear(), "ConnectionState ServerTimestamp").to.be.greaterThan(2000);
      expect(Math.abs(link.serverTimestamp!.getTime() - Date.now()), "ConnectionState ServerTimestamp is recent").to.be.below(10 * 60_000);
    });

    it("keeps a mirrored tag's SourceTimestamp from the PLC and gives it the MES's ServerTimestamp", async function () {
      const speeds = await follow(node("press-2.Signals.Speed"));
      const before = Date.now();
      sim.plc("plc-assembly").machine("Press2").setState("running");
      const moving = await waitFor("press-2 at speed", () => speeds.find((value) => typeof value.value.value === "number" && value.value.value > 0));
      expect(moving.sourceTimestamp!.getTime(), "the PLC's own clock").to.be.within(before + PLC_CLOCK_OFFSET_MS - 1000, Date.now() + PLC_CLOCK_OFFSET_MS + 1000);
      expect(moving.serverTimestamp!.getTime(), "the MES's clock").to.be.within(before - 1000, Date.now() + 1000);
    });
  });

  describe("event queues", function () {
    it("delivers all 100 events of a burst of job transitions to an event item asked with queue size 0", async function () {
      this.timeout(120_000);
      // A slow publishing interval: the burst must wait in the item's queue between two publishes.
      const subscription = await session.createSubscription2({ requestedPublishingInterval: 2000, requestedMaxKeepAliveCount: 10, requestedLifetimeCount: 100, publishingEnabled: true });
      try {
        const events: Variant[][] = [];
        const item = ClientMonitoredItem.create(subscription, { nodeId: node("press-line.JobOrderControl"), attributeId: AttributeIds.EventNotifier }, { samplingInterval: 0, queueSize: 0, filter: constructEventFilter(["Message"]) }, TimestampsToReturn.Both);
        item.on("changed", (fields: Variant[]) => events.push(fields));
        await new Promise((resolve) => item.once("initialized", resolve));
        expect(item.result?.revisedQueueSize, "the revised queue size").to.equal(mes.config.settings.opcua.eventQueueSize);
        const ids = Array.from({ length: 50 }, (_, i) => `BURST-${i + 1}`);
        for (const id of ids) await mes.jobs.storeJobOrder({ id, equipmentId: "press-line", productId: null, quantity: 10, priority: 0, description: null, plannedStart: null, plannedEnd: null, parameters: [] }, actor, { andStart: false });
        for (const id of ids) await mes.jobs.command(id, "Cancel", actor, null, "press-line");
        const burst = () => events.filter((fields) => String(fields[0].value?.text).startsWith("BURST-"));
        await waitFor("the burst's events", () => burst().length >= 100, 15_000).catch(() => undefined);
        expect(burst().length, "events received").to.equal(100);
      } finally {
        await subscription.terminate();
      }
    });
  });

  describe("engineering units", function () {
    async function units(path: string[]): Promise<{ unitId: number; namespaceUri: string; displayName: string }> {
      const nodeId = await nodeIdByPath(session, node(path[0]), [...path.slice(1), "EngineeringUnits"]);
      const value = (await read(nodeId)).value.value;
      return { unitId: value.unitId, namespaceUri: value.namespaceUri, displayName: value.displayName.text };
    }

    it("gives the OEE ratios, times and quantities EngineeringUnits with UNECE codes", async function () {
      for (const equipment of ["press-1", "press-line"]) {
        expect(await units([`${equipment}.Oee`, "Availability"]), `${equipment} Availability`).to.deep.equal({ unitId: unitId("C62"), namespaceUri: UNECE, displayName: "1" });
        expect((await units([`${equipment}.Oee`, "Oee"])).unitId).to.equal(unitId("C62"));
        expect((await units([`${equipment}.Oee`, "PlannedBusyTime"])).unitId, "times in ms").to.equal(unitId("C26"));
        expect((await units([`${equipment}.Oee`, "GoodQuantity"])).unitId, "quantities in pieces").to.equal(unitId("H87"));
      }
      const range = await nodeIdByPath(session, node("press-1.Oee"), ["PlannedBusyTime", "EURange"]);
      expect((await read(range)).value.value.high).to.equal(86_400_000);
    });

    it("publishes a mirrored analog tag as an AnalogItemType with the unit and EURange of plant.yaml", async function () {
      expect(await units(["press-1.Signals", "Temperature"])).to.deep.equal({ unitId: unitId("CEL"), namespaceUri: UNECE, displayName: "°C" });
      const speed = await units(["press-1.Signals", "Speed"]);
      expect(speed, "a unit without a UNECE code").to.deep.equal({ unitId: -1, namespaceUri: UNECE, displayName: "pce/min" });
      const range = await nodeIdByPath(session, node("press-1.Signals"), ["Temperature", "EURange"]);
      expect((await read(range)).value.value).to.include({ low: 0, high: 150 });
      const typeDefinition = (await session.browse({ nodeId: node("press-1.Signals.Temperature"), referenceTypeId: "HasTypeDefinition", browseDirection: 0 })).references![0];
      expect(typeDefinition.nodeId.toString()).to.equal("ns=0;i=2368");
    });
  });

  describe("small deviations", function () {
    it("gives JobOrderControl.WorkMaster an array value, as its ValueRank 1 says", async function () {
      const workMaster = await nodeIdByPath(session, node("press-line.JobOrderControl"), ["WorkMaster"]);
      expect((await read(workMaster, AttributeIds.ValueRank)).value.value).to.equal(1);
      const value = await read(workMaster);
      expect(value.statusCode.value).to.equal(StatusCodes.Good.value);
      expect(value.value.arrayType, "an array").to.equal(1);
      expect(value.value.value).to.have.length(0);
    });

    it("types the Dispatch object of a methods station as our DispatchType", async function () {
      const mesNs = await namespaceIndex(session, MES_NAMESPACE);
      const typeDefinition = (await session.browse({ nodeId: node("welder-1.Dispatch"), referenceTypeId: "HasTypeDefinition", browseDirection: 0 })).references![0];
      expect(typeDefinition.nodeId.toString()).to.equal(`ns=${mesNs};i=1005`);
      const typeName = await read(typeDefinition.nodeId.toString(), AttributeIds.BrowseName);
      expect(typeName.value.value.name).to.equal("DispatchType");
      // The methods still answer, bound on the typed instance.
      const result = await session.call({ objectId: node("welder-1.Dispatch"), methodId: node("welder-1.Dispatch.TakeNextJob"), inputArguments: [] });
      expect(result.statusCode.value).to.equal(StatusCodes.Good.value);
      expect(result.outputArguments![0].value).to.equal(1); // NoJobReleased
    });

    it("raises job order events with the equipment as their source", async function () {
      const events: Variant[][] = [];
      const item = ClientMonitoredItem.create(opened.subscription, { nodeId: node("press-1.JobOrderControl"), attributeId: AttributeIds.EventNotifier }, { samplingInterval: 0, queueSize: 10, filter: constructEventFilter(["SourceName", "SourceNode", "Message"]) }, TimestampsToReturn.Both);
      item.on("changed", (fields: Variant[]) => events.push(fields));
      await new Promise((resolve) => item.once("initialized", resolve));
      await mes.jobs.storeJobOrder({ id: "SOURCE-1", equipmentId: "press-1", productId: null, quantity: 1, priority: 0, description: null, plannedStart: null, plannedEnd: null, parameters: [] }, actor, { andStart: false });
      const event = await waitFor("the Store event", () => events.find((fields) => String(fields[2].value?.text).startsWith("SOURCE-1")));
      expect(event[0].value).to.equal("Press 1");
      expect(event[1].value.toString()).to.equal(node("press-1"));
    });

    it("shows JobOrderResponseList read-only", async function () {
      const list = await nodeIdByPath(session, node("press-line.JobOrderResults"), ["JobOrderResponseList"]);
      const CURRENT_WRITE = 2;
      expect((await read(list, AttributeIds.AccessLevel)).value.value & CURRENT_WRITE, "AccessLevel").to.equal(0);
      expect((await read(list, AttributeIds.UserAccessLevel)).value.value & CURRENT_WRITE, "UserAccessLevel").to.equal(0);
    });

    it("offers no UserManagement whose ChangePassword would answer BadInternalError", async function () {
      expect((await read("i=24290", AttributeIds.BrowseName)).statusCode.value, "Server.ServerConfiguration.UserManagement").to.equal(StatusCodes.BadNodeIdUnknown.value);
      const result = await session.call({ objectId: "i=24290", methodId: "i=24310", inputArguments: [{ dataType: DataType.String, value: "supervisor-demo-pass" }, { dataType: DataType.String, value: "a-new-password-1" }] });
      expect(result.statusCode.isBad()).to.equal(true);
      expect(result.statusCode.value).not.to.equal(StatusCodes.BadInternalError.value);
    });
  });
});
