import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { AggregateFunction, AttributeIds, StatusCodes, type ClientSession, type DataValue, type HistoryData } from "node-opcua";
import type { RunningMes } from "../../src/app.js";
import type { PlcSimulator } from "../../tools/plc-sim/simulator.js";
import { apiFetch, restCall } from "../support/rest-call.js";
import { startDemoMes, startDemoSimulator } from "../support/demo-mes.js";
import { openTestSession, type TestSession } from "../support/opcua-session.js";
import { waitFor } from "../support/wait-for.js";
import { plantNodeId } from "../support/opcua-browse.js";

const FIGURES = [
  "Availability",
  "Effectiveness",
  "QualityRate",
  "Oee",
  "PlannedOperationTime",
  "PlannedBusyTime",
  "ActualProductionTime",
  "ActualUnitSetupTime",
  "ActualUnitDelayTime",
  "ActualUnitDownTime",
  "CommunicationLossTime",
  "ProducedQuantity",
  "GoodQuantity",
  "ScrapQuantity",
  "AllocationEfficiency",
  "AllocationRatio",
  "RecordedShare",
  "ReworkQuantity",
  "ReworkRatio",
  "FirstPassYield",
];

describe("Live OEE on the MES's OPC UA server", function () {
  let dir: string;
  let sim: PlcSimulator;
  let mes: RunningMes;
  let opened: TestSession | undefined;
  let session: ClientSession;

  const read = async (nodeIds: string[]): Promise<DataValue[]> => session.read(nodeIds.map((nodeId) => ({ nodeId, attributeId: AttributeIds.Value })));
  const figure = (equipmentId: string, name: string) => plantNodeId(mes.opcua, `${equipmentId}.Oee.${name}`);

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "mes-oee-live-"));
    sim = await startDemoSimulator();
    mes = await startDemoMes(dir, sim);
    // One shift around the clock, every day: the test must not depend on the hour or a holiday.
    const response = await apiFetch(`${mes.httpUrl}/api/v1/calendars/three-shifts`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "All day", timeZone: "UTC", shifts: [{ name: "Day", start: "00:00", end: "00:00", days: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] }], equipmentIds: ["plant-1"] }),
    });
    expect(response.status).to.equal(200);
    opened = await openTestSession(mes.opcuaEndpoint);
    session = opened.session;
  });

  after(async function () {
    await opened?.close();
    await mes?.stop();
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("has an Oee object with every figure on each work unit, work center, area, site and the enterprise", async function () {
    for (const equipmentId of ["press-1", "cplab-1", "press-line", "fabrication", "plant-1", "acme"]) {
      const values = await read(FIGURES.map((name) => figure(equipmentId, name)));
      for (const [i, value] of values.entries()) expect(value.statusCode.value, `${equipmentId}.Oee.${FIGURES[i]}`).not.to.equal(StatusCodes.BadNodeIdUnknown.value);
    }
  });

  it("counts parts made now into the current shift's figures, and rolls them up by summing", async function () {
    const press1 = sim.plc("plc-assembly").machine("Press1");
    const press2 = sim.plc("plc-assembly").machine("Press2");
    press1.setState("running");
    press2.setState("running");
    // The first reading of a counter is its baseline; what comes after it is production.
    await waitFor("press-1 and press-2 running on the MES", async () => (await read([plantNodeId(mes.opcua, "press-1.MachineState"), plantNodeId(mes.opcua, "press-2.MachineState")])).every((v) => v.value.value === 2));
    press1.produce(4, 1);
    press2.produce(6, 0);
    await waitFor("the parts in ProducedQuantity", async () => {
      const [one, two] = await read([figure("press-1", "ProducedQuantity"), figure("press-2", "ProducedQuantity")]);
      return one.value.value === 5 && two.value.value === 6;
    });
    const [good, scrap, quality, lineProduced, lineGood] = await read([figure("press-1", "GoodQuantity"), figure("press-1", "ScrapQuantity"), figure("press-1", "QualityRate"), figure("press-line", "ProducedQuantity"), figure("press-line", "GoodQuantity")]);
    expect([good.value.value, scrap.value.value, quality.value.value]).to.deep.equal([4, 1, 0.8]);
    expect([lineProduced.value.value, lineGood.value.value], "the work center sums its units").to.deep.equal([11, 10]);
    const [availability, production] = await read([figure("press-1", "Availability"), figure("press-1", "ActualProductionTime")]);
    expect(availability.statusCode.value).to.equal(StatusCodes.Good.value);
    expect(availability.value.value).to.be.within(0, 1);
    expect(production.value.value).to.be.greaterThan(0);
  });

  it("gives rework quantity, rework ratio and first-pass yield from an NCR sent to rework, summed up the hierarchy", async function () {
    // Press 1 made 5 (4 good) in the test before; one good part turns out to need rework.
    const opened = await restCall(mes.httpUrl, "POST", "/api/v1/quality/ncrs", { description: "burr on the edge", quantity: 1, equipmentId: "press-1", productId: "bracket" });
    expect((await restCall(mes.httpUrl, "PUT", `/api/v1/quality/ncrs/${opened.body.id}/disposition`, { disposition: "rework" })).status).to.equal(200);
    await waitFor("the rework in ReworkQuantity", async () => (await read([figure("press-1", "ReworkQuantity")]))[0]!.value.value === 1);
    const [ratio, yieldOfPress, lineRework, lineYield] = await read([figure("press-1", "ReworkRatio"), figure("press-1", "FirstPassYield"), figure("press-line", "ReworkQuantity"), figure("press-line", "FirstPassYield")]);
    expect([ratio.value.value, yieldOfPress.value.value]).to.deep.equal([1 / 5, 3 / 5]);
    expect([lineRework.value.value, lineYield.value.value], "the work center sums before dividing").to.deep.equal([1, 9 / 11]);
  });

  it("moves the figures on with time alone, without any PLC change", async function () {
    const first = (await read([figure("press-1", "PlannedBusyTime")]))[0];
    const later = await waitFor("a newer PlannedBusyTime", async () => {
      const [value] = await read([figure("press-1", "PlannedBusyTime")]);
      return value.sourceTimestamp!.getTime() > first.sourceTimestamp!.getTime() ? value : undefined;
    });
    expect(later.value.value).to.be.greaterThan(first.value.value);
  });

  it("says how much of the shift the MES recorded, as the REST figures do", async function () {
    for (const equipmentId of ["press-1", "press-line"]) {
      const [share] = await read([figure(equipmentId, "RecordedShare")]);
      const rest = (await (await apiFetch(`${mes.httpUrl}/api/v1/oee/${equipmentId}/current-shift`)).json()) as { recordedShare: number };
      expect(share.statusCode.value, equipmentId).to.equal(StatusCodes.Good.value);
      expect(share.value.value, equipmentId).to.be.within(0, 1);
      // The two are read a moment apart, and the shift goes on in between.
      expect(share.value.value, equipmentId).to.be.closeTo(rest.recordedShare, 0.01);
    }
  });

  it("gives allocation efficiency and allocation ratio under their ISO 22400-2 names, as the REST figures do", async function () {
    const [efficiency, ratio] = await read([figure("press-1", "AllocationEfficiency"), figure("press-1", "AllocationRatio")]);
    const rest = (await (await apiFetch(`${mes.httpUrl}/api/v1/oee/press-1/current-shift`)).json()) as { kpis: { allocationEfficiency: number; allocationRatio: number | null } };
    expect(efficiency.statusCode.value).to.equal(StatusCodes.Good.value);
    expect(efficiency.value.value).to.be.closeTo(rest.kpis.allocationEfficiency, 0.01);
    // The demo dispatched no job order to press-1: no order execution time to divide by.
    expect(rest.kpis.allocationRatio).to.equal(null);
    expect(ratio.statusCode.value).to.equal(StatusCodes.BadNoData.value);
  });

  it("says BadNoData, not a made-up 100 %, for a ratio with nothing behind it", async function () {
    const [quality] = await read([figure("labeler-1", "QualityRate")]);
    expect(quality.statusCode.value).to.equal(StatusCodes.BadNoData.value);
  });

  it("records a stop's PLC fault code and sets its reason from the fault-code map", async function () {
    const press2 = sim.plc("plc-assembly").machine("Press2");
    press2.setState("faulted", 2);
    const from = new Date(Date.now() - 60_000).toISOString();
    const event = await waitFor("the fault as a downtime event", async () => {
      const to = new Date(Date.now() + 60_000).toISOString();
      const { items } = (await (await apiFetch(`${mes.httpUrl}/api/v1/downtime?equipmentId=press-2&from=${from}&to=${to}&includeMicroStops=true`)).json()) as { items: { state: string; faultCode: string | null }[] };
      return items.find((e) => e.state === "faulted" && e.faultCode !== null);
    });
    expect(event).to.deep.include({ faultCode: "2", reasonCode: "tool-wear", reason: ["Mechanical", "Tool wear"], end: null });
  });

  it("answers HistoryRead from the database: one value per shift since the MES began (raw), aggregates of them per processing interval (processed)", async function () {
    await mes.recorder.flush();
    const now = Date.now();
    const dayStart = new Date(Math.floor(now / 86_400_000) * 86_400_000);
    const yesterday = new Date(dayStart.getTime() - 86_400_000);
    const raw = await session.readHistoryValue(figure("press-1", "ProducedQuantity"), yesterday, new Date(now + 60_000));
    expect(raw.statusCode.value).to.equal(StatusCodes.Good.value);
    const shifts = (raw.historyData as HistoryData).dataValues ?? [];
    // Yesterday's shift ended before this MES first saw press-1: no value was recorded for it.
    expect(shifts.map((v) => v.sourceTimestamp!.toISOString()), "today's all-day shift, stamped at its start").to.deep.equal([dayStart.toISOString()]);
    expect(shifts[0].value.value, "the parts press-1 made today").to.equal(5);

    const [processed] = await session.readAggregateValue([{ nodeId: figure("press-line", "GoodQuantity") }], yesterday, new Date(dayStart.getTime() + 86_400_000), [AggregateFunction.Average], 86_400_000);
    const days = (processed.historyData as HistoryData).dataValues ?? [];
    expect(days.map((v) => v.sourceTimestamp!.getTime())).to.deep.equal([yesterday.getTime(), dayStart.getTime()]);
    expect(days[0].statusCode.value, "before the MES began").to.equal(StatusCodes.BadNoData.value);
    expect(days[1].value.value, "the press line's good parts of today's one shift").to.equal(10);
  });

  it("gives quantities, rework and first-pass yield per product under each Oee object, a roll-up summing its units' products", async function () {
    const { body: order } = await restCall(mes.httpUrl, "POST", "/api/v1/work-orders", { erpId: "FPY-1", productId: "bracket", quantity: 100, equipmentId: "press-2" });
    const jobId = (await restCall(mes.httpUrl, "POST", `/api/v1/work-orders/${order.id}/release`)).body.jobOrders[0].id as string;
    expect((await restCall(mes.httpUrl, "POST", `/api/v1/job-orders/${jobId}/begin`, {})).status).to.equal(200);
    const product = (equipmentId: string, name: string) => plantNodeId(mes.opcua, `${equipmentId}.Oee.Products.bracket.${name}`);
    const [before] = await read([product("press-2", "ProducedQuantity")]);
    const made = before!.statusCode.value === StatusCodes.Good.value ? (before!.value.value as number) : 0;
    sim.plc("plc-assembly").machine("Press2").produce(10, 0);
    await waitFor("press-2's brackets", async () => (await read([product("press-2", "ProducedQuantity")]))[0]!.value.value === made + 10);
    const ncr = await restCall(mes.httpUrl, "POST", "/api/v1/quality/ncrs", { description: "bent tab", quantity: 2, equipmentId: "press-2", productId: "bracket", jobOrderId: jobId });
    expect((await restCall(mes.httpUrl, "PUT", `/api/v1/quality/ncrs/${ncr.body.id}/disposition`, { disposition: "rework" })).status).to.equal(200);
    await waitFor("the rework per product", async () => (await read([product("press-2", "ReworkQuantity")]))[0]!.value.value === 2);
    const [pq, gq, ratio, fpy] = (await read(["ProducedQuantity", "GoodQuantity", "ReworkRatio", "FirstPassYield"].map((name) => product("press-2", name)))).map((v) => v.value.value as number);
    expect([pq, gq, ratio, fpy]).to.deep.equal([made + 10, made + 10, 2 / (made + 10), (made + 10 - 2) / (made + 10)]);

    // The site's bracket figures (the site holds the all-day calendar) are its units' summed before dividing, as REST gives them.
    const rest = (await (await apiFetch(`${mes.httpUrl}/api/v1/oee/plant-1/current-shift`)).json()) as { firstPass: { products: { productId: string; pq: number; rq: number; firstPassYield: number | null }[] } };
    const bracket = rest.firstPass.products.find((p) => p.productId === "bracket")!;
    expect(bracket.rq, "press-1's rework of the test before and press-2's").to.equal(3);
    const [rolledPq, rolledRq, rolledFpy] = (await read(["ProducedQuantity", "ReworkQuantity", "FirstPassYield"].map((name) => product("plant-1", name)))).map((v) => v.value.value);
    expect([rolledPq, rolledRq, rolledFpy]).to.deep.equal([bracket.pq, bracket.rq, bracket.firstPassYield]);
  });
});
