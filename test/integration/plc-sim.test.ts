import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { AttributeIds, DataType, OPCUAClient, StatusCodes, VariantArrayType, type ClientSession } from "node-opcua";
import { ConfigError } from "../../src/config/config-error.js";
import { freePort } from "../../tools/free-port.js";
import { loadPlcSimConfig, plcSimConfigSchema, type PlcSimConfig } from "../../tools/plc-sim/config.js";
import { CPLAB_TAGS } from "../../tools/plc-sim/cplab-station.js";
import { startPlcSimulator, type PlcSimulator } from "../../tools/plc-sim/simulator.js";
import { waitFor } from "../support/wait-for.js";

async function config(): Promise<PlcSimConfig> {
  return plcSimConfigSchema.parse({
    seed: 7,
    tickMs: 100,
    plcs: [
      { id: "line", port: await freePort(), machines: [{ name: "Press1", cycleTimeMs: 500 }] },
      { id: "cell", port: await freePort(), cplab: { name: "cplab", rfidWriteMs: 20, echoMs: 20, processingMs: 50, passThroughMs: 20, rejectRate: 0 } },
    ],
  });
}

describe("The PLC simulator", function () {
  let sim: PlcSimulator;
  let client: OPCUAClient;
  let session: ClientSession;

  const connect = async (endpointUrl: string) => {
    client = OPCUAClient.create({ endpointMustExist: false, connectionStrategy: { maxRetry: 2, initialDelay: 100, maxDelay: 300 } });
    await client.connect(endpointUrl);
    session = await client.createSession();
  };
  const read = (nodeId: string) => session.read({ nodeId, attributeId: AttributeIds.Value });
  const write = (nodeId: string, dataType: DataType, value: unknown) =>
    session.write({ nodeId, attributeId: AttributeIds.Value, value: { value: { dataType, value, arrayType: ArrayBuffer.isView(value) ? VariantArrayType.Array : VariantArrayType.Scalar } } });
  const s7 = (tag: string) => `ns=3;s=${tag}`;

  beforeEach(async function () {
    sim = await startPlcSimulator(await config(), { autoRun: false });
  });

  afterEach(async function () {
    await session?.close().catch(() => {});
    await client?.disconnect().catch(() => {});
    await sim?.stop();
  });

  it("serves a generic machine's tags in ns=2 with Good status, and shows produced parts with a fresh source timestamp", async function () {
    await connect(sim.plc("line").endpointUrl);
    for (const tag of ["State", "GoodCount", "RejectCount", "CurrentJob", "FaultCode", "Speed", "Temperature"]) {
      expect((await read(`ns=2;s=Press1.${tag}`)).statusCode.value, tag).to.equal(StatusCodes.Good.value);
    }
    const before = Date.now();
    sim.plc("line").machine("Press1").produce(3, 1);
    const good = await read("ns=2;s=Press1.GoodCount");
    expect(good.value.value).to.equal(3);
    expect((await read("ns=2;s=Press1.RejectCount")).value.value).to.equal(1);
    expect(good.sourceTimestamp!.getTime()).to.be.at.least(before);
  });

  it("plays the PLC side of the CP Lab handshake with the seed page's tags, and passes task code -1 through uncounted", async function () {
    await connect(sim.plc("cell").endpointUrl);
    const station = sim.plc("cell").station!;
    station.arrive(4, 0);
    expect((await read(s7(CPLAB_TAGS.readComplete))).value.value).to.equal(true);
    expect((await read(s7(CPLAB_TAGS.readData0))).value.value).to.equal(4);

    const packet = new Int32Array(32);
    packet[0] = 4;
    packet[1] = 1001;
    await write(s7(CPLAB_TAGS.writeData), DataType.Int32, packet);
    await write(s7(CPLAB_TAGS.rfidWrite), DataType.Boolean, true);
    await waitFor("write_done", async () => (await read(s7(CPLAB_TAGS.rfidWriteDone))).value.value === true);
    await write(s7(CPLAB_TAGS.rfidWrite), DataType.Boolean, false);
    await write(s7(CPLAB_TAGS.taskCode), DataType.Int16, 2);
    await waitFor("the task code echo", async () => (await read(s7(CPLAB_TAGS.taskCodeEcho))).value.value === 2);
    await write(s7(CPLAB_TAGS.execOrder), DataType.Boolean, true);
    await waitFor("order_complete", async () => (await read(s7(CPLAB_TAGS.orderComplete))).value.value === true);
    await write(s7(CPLAB_TAGS.execOrder), DataType.Boolean, false);
    await waitFor("order_complete reset", async () => (await read(s7(CPLAB_TAGS.orderComplete))).value.value === false);
    expect(station.goodCount).to.equal(1);
    expect(station.carrierOrder(4), "the order id written on the carrier's tag").to.equal(1001);

    station.arrive(5, 0);
    await write(s7(CPLAB_TAGS.taskCode), DataType.Int16, -1);
    await write(s7(CPLAB_TAGS.execOrder), DataType.Boolean, true);
    await waitFor("order_complete of the pass-through", async () => (await read(s7(CPLAB_TAGS.orderComplete))).value.value === true);
    expect(station.goodCount + station.rejectCount).to.equal(1);
  });

  it("goes away on stop() and comes back on the same port with the same values on start()", async function () {
    const plc = sim.plc("line");
    plc.machine("Press1").produce(5);
    await plc.stop();
    const refused = await OPCUAClient.create({ endpointMustExist: false, connectionStrategy: { maxRetry: 0, initialDelay: 50, maxDelay: 100 } })
      .connect(plc.endpointUrl)
      .then(() => false, () => true);
    expect(refused, "nobody answers while stopped").to.equal(true);
    await plc.start();
    await connect(plc.endpointUrl);
    expect((await read("ns=2;s=Press1.GoodCount")).value.value).to.equal(5);
  });

  it("replays the same plant for the same seed", async function () {
    const other = await startPlcSimulator(await config(), { autoRun: false });
    try {
      sim.advance(600_000);
      other.advance(600_000);
      const press = (s: PlcSimulator) => s.plc("line").machine("Press1");
      expect([press(sim).goodCount, press(sim).rejectCount, press(sim).state]).to.deep.equal([press(other).goodCount, press(other).rejectCount, press(other).state]);
      expect(press(sim).goodCount).to.be.greaterThan(100);
    } finally {
      await other.stop();
    }
  });

  it("names the file and the path of a configuration error", function () {
    const dir = mkdtempSync(path.join(tmpdir(), "plc-sim-config-"));
    try {
      const file = path.join(dir, "plc-sim.yaml");
      writeFileSync(file, "plcs:\n  - id: a\n    port: 1\n    machines:\n      - name: M1\n        rejectRate: 2\n");
      expect(() => loadPlcSimConfig(file)).to.throw(ConfigError, /plc-sim\.yaml: plcs\[0\]\.machines\[0\]\.rejectRate/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
