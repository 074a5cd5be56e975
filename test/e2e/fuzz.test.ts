import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DataType, makeBrowsePath, StatusCodes, VariantArrayType, type ClientSession, type NodeId, type VariantOptions } from "node-opcua";
import type { RunningMes } from "../../src/app.js";
import { ROLES } from "../../src/domain/roles.js";
import type { PlcSimulator } from "../../tools/plc-sim/simulator.js";
import { startDemoMes, startDemoSimulator, withMethodsDriver } from "../support/demo-mes.js";
import { namespaceIndex, plantNodeId } from "../support/opcua-browse.js";
import { openTestSession, type TestSession } from "../support/opcua-session.js";
import { restCall } from "../support/rest-call.js";
import { seededRandom } from "../support/seeded-random.js";

/** Bounded in count and in time: the fuzzer stops at whichever comes first. */
const REST_REQUESTS = 3000;
const OPCUA_CALLS = 1000;
const BUDGET_MS = 40_000;
const SEED = 20261125;

const JOB_CONTROL = "http://opcfoundation.org/UA/ISA95-JOBCONTROL_V2/";
const RECEIVER_METHODS = ["Store", "StoreAndStart", "Update", "Start", "RevokeStart", "Pause", "Resume", "Stop", "Abort", "Cancel", "Clear"];
const DISPATCH_METHODS = ["TakeNextJob", "ReportProgress", "FinishJob"];

