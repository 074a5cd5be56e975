import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  AttributeIds,
  DataType,
  makeBrowsePath,
  MessageSecurityMode,
  OPCUAClient,
  SecurityPolicy,
  StatusCodes,
  VariableIds,
  VariantArrayType,
  type ClientSession,
  type NodeIdLike,
} from "node-opcua";
import type { RunningMes } from "../../src/app.js";
import type { MesSettings } from "../../src/config/schema.js";
import { silentLog } from "../../src/services/log.js";
import type { PlcSimulator } from "../../tools/plc-sim/simulator.js";
import { startDemoMes, startDemoSimulator } from "../support/demo-mes.js";
import { namespaceIndex, plantNodeId } from "../support/opcua-browse.js";
import { openTestSession } from "../support/opcua-session.js";
import { startTcpRelay, type TcpRelay } from "../support/tcp-relay.js";
import { waitFor } from "../support/wait-for.js";

const JOB_CONTROL = "http://opcfoundation.org/UA/ISA95-JOBCONTROL_V2/";
const receiverOf = (mes: RunningMes) => plantNodeId(mes.opcua, "press-line.JobOrderControl");

/** An unsecured client (the demo allows it) that asks for one-hour sessions and never gives up on its own. */
function hourLongClient(): OPCUAClient {
  return OPCUAClient.create({ endpointMustExist: false, securityMode: MessageSecurityMode.None, securityPolicy: SecurityPolicy.None, connectionStrategy: { maxRetry: 0 }, requestedSessionTimeout: 3_600_000 });
}

/** The MES's OPC UA endpoint reached through a loopback relay a test can cut, as a network cable is pulled. */
async function relayTo(mes: RunningMes): Promise<{ relay: TcpRelay; endpointUrl: string }> {
  const target = new URL(mes.opcuaEndpoint.replace(/^opc\.tcp:/, "http:"));
  const relay = await startTcpRelay(target);
  return { relay, endpointUrl: `opc.tcp://127.0.0.1:${new URL(relay.url).port}${target.pathname}` };
}

const withOpcua = (opcua: Partial<MesSettings["opcua"]>, limits: Partial<MesSettings["opcua"]["limits"]> = {}) => (settings: MesSettings): MesSettings => ({
  ...settings,
  opcua: { ...settings.opcua, ...opcua, limits: { ...settings.opcua.limits, ...limits } },
});

describe("OPC UA sessions: a client that opens sessions and vanishes locks nobody out", function () {
  let dir: string;
  let sim: PlcSimulator;
  let mes: RunningMes;

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "mes-session-limits-"));
    sim = await startDemoSimulator();
    // As small a server as the abandoned sessions below would have filled before these limits.
    mes = await startDemoMes(dir, sim, undefined, undefined, undefined, silentLog, withOpcua({ maxSessions: 30 }, { maxSessionsPerClient: 10, sessionsReservedForAuthenticated: 10 }));
  });

  after(async function () {
    await mes?.stop();
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers an anonymous caller of a dispatch method BadUserAccessDenied before looking at its arguments", async function () {
    const call = async (session: ClientSession, inputArguments: { dataType: DataType; value: unknown; arrayType?: VariantArrayType }[]) => {
      const jc = await namespaceIndex(session, JOB_CONTROL);
      const methodId = (await session.translateBrowsePath(makeBrowsePath(receiverOf(mes), `/${jc}:Start`))).targets![0].targetId;
      return (await session.call({ objectId: receiverOf(mes), methodId, inputArguments })).statusCode;
    };
    const anonymous = await openTestSession(mes.opcuaEndpoint);
    const operator = await openTestSession(mes.opcuaEndpoint, "operator");
    try {
      // No arguments, and arguments of the wrong type: the signature is not the caller's to learn.
      expect((await call(anonymous.session, [])).name).to.equal("BadUserAccessDenied");
      expect((await call(anonymous.session, [{ dataType: DataType.Int32, value: 7 }, { dataType: DataType.Int32, value: 7 }])).name).to.equal("BadUserAccessDenied");
      // Someone who may call it still learns what is wrong with the arguments.
      expect((await call(operator.session, [])).name).to.equal(StatusCodes.BadArgumentsMissing.name);
    } finally {
      await anonymous.close();
      await operator.close();
    }
  });

  it("takes only maxSessionsPerClient anonymous sessions from one client, and an operator still signs in after it vanished", async function () {
    const { relay, endpointUrl } = await relayTo(mes);
    const abandoning = hourLongClient();
    try {
      await abandoning.connect(endpointUrl);
      const outcomes: string[] = [];
      for (let i = 0; i < 30; i++) outcomes.push(await abandoning.createSession().then(() => "Good", (error: Error) => error.message));
      expect(outcomes.filter((outcome) => outcome === "Good")).to.have.length(10);
      for (const refused of outcomes.filter((outcome) => outcome !== "Good")) expect(refused).to.contain("BadTooManySessions");
      // The client vanishes: its connection drops, its sessions are never closed.
      relay.cut();

      const operator = await openTestSession(mes.opcuaEndpoint, "operator");
      try {
        const who = await operator.session.read({ nodeId: VariableIds.Server_ServerStatus_State, attributeId: AttributeIds.Value });
        expect(who.statusCode.name).to.equal("Good");
      } finally {
        await operator.close();
      }

      // The same client (address, no certificate) cannot take more anonymous sessions while its abandoned ones last.
      const again = hourLongClient();
      await again.connect(mes.opcuaEndpoint);
      try {
        const error = await again.createSession().then(() => null, (e: Error) => e);
        expect(error?.message).to.contain("BadTooManySessions");
      } finally {
        await again.disconnect();
      }
    } finally {
      await abandoning.disconnect().catch(() => undefined);
      await relay.close();
    }
  });
});

