import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { AttributeIds, StatusCodes, type HistoryData } from "node-opcua";
import type { RunningMes } from "../../src/app.js";
import type { Clock } from "../../src/services/clock.js";
import type { GenericMachine } from "../../tools/plc-sim/generic-machine.js";
import type { PlcSimulator } from "../../tools/plc-sim/simulator.js";
import { startDemoMes, startDemoSimulator } from "../support/demo-mes.js";
import { testDatabases, type TestDatabase } from "../support/mysql-database.js";
import { openTestSession, type TestSession } from "../support/opcua-session.js";
import { restCall } from "../support/rest-call.js";
import { waitFor } from "../support/wait-for.js";
import { plantNodeId } from "../support/opcua-browse.js";

const databases: TestDatabase[] = testDatabases();
const MIN = 60_000;
const at = (hhmm: string) => new Date(`2026-11-24T${hhmm}:00.000Z`);

/*
 * A scripted Morning shift of Press 1 (demo calendar, UTC: 06:00-14:00, lunch 10:00-10:30), played
 * through the simulated PLC on a clock the test moves, so every state and count has a known time:
 *   06:00 setup; 06:30 running job J-A (product A, 60 s a part); 08:00 150 parts made, 5 of them scrap;
 *   10:15 fault (code 1: jam); 11:00 running job J-B (product B, 90 s a part); 12:00 50 good parts; 14:00 idle.
 * Worked by hand:
 *   at 13:00 (the shift so far): PBT 420 - 30 = 390 min; AUST 30; APT 210 (06:30-10:00) + 120 (11:00-13:00) = 330;
 *     ADOT 30 (10:30-11:00; 10:15-10:30 is lunch); ideal 150 x 1 + 50 x 1.5 = 225 min; 195 good of 200.
 *     Availability 330/390, Effectiveness 225/330, Quality 0.975, OEE 225/390 x 0.975 = 0.5625.
 *   the whole shift: PBT 450; APT 210 + 180 = 390; Availability 390/450, Effectiveness 225/390,
 *     OEE 225/450 x 0.975 = 0.4875.
 */