describe("Fuzzing the REST and OPC UA doors: the MES keeps answering, with no 5xx and no internal error", function () {
  let dir: string;
  let sim: PlcSimulator;
  let mes: RunningMes;
  let opened: TestSession;
  const random = seededRandom(SEED);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const int = (max: number) => Math.floor(random() * max);

  const STRINGS = ["", "press-1", "press-line", "welder-1", "phone-case-black", "JO-1", "admin", "' OR '1'='1", "../../etc/passwd", "😀🏭", "%00", "x".repeat(300), "null", "-1", "1e309", "<script>alert(1)</script>", "2026-11-24T06:00:00Z", "start"];

  function randomJson(depth = 0): unknown {
    const kind = int(depth > 4 ? 5 : 7);
    if (kind === 0) return null;
    if (kind === 1) return random() < 0.5;
    if (kind === 2) return pick([0, -1, 1, 2 ** 53, -(2 ** 31), 1.5, 1e308, 42]);
    if (kind === 3 || kind === 4) return pick(STRINGS);
    if (kind === 5) return Array.from({ length: int(4) }, () => randomJson(depth + 1));
    const keys = ["id", "name", "quantity", "productId", "equipmentId", "roles", "password", "user", "comment", "at", "reasonCode", "weekStart", "rule", "jobOrders", "shifts", "__proto__", "constructor", "disabled", "expiresInDays", "parameters"];
    return Object.fromEntries(Array.from({ length: int(6) }, () => [pick(keys), randomJson(depth + 1)]));
  }

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "mes-fuzz-"));
    sim = await startDemoSimulator();
    mes = await startDemoMes(dir, sim, undefined, withMethodsDriver("welder-1"));
    opened = await openTestSession(mes.opcuaEndpoint, "supervisor");
  });

  after(async function () {
    await opened?.close();
    await mes?.stop();
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`answers ${REST_REQUESTS} random REST requests (seed ${SEED}) with 2xx-4xx only`, async function () {
    // The event stream never ends; it takes no input to fuzz.
    const routes = mes.httpRoutes.filter((route) => route.path !== "/api/v1/events");
    const tokens: (string | null)[] = [null];
    for (const role of ROLES) {
      const id = `fuzz-${role.toLowerCase()}`;
      await mes.users.create({ id, name: id, roles: [role], password: null }, { id: "fuzz", role: null, door: "config" });
      tokens.push((await mes.access.issueToken(id, { name: "fuzz" }, { id: "fuzz", role: null, door: "config" })).token);
    }
    const deadline = Date.now() + BUDGET_MS;
    const statuses = new Map<number, number>();
    for (let sent = 0; sent < REST_REQUESTS && Date.now() < deadline; sent += 8) {
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          const route = pick(routes);
          const target = route.path.replace(/:(\w+)/g, () => encodeURIComponent(pick(STRINGS)));
          const query = random() < 0.5 ? "?" + Array.from({ length: int(4) }, () => `${pick(["limit", "offset", "from", "to", "status", "equipmentId", "state", "actor", "action"])}=${encodeURIComponent(String(randomJson(4)))}`).join("&") : "";
          const body = route.method === "GET" ? undefined : randomJson();
          const answer = await restCall(mes.httpUrl, route.method, target + query, body, { token: pick(tokens) });
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          expect(answer.status, `${route.method} ${target}${query} ${JSON.stringify(body)}`).to.be.below(500);
        }),
      );
    }
    expect([...statuses.keys()].some((status) => status >= 400)).to.equal(true);
    expect((await restCall(mes.httpUrl, "GET", "/healthz")).status).to.equal(200);
  });

  it(`answers ${OPCUA_CALLS} random method calls (seed ${SEED}) without an internal error, and still serves reads`, async function () {
    const session: ClientSession = opened.session;
    const jc = await namespaceIndex(session, JOB_CONTROL);
    const targets: { objectId: string; methodId: string; inputs: { dataType: NodeId; valueRank: number }[] }[] = [];
    const withInputs = async (objectId: string, methodId: string) => ({ objectId, methodId, inputs: (await session.getArgumentDefinition(methodId)).inputArguments.map((a) => ({ dataType: a.dataType, valueRank: a.valueRank })) });
    for (const receiver of ["press-line", "press-1", "welder-1", "cplab-1"]) {
      const objectId = plantNodeId(mes.opcua, `${receiver}.JobOrderControl`);
      for (const name of RECEIVER_METHODS) {
        const found = await session.translateBrowsePath(makeBrowsePath(objectId, `/${jc}:${name}`));
        if (found.targets?.length) targets.push(await withInputs(objectId, found.targets[0].targetId.toString()));
      }
    }
    for (const name of DISPATCH_METHODS) targets.push(await withInputs(plantNodeId(mes.opcua, "welder-1.Dispatch"), plantNodeId(mes.opcua, `welder-1.Dispatch.${name}`)));
    expect(targets.length).to.be.greaterThan(20);

    const argument = (): VariantOptions =>
      pick<() => VariantOptions>([
        () => ({ dataType: DataType.String, value: pick(STRINGS) }),
        () => ({ dataType: DataType.Int32, value: int(2 ** 31) - 2 ** 30 }),
        () => ({ dataType: DataType.UInt32, value: int(2 ** 32) }),
        () => ({ dataType: DataType.Double, value: pick([0, -1, 1e308, Number.NaN, 0.5]) }),
        () => ({ dataType: DataType.Boolean, value: random() < 0.5 }),
        () => ({ dataType: DataType.LocalizedText, arrayType: VariantArrayType.Array, value: [{ text: pick(STRINGS) }] }),
        () => ({ dataType: DataType.ByteString, value: Buffer.from(pick(STRINGS)) }),
        () => ({ dataType: DataType.Null }),
      ])();

    /** An argument of the declared type with a random value, so most calls get past the stack's argument checks into the MES. */
    const typed = async (input: { dataType: NodeId; valueRank: number }): Promise<VariantOptions> => {
      const builtIn = input.dataType.namespace === 0 ? (input.dataType.value as number) : DataType.ExtensionObject;
      const array = input.valueRank > 0 ? { arrayType: VariantArrayType.Array } : {};
      const value = (): unknown => {
        if (builtIn === DataType.String) return pick(STRINGS);
        if (builtIn === DataType.LocalizedText) return { text: pick(STRINGS) };
        if (builtIn === DataType.Int32) return pick([0, -1, 1, 2 ** 31 - 1, -(2 ** 31)]);
        if (builtIn === DataType.UInt32 || builtIn === DataType.UInt16 || builtIn === DataType.Byte) return pick([0, 1, 7, 255]);
        if (builtIn === DataType.Double || builtIn === DataType.Float) return pick([0, -1, 0.5, 1e9, Number.NaN]);
        if (builtIn === DataType.Boolean) return random() < 0.5;
        return null;
      };
      if (builtIn === DataType.ExtensionObject) {
        const fields = { jobOrderID: pick(STRINGS), description: [{ text: pick(STRINGS) }], priority: int(40_000) - 20_000, workMasterID: [], jobOrderParameters: [] };
        const object = await session.constructExtensionObject(input.dataType, random() < 0.8 ? fields : {}).catch(() => null);
        return { dataType: DataType.ExtensionObject, ...array, value: input.valueRank > 0 ? [object] : object };
      }
      return { dataType: builtIn, ...array, value: input.valueRank > 0 ? [value()] : value() };
    };

    const deadline = Date.now() + BUDGET_MS;
    const seen = new Map<string, number>();
    for (let calls = 0; calls < OPCUA_CALLS && Date.now() < deadline; calls++) {
      const target = pick(targets);
      const inputArguments = random() < 0.7 ? await Promise.all(target.inputs.map(typed)) : Array.from({ length: int(4) }, argument);
      const result = await session.call({ ...target, inputArguments });
      seen.set(result.statusCode.name, (seen.get(result.statusCode.name) ?? 0) + 1);
      expect(result.statusCode.name, `${target.methodId} ${JSON.stringify(inputArguments)}`).not.to.be.oneOf(["BadInternalError", "BadUnexpectedError"]);
    }
    expect(seen.size).to.be.greaterThan(1);
    const state = await session.read({ nodeId: plantNodeId(mes.opcua, "press-1.MachineState") });
    expect(state.statusCode).to.equal(StatusCodes.Good);
  });
});
