import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  AttributeIds,
  ClientMonitoredItem,
  constructEventFilter,
  coerceNodeId,
  DataType,
  HistoryReadRequest,
  LocalizedText,
  NodeId,
  ReadEventDetails,
  StatusCodes,
  TimestampsToReturn,
  type ClientSession,
  type ClientSubscription,
  type Variant,
} from "node-opcua";
import type { RunningMes } from "../../src/app.js";
import type { PlcSimulator } from "../../tools/plc-sim/simulator.js";
import { startDemoMes, startDemoSimulator } from "../support/demo-mes.js";
import { plantNodeId } from "../support/opcua-browse.js";
import { openTestSession, type TestSession } from "../support/opcua-session.js";
import { restCall } from "../support/rest-call.js";
import { waitFor } from "../support/wait-for.js";
import { consoleLog } from "../../src/services/log.js";

const FIELDS = ["EventId", "EventType", "SourceName", "Message", "Severity", "ConditionName", "ActiveState.Id", "AckedState.Id", "ConfirmedState.Id", "Retain", "ShelvingState.CurrentState", "Comment", "ConditionId"] as const;
type Event = Record<(typeof FIELDS)[number], unknown>;
const OFF_NORMAL_ALARM_TYPE = "ns=0;i=10637";
const SYSTEM_OFF_NORMAL_ALARM_TYPE = "ns=0;i=11753";
const REFRESH_START = "ns=0;i=2787";
const REFRESH_END = "ns=0;i=2788";
/** ConditionType.ConditionRefresh, called on the ConditionType with the subscription's id (OPC 10000-9 §5.5.7). */
const CONDITION_REFRESH = { objectId: "ns=0;i=2782", methodId: "ns=0;i=3875" };

function eventOf(fields: Variant[]): Event {
  return Object.fromEntries(FIELDS.map((name, i) => [name, name === "EventType" || name === "ConditionId" ? String(fields[i].value) : fields[i].value instanceof LocalizedText ? fields[i].value.text : fields[i].value])) as Event;
}

/** An event item on `nodeId`, with every event it has received. */
async function watchEvents(subscription: ClientSubscription, nodeId: string): Promise<Event[]> {
  const events: Event[] = [];
  const item = ClientMonitoredItem.create(subscription, { nodeId, attributeId: AttributeIds.EventNotifier }, { queueSize: 1000, filter: constructEventFilter([...FIELDS]), discardOldest: true, samplingInterval: 0 }, TimestampsToReturn.Neither);
  item.on("changed", (fields) => events.push(eventOf(fields as unknown as Variant[])));
  await new Promise<void>((resolve, reject) => {
    item.once("initialized", () => resolve());
    item.once("err", (message) => reject(new Error(String(message))));
  });
  return events;
}

/**
 * Given the demo MES on the simulated plant, when Press 1 faults, then an OffNormalAlarm on the
 * press reaches a client subscribed at its work center; the client acknowledges and confirms it
 * through the alarm service (the store and the audit trail name the operator and the OPC UA
 * door), refreshes the conditions, reads their history, and an Observer or anonymous client may
 * do none of it. A restart keeps the active conditions.
 */
