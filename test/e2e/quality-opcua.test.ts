import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { AttributeIds, ClientMonitoredItem, constructEventFilter, DataType, StatusCodes, TimestampsToReturn, type Variant } from "node-opcua";
import type { RunningMes } from "../../src/app.js";
import type { PlcSimulator } from "../../tools/plc-sim/simulator.js";
import { startDemoMes, startDemoSimulator } from "../support/demo-mes.js";
import { openTestSession, type TestSession } from "../support/opcua-session.js";
import { restCall } from "../support/rest-call.js";
import { waitFor } from "../support/wait-for.js";

describe("A gauge records inspection results over OPC UA and an HMI reads the latest per characteristic", function () {
  let dir: string;
  let sim: PlcSimulator;
  let mes: RunningMes;
  let operator: TestSession | undefined;
  let observer: TestSession | undefined;

  const text = (value: string) => ({ dataType: DataType.String, value });
  const recordResult = (opened: TestSession, characteristicId: string, value: number, passed = false, defectCode = "") =>
    opened.session.call({
      objectId: "ns=1;s=welder-1.Quality",
      methodId: "ns=1;s=welder-1.Quality.RecordResult",
      inputArguments: [text(characteristicId), { dataType: DataType.Double, value }, { dataType: DataType.Boolean, value: passed }, text(defectCode), text("LOT-9"), text("")],
    });
  const read = async (nodeId: string) => (await operator!.session.read({ nodeId, attributeId: AttributeIds.Value })).value.value;

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "mes-quality-opcua-"));
    sim = await startDemoSimulator();
    mes = await startDemoMes(dir, sim);
    expect((await restCall(mes.httpUrl, "PUT", "/api/v1/products/seat", { name: "Seat frame", workUnits: [{ equipmentId: "welder-1", idealCycleTimeS: 20 }] })).status).to.equal(201);
    const plan = {
      name: "Seat welding",
      productId: "seat",
      step: 1,
      frequency: { kind: "every-parts", parts: 5 },
      sampleSize: 1,
      recordedBy: "operator",
      characteristics: [
        { id: "seam-length", name: "Seam length", kind: "variable", nominal: 120, lsl: 118, usl: 122, unit: "mm" },
        { id: "seam-look", name: "Seam look", kind: "attribute", defectCodes: ["porosity"] },
      ],
    };
    expect((await restCall(mes.httpUrl, "PUT", "/api/v1/quality/plans/seat-weld", plan)).status).to.equal(201);
    operator = await openTestSession(mes.opcuaEndpoint, "operator");
    observer = await openTestSession(mes.opcuaEndpoint, "observer");
  });

  after(async function () {
    await operator?.close();
    await observer?.close();
    await mes?.stop();
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("shows every planned characteristic at its work units before any result: the seeded ones from the start, a new plan's once it is saved", async function () {
    const statusOf = async (nodeId: string) => (await operator!.session.read({ nodeId, attributeId: AttributeIds.Value })).statusCode;
    for (const characteristic of ["frame-seam-length", "frame-seam-look"]) {
      expect(await read(`ns=1;s=welder-1.Quality.${characteristic}.Status`), characteristic).to.equal("no result yet");
      expect((await statusOf(`ns=1;s=welder-1.Quality.${characteristic}.LastValue`)).value).to.equal(StatusCodes.BadWaitingForInitialData.value);
    }
    // The seat plan, saved over REST in before(): its characteristics at welder-1, the unit of its step.
    await waitFor("the seat plan's nodes", async () => (await read("ns=1;s=welder-1.Quality.seam-look.Status")) === "no result yet");
    expect(await read("ns=1;s=welder-1.Quality.seam-length.Status")).to.equal("no result yet");
    expect((await statusOf("ns=1;s=press-1.Quality.seam-length.Status")).value, "press-1 does not make the seat").to.equal(StatusCodes.BadNodeIdUnknown.value);
  });

  it("records a value in its specification (0) and shows it as the characteristic's latest at the work unit", async function () {
    const answer = await recordResult(operator!, "seam-length", 120.4);
    expect(answer.statusCode.value).to.equal(StatusCodes.Good.value);
    expect(answer.outputArguments!.map((v) => v.value)).to.deep.equal([0, ""]);
    expect(await read("ns=1;s=welder-1.Quality.seam-length.LastValue")).to.equal(120.4);
    expect(await read("ns=1;s=welder-1.Quality.seam-length.Status")).to.equal("ok");
    const [stored] = (await restCall(mes.httpUrl, "GET", "/api/v1/quality/results?characteristicId=seam-length")).body.items;
    expect(stored).to.include({ value: 120.4, lotId: "LOT-9", carrierId: null, source: "opcua", recordedBy: "operator" });
  });

  it("answers 1 with the reason for a value outside its specification, and the status says so, and raises an event from the work unit", async function () {
    const events: Variant[][] = [];
    const item = ClientMonitoredItem.create(observer!.subscription, { nodeId: "ns=1;s=welder-1.Quality", attributeId: AttributeIds.EventNotifier }, { samplingInterval: 0, queueSize: 10, filter: constructEventFilter(["SourceName", "Message", "Severity"]) }, TimestampsToReturn.Both);
    item.on("changed", (fields: Variant[]) => events.push(fields));
    await new Promise((resolve) => item.once("initialized", resolve));
    const answer = await recordResult(operator!, "seam-length", 123);
    const event = await waitFor("the quality event", () => events.find((fields) => String(fields[1]!.value?.text).includes("Seam length: 123 mm")));
    expect([event[0]!.value, event[1]!.value.text, event[2]!.value]).to.deep.equal(["Welder 1", "Failed check: Seam length: 123 mm outside the specification 118 .. 122", 700]);
    await item.terminate();
    expect(answer.outputArguments!.map((v) => v.value)).to.deep.equal([1, "Seam length: 123 mm outside the specification 118 .. 122"]);
    await waitFor("status out-of-spec", async () => (await read("ns=1;s=welder-1.Quality.seam-length.Status")) === "out-of-spec");
    const failed = await recordResult(operator!, "seam-look", 0, false, "porosity");
    expect(failed.outputArguments![0]!.value).to.equal(1);
    expect(await read("ns=1;s=welder-1.Quality.seam-look.Status")).to.equal("failed");
  });

  it("answers 4 naming the field for an unknown characteristic or a failed check without its defect, and records nothing", async function () {
    const before = (await restCall(mes.httpUrl, "GET", "/api/v1/quality/results")).body.items.length;
    const unknown = await recordResult(operator!, "seam-width", 1);
    expect(unknown.outputArguments!.map((v) => v.value)).to.deep.equal([4, 'characteristicId: no characteristic "seam-width" in any inspection plan']);
    const noDefect = await recordResult(operator!, "seam-look", 0, false, "");
    expect(noDefect.outputArguments![0]!.value).to.equal(4);
    expect(String(noDefect.outputArguments![1]!.value)).to.match(/^defectCode: /);
    expect((await restCall(mes.httpUrl, "GET", "/api/v1/quality/results")).body.items.length).to.equal(before);
  });

  it("refuses RecordResult to an Observer", async function () {
    const answer = await recordResult(observer!, "seam-length", 120);
    expect(answer.statusCode.value).to.equal(StatusCodes.BadUserAccessDenied.value);
  });

  it("shows a HMI the inspections due for the job running at the work unit, and flags one overdue once the parts run past it", async function () {
    await waitFor("nothing due while no job runs", async () => (await read("ns=1;s=welder-1.Quality.DueCount")) === 0);
    const plan = { name: "Seat first-off", productId: "seat", step: 1, frequency: { kind: "first-off" }, sampleSize: 1, recordedBy: "inspector", characteristics: [{ id: "seat-width", name: "Seat width", kind: "variable", nominal: 400, lsl: 398, usl: 402, unit: "mm" }] };
    expect((await restCall(mes.httpUrl, "PUT", "/api/v1/quality/plans/seat-first-off", plan)).status).to.equal(201);
    const { body: order } = await restCall(mes.httpUrl, "POST", "/api/v1/work-orders", { erpId: "SEAT-1", productId: "seat", quantity: 50, equipmentId: "welder-1" });
    const jobId = (await restCall(mes.httpUrl, "POST", `/api/v1/work-orders/${order.id}/release`)).body.jobOrders[0].id;
    expect((await restCall(mes.httpUrl, "POST", `/api/v1/job-orders/${jobId}/begin`, {})).status).to.equal(200);
    await waitFor("the first-off due", async () => (await read("ns=1;s=welder-1.Quality.DueCount")) === 1);
    expect(await read("ns=1;s=welder-1.Quality.OverdueCount")).to.equal(0);
    expect(await read("ns=1;s=welder-1.Quality.Due")).to.deep.equal(["Seat first-off: first-off after setup"]);

    // Seven parts without the check: past the one-part sample and its grace of 5, so overdue; and the every-5-parts weld check falls due too.
    sim.plc("plc-assembly").machine("Welder1").produce(7);
    await waitFor("the first-off overdue", async () => (await read("ns=1;s=welder-1.Quality.OverdueCount")) === 1);
    const due = (await read("ns=1;s=welder-1.Quality.Due")) as string[];
    expect(due).to.include("OVERDUE Seat first-off: first-off after setup");
    expect(due.some((entry) => entry.startsWith("Seat welding: every 5 parts"))).to.equal(true);
  });
});