for (const database of databases) {
  describe(`A scripted day: OEE over OPC UA, REST and HistoryRead equals the hand-worked numbers (${database.name})`, function () {
    let dir: string;
    let sim: PlcSimulator;
    let mes: RunningMes;
    let opened: TestSession;
    let press: GenericMachine;
    let now = at("05:00");
    const clock: Clock = { now: () => now };

    const rest = (method: string, route: string, body?: unknown) => restCall(mes.httpUrl, method, route, body);
    const live = async () => (await rest("GET", "/api/v1/equipment/press-1")).body.live;
    /** Moves the clock, then changes the press and waits until the MES has seen it (at that time). */
    const step = async (time: string, change: () => void, seen: (view: any) => boolean) => {
      now = at(time);
      change();
      await waitFor(`the MES to see the press at ${time}`, async () => seen(await live()));
    };
    const read = async (names: string[]) => (await opened.session.read(names.map((name) => ({ nodeId: plantNodeId(mes.opcua, `press-1.Oee.${name}`), attributeId: AttributeIds.Value })))).map((v) => v.value.value as number);

    before(async function () {
      if (database.skip) this.skip();
      dir = mkdtempSync(path.join(tmpdir(), "mes-scripted-day-"));
      sim = await startDemoSimulator(undefined, clock.now);
      press = sim.plc("plc-assembly").machine("Press1");
      mes = await startDemoMes(dir, sim, await database.url(dir), undefined, clock);
      opened = await openTestSession(mes.opcuaEndpoint);
      await waitFor("press-1 connected", async () => (await live()).plc.connectionState === "connected");
      await rest("PUT", "/api/v1/products/A", { name: "A", workUnits: [{ equipmentId: "press-1", idealCycleTimeS: 60 }] });
      await rest("PUT", "/api/v1/products/B", { name: "B", workUnits: [{ equipmentId: "press-1", idealCycleTimeS: 90 }] });
      for (const [id, productId] of [["J-A", "A"], ["J-B", "B"]]) {
        expect((await rest("POST", "/api/v1/job-orders", { id, equipmentId: "press-1", productId, quantity: 200, start: true })).status).to.equal(201);
      }
      await step("05:30", () => press.setState("idle"), (view) => view.machineState === "idle");
    });

    after(async function () {
      await opened?.close();
      await mes?.stop();
      await sim?.stop();
      await database.drop?.();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("plays the shift through the PLC and shows the shift-so-far figures live on OPC UA", async function () {
      await step("06:00", () => press.setState("setup"), (view) => view.machineState === "setup");
      await step("06:30", () => press.setCurrentJob("J-A"), (view) => view.currentJob === "J-A");
      await step("06:30", () => press.setState("running"), (view) => view.machineState === "running");
      const start = press.goodCount;
      await step("08:00", () => press.produce(145, 5), (view) => view.counters.good === start + 145 && view.counters.reject === 5);
      await step("10:15", () => press.setState("faulted", 1), (view) => view.machineState === "faulted");
      await step("11:00", () => press.setCurrentJob("J-B"), (view) => view.currentJob === "J-B");
      await step("11:00", () => press.setState("running"), (view) => view.machineState === "running");
      await step("12:00", () => press.produce(50, 0), (view) => view.counters.good === start + 195);
      await mes.recorder.flush();

      now = at("13:00");
      // A tick after this moment, not an earlier one (at 05:00 the night shift so far also had 390 planned minutes).
      const movedAt = new Date();
      await waitFor("the live figures of 13:00", async () => {
        const [value] = await opened.session.read([{ nodeId: plantNodeId(mes.opcua, "press-1.Oee.PlannedBusyTime"), attributeId: AttributeIds.Value }]);
        return value.sourceTimestamp! > movedAt;
      });
      const [pbt, apt, aust, adot, produced, good, scrap, availability, effectiveness, quality, oee] = await read([
        "PlannedBusyTime",
        "ActualProductionTime",
        "ActualUnitSetupTime",
        "ActualUnitDownTime",
        "ProducedQuantity",
        "GoodQuantity",
        "ScrapQuantity",
        "Availability",
        "Effectiveness",
        "QualityRate",
        "Oee",
      ]);
      expect([pbt, apt, aust, adot, produced, good, scrap]).to.deep.equal([390 * MIN, 330 * MIN, 30 * MIN, 30 * MIN, 200, 195, 5]);
      expect(availability).to.be.closeTo(330 / 390, 1e-9);
      expect(effectiveness).to.be.closeTo(225 / 330, 1e-9);
      expect(quality).to.be.closeTo(0.975, 1e-9);
      expect(oee).to.be.closeTo(0.5625, 1e-9);
    });

    it("gives the whole shift's figures over REST, with the fault as a downtime event with its reason", async function () {
      await step("14:00", () => press.setState("idle"), (view) => view.machineState === "idle");
      const { body } = await rest("GET", "/api/v1/oee/press-1?from=2026-11-24T06:00:00Z&to=2026-11-24T14:00:00Z");
      expect(body.elements).to.include({ pbtMs: 450 * MIN, aptMs: 390 * MIN, austMs: 30 * MIN, adotMs: 30 * MIN, adetMs: 0, unknownMs: 0, failures: 1 });
      expect(body.quantities).to.deep.equal({ pq: 200, gq: 195, sq: 5, idealMs: 225 * MIN, pqWithoutIdeal: 0 });
      expect(body.kpis.availability).to.be.closeTo(390 / 450, 1e-9);
      expect(body.kpis.effectiveness).to.be.closeTo(225 / 390, 1e-9);
      expect(body.kpis.oee).to.be.closeTo(0.4875, 1e-9);
      const downtime = (await rest("GET", "/api/v1/downtime?equipmentId=press-1&from=2026-11-24T06:00:00Z&to=2026-11-24T14:00:00Z")).body.items;
      expect(downtime.map((e: any) => [e.state, e.start, e.end, e.faultCode, e.reasonCode])).to.deep.equal([["faulted", "2026-11-24T10:15:00.000Z", "2026-11-24T11:00:00.000Z", "1", "jam"]]);
    });

    it("answers HistoryRead for the shift with the same figures", async function () {
      const history = async (name: string) => {
        const result = await opened.session.readHistoryValue(plantNodeId(mes.opcua, `press-1.Oee.${name}`), at("06:00"), at("14:00"));
        expect(result.statusCode.value).to.equal(StatusCodes.Good.value);
        return ((result.historyData as HistoryData).dataValues ?? []).map((v) => [v.sourceTimestamp!.toISOString(), v.value.value]);
      };
      const [[stamp, oee]] = await history("Oee");
      expect(stamp).to.equal("2026-11-24T06:00:00.000Z");
      expect(oee).to.be.closeTo(0.4875, 1e-9);
      expect((await history("Availability"))[0][1]).to.be.closeTo(390 / 450, 1e-9);
      expect(await history("ProducedQuantity")).to.deep.equal([["2026-11-24T06:00:00.000Z", 200]]);
    });
  });
}