describe("Alarms and Conditions over OPC UA (OPC 10000-9) on the demo plant", function () {
  this.timeout(180_000);
  let dir: string;
  let sim: PlcSimulator;
  let mes: RunningMes;
  let operator: TestSession;
  let observer: TestSession;
  let anonymous: TestSession;
  let centerEvents: Event[];
  const began = new Date();
  const press = () => sim.plc("plc-assembly").machine("Press1");
  const rest = (method: string, route: string, body?: unknown) => restCall(mes.httpUrl, method, route, body);
  const start = async () => {
    mes = await startDemoMes(dir, sim, undefined, undefined, undefined, process.env.DEBUG_LOG ? consoleLog : undefined, (settings) => ({ ...settings, alarms: { ...settings.alarms, longStopMinutes: 0.05, maxShelvingMinutes: 1 } }));
    operator = await openTestSession(mes.opcuaEndpoint, "operator");
    observer = await openTestSession(mes.opcuaEndpoint, "observer");
    anonymous = await openTestSession(mes.opcuaEndpoint);
  };
  const closeSessions = async () => Promise.all([operator, observer, anonymous].map((opened) => opened?.close()));
  const conditionEvent = (events: Event[], name: string, more: Partial<Event> = {}) => events.find((e) => e.ConditionName === name && String(e.SourceName) === "Press 1" && Object.entries(more).every(([key, value]) => e[key as keyof Event] === value));
  const call = (session: ClientSession, name: "Acknowledge" | "Confirm" | "AddComment", event: Event, comment: string, eventId = event.EventId as Buffer) =>
    session.call({ objectId: event.ConditionId as string, methodId: `${event.ConditionId}.${name}`, inputArguments: [{ dataType: DataType.ByteString, value: eventId }, { dataType: DataType.LocalizedText, value: new LocalizedText({ text: comment }) }] });
  const shelving = (session: ClientSession, event: Event, name: "TimedShelve" | "OneShotShelve" | "Unshelve", ms?: number) =>
    session.call({ objectId: `${event.ConditionId}.ShelvingState`, methodId: `${event.ConditionId}.ShelvingState.${name}`, inputArguments: ms === undefined ? [] : [{ dataType: DataType.Double, value: ms }] });

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "mes-alarms-opcua-"));
    sim = await startDemoSimulator();
    await start();
    press().setState("running");
    await waitFor("press-1 running", async () => (await rest("GET", "/api/v1/equipment/press-1")).body.live?.machineState === "running");
  });

  after(async function () {
    await closeSessions();
    await mes?.stop();
    await sim?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("raises an OffNormalAlarm with the fault code's reason that a client subscribed at the press's work center receives", async function () {
    const center = mes.equipmentNodes.find((node) => node.id === "press-1")!.parentId!;
    centerEvents = await watchEvents(operator.subscription, plantNodeId(mes.opcua, center));
    press().setState("faulted", 3);
    // The fault code may come after the faulted state: the condition is told again with it.
    const raised = await waitFor("the fault's condition event at the work center", () => conditionEvent(centerEvents, "Fault", { "ActiveState.Id": true, Message: "Fault 3 (Hydraulics)" }));
    expect([raised.EventType, raised.Severity, raised.Message, raised["AckedState.Id"], raised.Retain]).to.deep.equal([OFF_NORMAL_ALARM_TYPE, 700, "Fault 3 (Hydraulics)", false, true]);
    expect(raised.ConditionId).to.equal(`ns=${mes.opcua.plant.namespace.index};s=press-1.Alarm.${(await rest("GET", "/api/v1/alarms?active=true&workUnitId=press-1&kind=fault")).body.items[0].id}`);
  });

  it("acknowledges and confirms through the alarm service: the store and the audit trail name the operator and the OPC UA door", async function () {
    const raised = conditionEvent(centerEvents, "Fault", { "ActiveState.Id": true })!;
    expect((await call(operator.session, "Acknowledge", raised, "hydraulics called")).statusCode).to.equal(StatusCodes.Good);
    const acked = await waitFor("the acknowledged state", () => conditionEvent(centerEvents, "Fault", { "AckedState.Id": true }));
    expect([acked.Comment, acked["ConfirmedState.Id"], acked.Retain]).to.deep.equal(["hydraulics called", false, true]);
    expect((await call(operator.session, "Acknowledge", acked, "again")).statusCode, "a second acknowledgement").to.equal(StatusCodes.BadConditionBranchAlreadyAcked);
    expect((await call(operator.session, "Confirm", acked, "valve replaced")).statusCode).to.equal(StatusCodes.Good);
    await waitFor("the confirmed state", () => conditionEvent(centerEvents, "Fault", { "ConfirmedState.Id": true }));

    const alarm = (await rest("GET", "/api/v1/alarms?workUnitId=press-1&kind=fault")).body.items[0];
    expect([alarm.active, alarm.acknowledgedBy, alarm.confirmedBy, alarm.comments.map((c: { by: string; text: string }) => `${c.by}: ${c.text}`)]).to.deep.equal([true, "operator", "operator", ["operator: hydraulics called", "operator: valve replaced"]]);
    const audit = (await rest("GET", `/api/v1/audit?targetType=alarm&targetId=${alarm.id}`)).body.items as { action: string; actor: string; door: string }[];
    // "alarm.updated" when the fault code came after the faulted state (the PLC's order, not the test's).
    expect(audit.filter((entry) => entry.action !== "alarm.updated").map((entry) => `${entry.action} ${entry.actor} ${entry.door}`).reverse()).to.deep.equal(["alarm.raised system system", "alarm.acknowledged operator opcua", "alarm.confirmed operator opcua"]);
  });

  it("raises a long stop once the press has stood longer than alarms.longStopMinutes, and refuses an Observer and anonymous clients with BadUserAccessDenied", async function () {
    const longStop = await waitFor("the long stop's condition event", () => conditionEvent(centerEvents, "LongStop", { "ActiveState.Id": true }));
    expect(longStop.EventType, "a discrete alarm").to.equal("ns=0;i=10523");
    for (const refused of [observer, anonymous]) {
      expect((await call(refused.session, "Acknowledge", longStop, "not mine")).statusCode).to.equal(StatusCodes.BadUserAccessDenied);
      expect((await call(refused.session, "AddComment", longStop, "not mine")).statusCode).to.equal(StatusCodes.BadUserAccessDenied);
      expect((await shelving(refused.session, longStop, "OneShotShelve")).statusCode).to.equal(StatusCodes.BadUserAccessDenied);
    }
    const alarm = (await rest("GET", "/api/v1/alarms?workUnitId=press-1&kind=long-stop")).body.items[0];
    expect([alarm.acknowledged, alarm.comments, alarm.shelved]).to.deep.equal([false, [], "unshelved"]);
  });

  it("answers an unknown EventId, a comment over the limit and a shelving beyond the maximum time with their Bad status", async function () {
    const longStop = conditionEvent(centerEvents, "LongStop", { "ActiveState.Id": true })!;
    expect((await call(operator.session, "Acknowledge", longStop, "", Buffer.from("no such event"))).statusCode).to.equal(StatusCodes.BadEventIdUnknown);
    expect((await call(operator.session, "AddComment", longStop, "x".repeat(1001))).statusCode).to.equal(StatusCodes.BadInvalidArgument);
    expect((await shelving(operator.session, longStop, "TimedShelve", 2 * 60_000)).statusCode, "beyond alarms.maxShelvingMinutes").to.equal(StatusCodes.BadShelvingTimeOutOfRange);
    expect((await shelving(operator.session, longStop, "TimedShelve", 30_000)).statusCode).to.equal(StatusCodes.Good);
    await waitFor("the shelved state", () => conditionEvent(centerEvents, "LongStop", { "ShelvingState.CurrentState": "TimedShelved" }));
    expect((await shelving(operator.session, longStop, "Unshelve")).statusCode).to.equal(StatusCodes.Good);
    expect((await shelving(operator.session, longStop, "Unshelve")).statusCode, "not shelved any more").to.equal(StatusCodes.BadConditionNotShelved);
    expect((await call(operator.session, "AddComment", longStop, "waiting for the fitter")).statusCode).to.equal(StatusCodes.Good);
    const alarm = (await rest("GET", "/api/v1/alarms?workUnitId=press-1&kind=long-stop")).body.items[0];
    expect([alarm.shelved, alarm.comments.map((c: { text: string }) => c.text)]).to.deep.equal(["unshelved", ["waiting for the fitter"]]);
  });

  it("raises a lost PLC connection on every unit of that PLC as a SystemOffNormalAlarm, and clears it when the PLC is back", async function () {
    const plcId = mes.config.plant.enterprise.sites[0].areas.flatMap((area) => area.workCenters.flatMap((center) => center.workUnits)).find((unit) => unit.id === "press-1")!.plcId;
    const serverEvents = await watchEvents(operator.subscription, "ns=0;i=2253");
    await sim.plc(plcId).stop();
    const lost = await waitFor("the lost connection's condition", () => conditionEvent(serverEvents, "PlcConnectionLost", { "ActiveState.Id": true }), 60_000);
    expect(lost.EventType).to.equal(SYSTEM_OFF_NORMAL_ALARM_TYPE);
    await sim.plc(plcId).start();
    await waitFor("the PLC's alarm cleared", () => conditionEvent(serverEvents, "PlcConnectionLost", { "ActiveState.Id": false }), 60_000);
    await waitFor("press-1 faulted again on the MES", async () => (await rest("GET", "/api/v1/equipment/press-1")).body.live?.machineState === "faulted");
  });

  it("answers ConditionRefresh with the conditions not yet closed, between RefreshStart and RefreshEnd", async function () {
    const events = await watchEvents(operator.subscription, "ns=0;i=2253");
    const seen = events.length;
    const answer = await operator.session.call({ ...CONDITION_REFRESH, inputArguments: [{ dataType: DataType.UInt32, value: operator.subscription.subscriptionId }] });
    expect(answer.statusCode).to.equal(StatusCodes.Good);
    const refreshed = await waitFor("the refresh's end", () => {
      const after = events.slice(seen);
      const startAt = after.findIndex((e) => e.EventType === REFRESH_START);
      const endAt = after.findIndex((e) => e.EventType === REFRESH_END);
      return startAt >= 0 && endAt > startAt && after.slice(startAt + 1, endAt);
    });
    const names = refreshed.filter((e) => String(e.SourceName) === "Press 1").map((e) => `${e.ConditionName} ${e["ActiveState.Id"]}`).sort();
    expect(names).to.include.members(["Fault true", "LongStop true"]);
    const open = (await rest("GET", "/api/v1/alarms?active=true&limit=500")).body.items as unknown[];
    expect(refreshed.filter((e) => e["ActiveState.Id"] === true).length, "every active alarm").to.equal(open.length);
  });

  it("reads the stored life of the alarms with HistoryReadEvents on the Server object", async function () {
    const filter = constructEventFilter(["EventId", "Time", "SourceName", "ConditionName", "Message", "AckedState.Id", "ClientUserId", "Comment"]);
    const request = (numValuesPerNode: number) =>
      new HistoryReadRequest({
        nodesToRead: [{ nodeId: coerceNodeId("ns=0;i=2253") }],
        historyReadDetails: new ReadEventDetails({ startTime: began, endTime: new Date(Date.now() + 60_000), numValuesPerNode, filter }),
        timestampsToReturn: TimestampsToReturn.Neither,
        releaseContinuationPoints: false,
      });
    const read = await operator.session.historyRead(request(0));
    expect(read.results![0].statusCode).to.equal(StatusCodes.Good);
    const events = ((read.results![0].historyData as unknown as { events: { eventFields: Variant[] }[] }).events ?? []).map((e) => e.eventFields.map((f) => (f.value instanceof LocalizedText ? f.value.text : f.value)));
    const fault = events.filter((e) => e[3] === "Fault" && e[2] === "Press 1").map((e) => `${e[6]} ${e[5]} ${e[7]}`);
    expect(fault[0], "raised by the MES").to.match(/^system false/);
    expect(fault.filter((line) => line.startsWith("operator"))).to.deep.equal(["operator true hydraulics called", "operator true valve replaced"]);

    const paged = await operator.session.historyRead(request(2));
    expect(((paged.results![0].historyData as unknown as { events: unknown[] }).events ?? []).length, "NumValuesPerNode").to.equal(2);
  });

  it("keeps the active conditions through a restart, and they can still be acknowledged", async function () {
    const before = (await rest("GET", "/api/v1/alarms?active=true&workUnitId=press-1")).body.items.map((a: { id: string; kind: string }) => `${a.kind} ${a.id}`).sort();
    expect(before.length).to.be.at.least(2);
    await closeSessions();
    await mes.stop();
    await start();
    const after = (await rest("GET", "/api/v1/alarms?active=true&workUnitId=press-1")).body.items.map((a: { id: string; kind: string }) => `${a.kind} ${a.id}`).sort();
    expect(after, "the same alarms, none raised twice").to.deep.equal(before);
    const events = await watchEvents(operator.subscription, "ns=0;i=2253");
    await operator.session.call({ ...CONDITION_REFRESH, inputArguments: [{ dataType: DataType.UInt32, value: operator.subscription.subscriptionId }] });
    const longStop = await waitFor("the restored long stop", () => conditionEvent(events, "LongStop", { "ActiveState.Id": true }));
    expect((await call(operator.session, "Acknowledge", longStop, "after the restart")).statusCode).to.equal(StatusCodes.Good);
    const alarm = (await rest("GET", "/api/v1/alarms?workUnitId=press-1&kind=long-stop")).body.items[0];
    expect([alarm.active, alarm.acknowledgedBy]).to.deep.equal([true, "operator"]);

    press().setState("running");
    await waitFor("the fault and the long stop cleared", async () => (await rest("GET", "/api/v1/alarms?active=true&workUnitId=press-1")).body.total === 0);
    const fault = await waitFor("the closed fault's last event", () => conditionEvent(events, "Fault", { "ActiveState.Id": false }));
    expect(fault.Retain, "acknowledged and confirmed before: closed").to.equal(false);
    expect(NodeId.resolveNodeId(String(fault.ConditionId)).namespace).to.equal(mes.opcua.plant.namespace.index);
  });
});