describe("OPC UA sessions: a vanished client's session and subscriptions go after detachedSessionTimeoutMs", function () {
  let dir: string;
  let sim: PlcSimulator;
  let mes: RunningMes;

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "mes-session-detached-"));
    sim = await startDemoSimulator();
    mes = await startDemoMes(dir, sim, undefined, undefined, undefined, silentLog, withOpcua({}, { detachedSessionTimeoutMs: 1500 }));
  });

  after(async function () {
    await mes?.stop();
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("closes the session of a client whose connection dropped, with its subscriptions, long before its one-hour timeout", async function () {
    const observer = await openTestSession(mes.opcuaEndpoint);
    const count = async (nodeId: NodeIdLike) => Number((await observer.session.read({ nodeId, attributeId: AttributeIds.Value })).value.value);
    const sessions = () => count(VariableIds.Server_ServerDiagnostics_ServerDiagnosticsSummary_CurrentSessionCount);
    const subscriptions = () => count(VariableIds.Server_ServerDiagnostics_ServerDiagnosticsSummary_CurrentSubscriptionCount);
    const { relay, endpointUrl } = await relayTo(mes);
    const vanishing = hourLongClient();
    try {
      const [sessionsBefore, subscriptionsBefore] = [await sessions(), await subscriptions()];
      await vanishing.connect(endpointUrl);
      const session = await vanishing.createSession();
      await session.createSubscription2({ requestedPublishingInterval: 100, requestedLifetimeCount: 36_000, requestedMaxKeepAliveCount: 10, publishingEnabled: true });
      await waitFor("the vanishing client's session and subscription", async () => (await sessions()) === sessionsBefore + 1 && (await subscriptions()) === subscriptionsBefore + 1);

      relay.cut();
      await waitFor("its session and subscription closed", async () => (await sessions()) === sessionsBefore && (await subscriptions()) === subscriptionsBefore, 15_000, 200);
    } finally {
      await vanishing.disconnect().catch(() => undefined);
      await relay.close();
      await observer.close();
    }
  });
});

describe("OPC UA sessions: 50 HMI sessions at once (the Standard server profile asks for 50)", function () {
  let dir: string;
  let sim: PlcSimulator;
  let mes: RunningMes;

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "mes-fifty-sessions-"));
    sim = await startDemoSimulator();
    // One test client stands for 50 HMIs: its one address must be allowed them all.
    mes = await startDemoMes(dir, sim, undefined, undefined, undefined, silentLog, withOpcua({ maxSessions: 60 }, { maxSessionsPerClient: 50, sessionsReservedForAuthenticated: 5 }));
  });

  after(async function () {
    await mes?.stop();
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("gives each of 50 sessions a fast, a slow and an alarm subscription, 150 in all", async function () {
    const client = hourLongClient();
    await client.connect(mes.opcuaEndpoint);
    try {
      const sessions = await Promise.all(Array.from({ length: 50 }, () => client.createSession()));
      const intervals = [100, 1000, 500];
      const subscriptions = await Promise.all(
        sessions.flatMap((session) => intervals.map((interval) => session.createSubscription2({ requestedPublishingInterval: interval, requestedMaxKeepAliveCount: 10, requestedLifetimeCount: 100, publishingEnabled: true }))),
      );
      expect(subscriptions.filter((subscription) => subscription.subscriptionId > 0)).to.have.length(150);
      const count = await sessions[0].read({ nodeId: VariableIds.Server_ServerDiagnostics_ServerDiagnosticsSummary_CurrentSubscriptionCount, attributeId: AttributeIds.Value });
      expect(count.value.value).to.equal(150);
      await Promise.all(sessions.map((session) => session.close()));
    } finally {
      await client.disconnect();
    }
  });
});
