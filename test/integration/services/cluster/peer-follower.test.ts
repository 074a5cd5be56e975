import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { AttributeIds, ClientMonitoredItem, constructEventFilter, TimestampsToReturn, type ClientSubscription, type Variant } from "node-opcua";
import { buildCore, type MesCore } from "../../../../src/compose/mes-core.js";
import { startOpcuaDoor, type OpcuaDoor } from "../../../../src/compose/opcua-door.js";
import type { MesConfig } from "../../../../src/config/load-config.js";
import { machineStateValue } from "../../../../src/domain/machine-state.js";
import { workUnitsOf } from "../../../../src/domain/plant/plant.js";
import type { MesEvents } from "../../../../src/services/event-bus.js";
import { silentLog } from "../../../../src/services/log.js";
import { freePort } from "../../../../tools/free-port.js";
import { databaseSnapshot } from "../../../support/database-snapshot.js";
import { runningJobOrder } from "../../../support/job-order-record.js";
import { testDatabases, type TestDatabase } from "../../../support/mysql-database.js";
import { plantNodeId } from "../../../support/opcua-browse.js";
import { openTestSession, type TestSession } from "../../../support/opcua-session.js";
import { restTestConfig } from "../../../support/rest-app.js";
import { waitFor } from "../../../support/wait-for.js";

const databases: TestDatabase[] = testDatabases();
const CALLBACKS = { timeoutMs: 2000, maxAttempts: 1, initialDelayMs: 50, maxDelayMs: 50 };
const FOLLOW_EVERY_MS = 100;
const UNIT = "press-1";
const OPERATOR = { id: "op-1", role: "Operator", door: "rest" } as const;
const FOLLOWED = ["machine.state", "production.counted", "job.transition", "alarm.changed", "plc.connection"] as const;
const PLC = "plc-assembly";

const good = (value: number) => ({ value, dataType: 6, arrayType: 0, statusCode: 0, statusName: "Good", sourceTimestamp: new Date() });

/** The alarm events the server object sends a subscription: which source, and whether active and acknowledged. */
async function watchAlarmEvents(subscription: ClientSubscription): Promise<{ source: unknown; active: unknown; acked: unknown }[]> {
  const events: { source: unknown; active: unknown; acked: unknown }[] = [];
  const filter = constructEventFilter(["SourceName", "ActiveState.Id", "AckedState.Id"]);
  const item = ClientMonitoredItem.create(subscription, { nodeId: "ns=0;i=2253", attributeId: AttributeIds.EventNotifier }, { queueSize: 100, filter, discardOldest: true, samplingInterval: 0 }, TimestampsToReturn.Neither);
  item.on("changed", (fields) => {
    const [source, active, acked] = (fields as unknown as Variant[]).map((field) => field.value);
    events.push({ source, active, acked });
  });
  await new Promise<void>((resolve, reject) => {
    item.once("initialized", () => resolve());
    item.once("err", (message) => reject(new Error(String(message))));
  });
  return events;
}

/** The demo plant on the test database as one instance of a cluster: `owns` is what it takes. */
function instanceConfig(url: string, instanceId: string, owns: string[], opcuaPort = 0): MesConfig {
  return restTestConfig(url, CALLBACKS, {
    adjust: (config) => ({
      ...config,
      settings: {
        ...config.settings,
        opcua: { ...config.settings.opcua, port: opcuaPort },
        // No take-over: which instance owns the unit stays as the test set it.
        cluster: { ...config.settings.cluster, instanceId, owns, takeOver: false, followEveryMs: FOLLOW_EVERY_MS },
      },
    }),
  });
}

