import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { OPCUACertificateManager } from "node-opcua";
import { PlcConnection } from "../../../src/plc/plc-connection.js";
import { EventBus } from "../../../src/services/event-bus.js";
import { silentLog } from "../../../src/services/log.js";
import { startPlcSimulator, type PlcSimulator } from "../../../tools/plc-sim/simulator.js";
import { freePort } from "../../../tools/free-port.js";
import { waitFor } from "../../support/wait-for.js";

/** What a listener of the "connected" event could do with the session at that very moment. */
interface Announcement {
  connected: boolean;
  namespaces: string[] | string;
}

describe("PlcConnection (against a simulated PLC)", function () {
  let dir: string;
  let sim: PlcSimulator;
  let certificates: OPCUACertificateManager;
  let connection: PlcConnection;
  const bus = new EventBus((error) => {
    throw error;
  });
  const announcements: Announcement[] = [];
  const states: string[] = [];

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "mes-plc-connection-"));
    sim = await startPlcSimulator({ seed: 1, tickMs: 100, plcs: [{ id: "plc-1", port: await freePort(), machines: [{ name: "Press1", cycleTimeMs: 1000, rejectRate: 0, faultsPerHour: 0, meanRepairMs: 100, faultCodes: [1], idlesPerHour: 0, meanIdleMs: 100, setupEveryParts: 0, setupMs: 0, counterRolloverAt: 2 ** 32 }] }] }, { autoRun: false, pkiFolder: path.join(dir, "sim-pki") });
    certificates = new OPCUACertificateManager({ rootFolder: path.join(dir, "client-pki"), automaticallyAcceptUnknownCertificate: true });
    await certificates.initialize();
    const plc = { id: "plc-1", endpointUrl: sim.plc("plc-1").endpointUrl, publishingIntervalMs: 100, samplingIntervalMs: 0, reconnect: { initialDelayMs: 100, maxDelayMs: 300 }, security: { policy: "None", mode: "None", identity: { kind: "anonymous" }, allowUnsecured: true } } as const;
    connection = new PlcConnection(plc, [{ workUnitId: "press-1", signal: "State", role: "state", nodeId: "nsu=urn:opcua-mes:plc-sim;s=Press1.State" }], bus, { now: () => new Date() }, silentLog, certificates);
    bus.on("plc.connection", ({ state }) => {
      states.push(state);
      if (state !== "connected") return;
      // A driver resumes from the event itself: the session must be usable now, not a moment later.
      const announcement: Announcement = { connected: connection.connected, namespaces: "" };
      announcements.push(announcement);
      connection.withSession((session) => session.readNamespaceArray()).then(
        (namespaces) => (announcement.namespaces = namespaces),
        (error: Error) => (announcement.namespaces = error.message),
      );
    });
  });

  after(async function () {
    await connection?.stop();
    await sim?.stop();
    await certificates?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("announces connected only once the session is usable, so a listener can use it at once", async function () {
    await connection.start();
    await waitFor("the first connect announced", () => announcements.length === 1);
    await waitFor("the listener's read answered", () => announcements[0].namespaces !== "");
    expect(announcements[0].connected).to.equal(true);
    expect(announcements[0].namespaces).to.be.an("array").that.includes("urn:opcua-mes:plc-sim");
  });

  it("says so again, just as usable, after the PLC went away and came back", async function () {
    await sim.plc("plc-1").stop();
    await waitFor("the loss noticed", () => states.at(-1) === "disconnected" || states.at(-1) === "connecting");
    expect(connection.connected).to.equal(false);
    try {
      await connection.withSession(async () => "ran");
      expect.fail("a session was used while the PLC was away");
    } catch (error) {
      expect((error as Error).message).to.match(/not connected/);
    }
    await sim.plc("plc-1").start();
    await waitFor("the reconnect announced", () => announcements.length === 2, 20_000);
    await waitFor("the listener's read answered", () => announcements[1].namespaces !== "");
    expect(announcements[1].connected).to.equal(true);
    expect(announcements[1].namespaces).to.be.an("array").that.includes("urn:opcua-mes:plc-sim");
  });
});