for (const database of databases) {
  describe(`An instance of a cluster shows what its peers do with their equipment (${database.name})`, function () {
    this.timeout(120_000);
    let dir: string;
    let url: string;
    let a: MesCore;
    let b: MesCore;
    let doorB: OpcuaDoor | undefined;
    let session: TestSession | undefined;
    const heardOnB: { event: string; fromPeer: boolean }[] = [];
    const heardOnA: { event: string; fromPeer: boolean }[] = [];
    const start = new Date();

    before(async function () {
      if (database.skip) this.skip();
      dir = mkdtempSync(path.join(tmpdir(), "mes-peers-"));
      url = await database.url(dir);
      // One after the other: the second finds the schema migrated and the plant synced.
      a = await buildCore(instanceConfig(url, "mes-a", ["fabrication"]), { log: silentLog, pkiFolder: path.join(dir, "pki-a") });
      b = await buildCore(instanceConfig(url, "mes-b", [], await freePort()), { log: silentLog, pkiFolder: path.join(dir, "pki-b") });
      await a.store.unitOfWork(async (repos) => {
        await repos.materials.upsert({ id: "bracket", name: "Bracket", description: null, unit: "pcs" });
        await repos.products.upsert({ id: "bracket", name: "Bracket", description: null, materialDefinitionId: "bracket", parameters: [] });
        await repos.jobOrders.insert(runningJobOrder("J-PEER", UNIT, "bracket", start, { quantity: 50 }));
      });
      for (const name of FOLLOWED) {
        b.bus.on(name, (event: MesEvents[typeof name]) => heardOnB.push({ event: name, fromPeer: event.fromPeer === true }));
        a.bus.on(name, (event: MesEvents[typeof name]) => heardOnA.push({ event: name, fromPeer: event.fromPeer === true }));
      }
      await a.start();
      await waitFor("a to own the fabrication area", () => a.ownership.ownsLocally(UNIT));
      doorB = await startOpcuaDoor(b, { pkiFolder: path.join(dir, "pki-b"), hostname: "127.0.0.1" });
      await b.start();
      expect(b.ownership.ownsLocally(UNIT), "b owns nothing").to.equal(false);
      session = await openTestSession(`opc.tcp://127.0.0.1:${b.config.settings.opcua.port}`);
    });

    after(async function () {
      await session?.close();
      await doorB?.stop();
      await b?.stop();
      await a?.stop();
      await database.drop?.();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("shows on the other instance the owner's state change, count, job transition and alarm, written once", async function () {
      const alarmEventsOnB = await watchAlarmEvents(session!.subscription);
      // On a, the owner: the press faults (its PLC says so), counts 5 parts, and the job is paused; a's fault alarm is acknowledged.
      a.bus.emit("signal.changed", { workUnitId: UNIT, signal: "State", role: "state", sample: good(3) });
      a.bus.emit("signal.changed", { workUnitId: UNIT, signal: "GoodCount", role: "goodCount", sample: good(10) });
      a.bus.emit("signal.changed", { workUnitId: UNIT, signal: "GoodCount", role: "goodCount", sample: good(15) });
      await a.recorder.flush();
      await a.jobs.command("J-PEER", "Pause", OPERATOR);
      const fault = await waitFor("a's fault alarm", () => a.alarms.activeOf("fault", UNIT) ?? undefined);
      await a.alarms.acknowledge(fault.id, OPERATOR, "seen");

      // b, which owns nothing, shows all of it within a few follow periods.
      await waitFor("b's live state of the press", () => b.live.workUnit(UNIT)?.machineState === "faulted");
      const alarmOnB = await waitFor("b's acknowledged fault", () => b.alarms.openAlarms().find((alarm) => alarm.id === fault.id && alarm.acknowledged));
      expect(alarmOnB).to.deep.include({ kind: "fault", workUnitId: UNIT, active: true, acknowledgedBy: OPERATOR.id });
      await waitFor("b to hear the count and the transition", () => heardOnB.some((e) => e.event === "production.counted") && heardOnB.some((e) => e.event === "job.transition"));
      const tile = (await b.overview.overview()).workUnits.find((unit) => unit.id === UNIT)!;
      expect(tile.machineState).to.equal("faulted");
      expect(tile.job).to.deep.include({ id: "J-PEER", stateName: "Interrupted", good: 5 });
      const read = await session!.session.read({ nodeId: plantNodeId(doorB!.server, `${UNIT}.MachineState`), attributeId: AttributeIds.Value });
      expect(read.value.value, "MachineState on b's OPC UA server").to.equal(machineStateValue("faulted"));
      await waitFor("b's OPC UA event of the acknowledged fault", () => alarmEventsOnB.some((e) => e.source === "Press 1" && e.active === true && e.acked === true));
      expect(heardOnB.every((e) => e.fromPeer), "every event b heard of the press came from its peer").to.equal(true);

      // Nothing was written twice: b's writers skipped what they heard from a, and b wrote nothing more while following.
      const settled = await databaseSnapshot(url);
      await new Promise((resolve) => setTimeout(resolve, 5 * FOLLOW_EVERY_MS));
      const later = await databaseSnapshot(url);
      // The leases are renewed all along: everything else stays as it was.
      const withoutLeases = (snapshot: Record<string, string[]>) => Object.fromEntries(Object.entries(snapshot).filter(([table]) => table !== "cluster_lease"));
      expect(withoutLeases(later)).to.deep.equal(withoutLeases(settled));
      expect(settled.equipment_state_interval!.filter((row) => row.includes(UNIT))).to.have.length(1);
      expect(settled.production_record).to.have.length(1);
      expect(settled.job_order_transition).to.have.length(1);
      expect(settled.alarm_event).to.have.length(2);
    });

    it("follows what it lost to a peer and stops following what it took over", async function () {
      // The area moves from a to b (a hands it over, b takes it): b now runs the press, a follows it.
      await a.leases!.release("equipment:fabrication");
      b.leases!.want("equipment:fabrication");
      await b.leases!.tick();
      expect([a.ownership.ownsLocally(UNIT), b.ownership.ownsLocally(UNIT)]).to.deep.equal([false, true]);
      const heardBefore = { a: heardOnA.length, b: heardOnB.length };
      const fault = b.alarms.activeOf("fault", UNIT)!;

      // On b, the new owner: the press runs again, which clears the fault b followed from a.
      b.bus.emit("signal.changed", { workUnitId: UNIT, signal: "State", role: "state", sample: good(1) });
      await waitFor("b to clear the fault", () => b.alarms.activeOf("fault", UNIT) === null);

      await waitFor("a's live state of the press", () => a.live.workUnit(UNIT)?.machineState === "running");
      await waitFor("a to see the fault cleared", () => a.alarms.activeOf("fault", UNIT) === null);
      const told = heardOnA.slice(heardBefore.a);
      expect(told.filter((e) => e.event === "machine.state")).to.deep.equal([{ event: "machine.state", fromPeer: true }]);
      expect(told.filter((e) => e.event === "alarm.changed")).to.deep.equal([{ event: "alarm.changed", fromPeer: true }]);
      // b's own rows are not told back to it as a peer's.
      await new Promise((resolve) => setTimeout(resolve, 5 * FOLLOW_EVERY_MS));
      expect(heardOnB.slice(heardBefore.b).filter((e) => e.fromPeer)).to.deep.equal([]);
      const snapshot = await databaseSnapshot(url);
      expect(snapshot.equipment_state_interval!.filter((row) => row.includes(UNIT))).to.have.length(2);
      expect(snapshot.alarm_event!.filter((row) => row.includes(fault.id))).to.have.length(3);
    });

    it("shows the owner's PLC connection, and the follower's writers leave it to the owner", async function () {
      const intervalsBefore = (await databaseSnapshot(url)).equipment_state_interval!.length;
      const heardBefore = heardOnA.length;
      // b runs the press line now: its PLC connects, then the connection is lost.
      b.bus.emit("plc.connection", { plcId: PLC, state: "connected", at: new Date() });
      await waitFor("a's live state of the connected PLC", () => a.live.plc(PLC)?.state === "connected");
      b.bus.emit("plc.connection", { plcId: PLC, state: "disconnected", at: new Date(), error: "socket closed" });
      await waitFor("a's live state of the lost PLC", () => a.live.plc(PLC)?.state === "disconnected");
      expect(a.live.plc(PLC)?.lastError).to.equal("socket closed");
      const tile = (await a.overview.overview()).workUnits.find((unit) => unit.id === UNIT)!;
      expect(tile.plcState).to.equal("disconnected");
      await waitFor("a to follow b's disconnected press", () => a.live.workUnit(UNIT)?.machineState === "disconnected");
      expect(heardOnA.slice(heardBefore).every((e) => e.fromPeer)).to.equal(true);
      // Only b, the owner, recorded the disconnected states of its units, once each.
      await new Promise((resolve) => setTimeout(resolve, 5 * FOLLOW_EVERY_MS));
      const unitsOfPlc = workUnitsOf(b.config.plant).filter((unit) => unit.plcId === PLC);
      expect((await databaseSnapshot(url)).equipment_state_interval!.length - intervalsBefore).to.equal(unitsOfPlc.length);
    });

    it("keeps an alarm's state the same on both when a person comments it through the instance that does not own it", async function () {
      const lost = await waitFor("a to follow b's lost-PLC alarm", () => a.alarms.activeOf("plc-connection", UNIT) ?? undefined);
      await a.alarms.comment(lost.id, OPERATOR, "checking the cable");
      await waitFor("b, the owner, to hold the comment", () => b.alarms.openAlarms().find((alarm) => alarm.id === lost.id && alarm.comments.some((c) => c.text === "checking the cable")));
      // b clears the alarm when the PLC is back: from the state with the comment, which a then shows too.
      b.bus.emit("plc.connection", { plcId: PLC, state: "connected", at: new Date() });
      await waitFor("a to see the alarm cleared", () => a.alarms.activeOf("plc-connection", UNIT) === null);
      const stored = await b.alarms.get(lost.id);
      expect(stored.active).to.equal(false);
      expect(stored.comments.map((c) => c.text)).to.deep.equal(["checking the cable"]);
    });
  });
}
