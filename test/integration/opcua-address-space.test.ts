import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  AttributeIds,
  BrowseDirection,
  ClientMonitoredItem,
  DataType,
  MessageSecurityMode,
  OPCUACertificateManager,
  OPCUAClient,
  SecurityPolicy,
  StatusCodes,
  TimestampsToReturn,
  type ClientSession,
  type ClientSubscription,
  type DataValue,
} from "node-opcua";
import { toPlant } from "../../src/config/plant-model.js";
import { plantSchema } from "../../src/config/schema.js";
import type { Plant } from "../../src/domain/plant/plant.js";
import { startMesOpcuaServer, type MesOpcuaServer, type OpcuaServerSettings } from "../../src/opcua/mes-opcua-server.js";
import { systemClock, uuidV7 } from "../../src/services/clock.js";
import { silentLog } from "../../src/services/log.js";
import type { Store } from "../../src/services/ports/store.js";
import { UserService } from "../../src/services/user-service.js";
import { AccessService } from "../../src/services/access-service.js";
import { openStore } from "../../src/store/open-store.js";
import { browseChildren, childByName, ISA95_NAMESPACE, MES_NAMESPACE, namespaceIndex, nodeIdByPath, plantNodeId } from "../support/opcua-browse.js";
import { waitFor } from "../support/wait-for.js";
import { clientCertificate, CLIENT_APPLICATION_URI, pemToDer } from "../support/opcua-pki.js";

const plant: Plant = toPlant(plantSchema.parse({
  enterprise: {
    id: "acme",
    name: "Acme Manufacturing",
    description: "the whole company",
    sites: [
      {
        id: "berlin",
        name: "Berlin Plant",
        areas: [
          {
            id: "assembly",
            name: "Assembly",
            workCenters: [
              {
                id: "line-1",
                name: "Line 1",
                workUnits: [
                  {
                    id: "press-1",
                    name: "Press 1",
                    description: "the big press",
                    plc: "plc-a",
                    signals: {
                      state: { nodeId: "ns=2;s=Press1.State", map: { "1": "running" } },
                      goodCount: { nodeId: "ns=2;s=Press1.Good" },
                      rejectCount: { nodeId: "ns=2;s=Press1.Reject" },
                      tags: [
                        { name: "Temperature", nodeId: "ns=2;s=Press1.Temp", description: "oil temperature" },
                        { name: "Pressure", nodeId: "ns=2;s=Press1.Pressure" },
                      ],
                    },
                  },
                  { id: "press-2", name: "Press 2", plc: "plc-a", signals: { goodCount: { nodeId: "ns=2;s=Press2.Good" } } },
                ],
              },
            ],
          },
          {
            id: "packing",
            name: "Packing",
            workCenters: [{ id: "line-2", name: "Line 2", workUnits: [{ id: "packer-1", name: "Packer 1", plc: "plc-b", signals: { currentJob: { nodeId: "ns=2;s=Job" } } }] }],
          },
        ],
      },
    ],
  },
  plcs: [
    { id: "plc-a", endpointUrl: "opc.tcp://plc-a.local:4840" },
    { id: "plc-b", endpointUrl: "opc.tcp://plc-b.local:4840/ua" },
  ],
}));


/** The OPC UA server alone needs the accounts its users sign in with: an empty SQLite store of its own. */
async function accounts(dir: string): Promise<{ store: Store; users: UserService; access: AccessService; log: typeof silentLog }> {
  const store = await openStore(`sqlite:${path.join(dir, "accounts.sqlite")}`);
  const users = new UserService(store, systemClock, uuidV7);
  const access = new AccessService(store, users, systemClock, uuidV7, { sessionTtlMinutes: 60, maxTokenDays: 30, login: { maxFailures: 5, windowSeconds: 60 } });
  return { store, users, access, log: silentLog };
}

function settings(overrides: Partial<OpcuaServerSettings>): OpcuaServerSettings {
  return { port: 0, resourcePath: "/opcua-mes", applicationName: "opcua-mes test", maxSessions: 10, maxConnectionsPerEndpoint: 10, limits: { maxSessionsPerClient: 10, sessionsReservedForAuthenticated: 2, unactivatedSessionTimeoutMs: 10_000, detachedSessionTimeoutMs: 60_000 }, allowUnsecured: true, allowAnonymous: true, ...overrides };
}

describe("The MES OPC UA address space", function () {
  let dir: string;
  let server: MesOpcuaServer;
  let client: OPCUAClient;
  let session: ClientSession;
  let subscription: ClientSubscription;
  let users: Awaited<ReturnType<typeof accounts>>;
  let isa95: number;
  let mes: number;

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "opcua-mes-as-"));
    users = await accounts(dir);
    server = await startMesOpcuaServer({ settings: settings({}), plant, pkiFolder: path.join(dir, "pki"), hostname: "127.0.0.1", ...users });
    client = OPCUAClient.create({ endpointMustExist: false, securityMode: MessageSecurityMode.None, securityPolicy: SecurityPolicy.None, connectionStrategy: { maxRetry: 0 } });
    await client.connect(server.endpointUrl);
    session = await client.createSession();
    subscription = await session.createSubscription2({ requestedPublishingInterval: 20, requestedMaxKeepAliveCount: 10, requestedLifetimeCount: 100, publishingEnabled: true });
    isa95 = await namespaceIndex(session, ISA95_NAMESPACE);
    mes = await namespaceIndex(session, MES_NAMESPACE);
  });

  after(async function () {
    await subscription?.terminate().catch(() => {});
    await session?.close().catch(() => {});
    await client?.disconnect().catch(() => {});
    await server?.stop();
    await users?.store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const read = async (nodeId: string, attributeId = AttributeIds.Value) => session.read({ nodeId, attributeId });

  /** Every value a subscribed client is sent for this node. */
  async function follow(nodeId: string): Promise<DataValue[]> {
    const seen: DataValue[] = [];
    const item = ClientMonitoredItem.create(subscription, { nodeId, attributeId: AttributeIds.Value }, { samplingInterval: 0, queueSize: 100, discardOldest: true }, TimestampsToReturn.Both);
    item.on("changed", (dataValue: DataValue) => seen.push(dataValue));
    await waitFor("the initial notification", () => seen.length > 0);
    return seen;
  }

  it("lists the MES roles in the server's RoleSet next to the well-known ones, as the permissions name them", async function () {
    const roles = await browseChildren(session, "i=15606");
    const mesRoles = roles.filter((r) => r.nodeId.namespace === 1).map((r) => [r.browseName.name, r.nodeId.toString()]);
    expect(mesRoles).to.deep.include.members([["Operator", "ns=1;s=Role.Operator"], ["Maintenance", "ns=1;s=Role.Maintenance"], ["ERP", "ns=1;s=Role.ERP"]]);
    expect(roles.map((r) => r.browseName.toString())).to.include("Observer");
  });

  it("advertises opc.tcp://<host>:<real port><resourcePath>", function () {
    expect(server.endpointUrl).to.match(/^opc\.tcp:\/\/127\.0\.0\.1:\d+\/opcua-mes$/);
    expect(server.endpointUrl).not.to.contain(":0/");
  });

  it("browses Enterprise > Site > Area > WorkCenter > WorkUnit with readable names along MadeUpOfEquipment", async function () {
    const madeUpOf = `ns=${isa95};i=5115`;
    const tree = async (nodeId: string): Promise<string> => {
      const children = await browseChildren(session, nodeId, madeUpOf);
      const inner = await Promise.all(children.map(async (c) => `${c.browseName.name}|${c.displayName.text}${await tree(c.nodeId.toString())}`));
      return inner.length ? `[${inner.join(",")}]` : "";
    };
    const enterprise = await childByName(session, "i=85", "Acme Manufacturing");
    expect(enterprise).to.equal(server.plant.nodeIdOf("acme"));
    expect(await tree(enterprise)).to.equal(
      "[Berlin Plant|Berlin Plant[Assembly|Assembly[Line 1|Line 1[Press 1|Press 1,Press 2|Press 2]],Packing|Packing[Line 2|Line 2[Packer 1|Packer 1]]]]",
    );
    expect((await read(enterprise, AttributeIds.Description)).value.value.text).to.equal("the whole company");
  });

  it("gives stable string NodeIds derived from the equipment id", async function () {
    expect(server.plant.nodeIdOf("press-1")).to.equal(`ns=${await namespaceIndex(session, server.plantNamespaceUri)};s=press-1`);
    expect(server.plant.nodeIdOf("nothing")).to.equal(undefined);
    expect(await nodeIdByPath(session, plantNodeId(server, "press-1"), ["Signals", "Temperature"])).to.equal(plantNodeId(server, "press-1.Signals.Temperature"));
    expect(await nodeIdByPath(session, plantNodeId(server, "press-1"), ["PlcLink", "ConnectionState"])).to.equal(plantNodeId(server, "press-1.PlcLink.ConnectionState"));
    expect(await childByName(session, plantNodeId(server, "press-1"), "MachineState")).to.equal(plantNodeId(server, "press-1.MachineState"));
  });

  it("types each object as ISA-95 EquipmentType or WorkUnitType (a subtype of EquipmentType) with its EquipmentLevel", async function () {
    const expected: [string, string, number][] = [
      ["acme", `ns=${isa95};i=5040`, 0],
      ["berlin", `ns=${isa95};i=5040`, 1],
      ["assembly", `ns=${isa95};i=5040`, 2],
      ["line-2", `ns=${isa95};i=5040`, 10],
      ["press-1", `ns=${mes};i=1003`, 11],
      ["packer-1", `ns=${mes};i=1003`, 11],
    ];
    for (const [id, type, level] of expected) {
      const nodeId = server.plant.nodeIdOf(id)!;
      const [definition] = (await session.browse({ nodeId, browseDirection: BrowseDirection.Forward, referenceTypeId: "HasTypeDefinition", resultMask: 63 })).references!;
      expect(definition.nodeId.toString(), id).to.equal(type);
      const levelValue = await read(await childByName(session, nodeId, "EquipmentLevel"));
      expect(levelValue.value.value, id).to.equal(level);
    }
    const supertype = await session.browse({ nodeId: `ns=${mes};i=1003`, browseDirection: BrowseDirection.Inverse, referenceTypeId: "HasSubtype", resultMask: 63 });
    expect(supertype.references!.map((r) => r.nodeId.toString())).to.deep.equal([`ns=${isa95};i=5040`]);
  });

  it("gives a work unit its PLC link, machine state, OEE and one Signals variable per configured signal", async function () {
    const unit = plantNodeId(server, "press-1");
    expect((await read(await nodeIdByPath(session, unit, ["PlcLink", "PlcId"]))).value.value).to.equal("plc-a");
    expect((await read(await nodeIdByPath(session, unit, ["PlcLink", "EndpointUrl"]))).value.value).to.equal("opc.tcp://plc-a.local:4840");
    expect((await read(`${unit}.PlcLink.ConnectionState`)).value.value).to.equal(0);
    expect((await read(`${unit}.MachineState`)).value.value).to.equal(0);
    const oee = (await browseChildren(session, await childByName(session, unit, "Oee"))).map((r) => r.browseName.name);
    expect(oee).to.include.members(["Availability", "Effectiveness", "QualityRate", "Oee", "PlannedBusyTime", "ActualProductionTime", "ProducedQuantity", "GoodQuantity", "ScrapQuantity"]);
    expect((await read(await nodeIdByPath(session, unit, ["Oee", "Availability", "EURange"]))).value.value).to.include({ low: 0, high: 1 });

    const names = async (id: string) => (await browseChildren(session, await childByName(session, server.plant.nodeIdOf(id)!, "Signals"))).map((r) => r.browseName.name);
    expect(await names("press-1")).to.deep.equal(["State", "GoodCount", "RejectCount", "Temperature", "Pressure"]);
    expect(await names("press-2")).to.deep.equal(["GoodCount"]);
    expect(await names("packer-1")).to.deep.equal(["CurrentJob"]);

    const temperature = `${unit}.Signals.Temperature`;
    expect((await read(temperature)).statusCode).to.equal(StatusCodes.BadWaitingForInitialData);
    expect((await read(temperature, AttributeIds.DataType)).value.value.toString()).to.equal("ns=0;i=24"); // BaseDataType
    expect((await read(temperature, AttributeIds.ValueRank)).value.value).to.equal(-2);
    expect((await read(temperature, AttributeIds.Description)).value.value.text).to.equal("oil temperature");
    expect((await read(temperature, AttributeIds.MinimumSamplingInterval)).value.value).to.equal(0);
    const write = await session.write({ nodeId: temperature, attributeId: AttributeIds.Value, value: { value: { dataType: DataType.Double, value: 1 } } });
    // Mirrored PLC values are read-only to everyone; the namespace grants no one Write.
    expect(write).to.equal(StatusCodes.BadUserAccessDenied);
  });

  it("forwards a PLC sample to subscribers with its value, status code and source timestamp unchanged", async function () {
    const seen = await follow(plantNodeId(server, "press-1.Signals.Temperature"));
    const sourceTimestamp = new Date("2025-03-01T10:00:00.123Z");
    server.plant.setSignal("press-1", "Temperature", { value: 81.5, dataType: DataType.Double, arrayType: 0, statusCode: 0, sourceTimestamp });
    const good = await waitFor("the good sample", () => seen.find((dv) => dv.value.value === 81.5));
    expect(good.statusCode).to.equal(StatusCodes.Good);
    expect(good.value.dataType).to.equal(DataType.Double);
    expect(good.sourceTimestamp!.toISOString()).to.equal(sourceTimestamp.toISOString());

    // UncertainLastUsableValue keeps its value: an uncertain reading is still a reading
    server.plant.setSignal("press-1", "Temperature", { value: 82, dataType: DataType.Double, arrayType: 0, statusCode: 0x40900000, sourceTimestamp });
    const uncertain = await waitFor("the uncertain sample", () => seen.find((dv) => dv.value.value === 82));
    expect(uncertain.statusCode.value).to.equal(0x40900000);

    const badAt = new Date("2025-03-01T10:00:05.000Z");
    server.plant.setSignal("press-1", "Temperature", { value: 82, dataType: DataType.Double, arrayType: 0, statusCode: 0x808a0000, sourceTimestamp: badAt });
    const bad = await waitFor("the bad sample", () => seen.find((dv) => dv.statusCode.value === 0x808a0000));
    expect(bad.statusCode).to.equal(StatusCodes.BadNotConnected);
    expect(bad.value.value).to.equal(null);
  });

  it("mirrors arrays and 64-bit integers as the PLC sent them", async function () {
    server.plant.setSignal("press-1", "Pressure", { value: [1, 2, 3], dataType: DataType.Int16, arrayType: 1, statusCode: 0, sourceTimestamp: new Date() });
    const array = await read(plantNodeId(server, "press-1.Signals.Pressure"));
    expect(array.value.dataType).to.equal(DataType.Int16);
    expect(Array.from(array.value.value as Int16Array)).to.deep.equal([1, 2, 3]);
    server.plant.setSignal("press-2", "GoodCount", { value: [0, 42], dataType: DataType.UInt64, arrayType: 0, statusCode: 0, sourceTimestamp: null });
    const counter = await read(plantNodeId(server, "press-2.Signals.GoodCount"));
    expect(counter.value.dataType).to.equal(DataType.UInt64);
    expect(counter.value.value).to.deep.equal([0, 42]);
  });

  it("ignores samples for unknown work units and signals", function () {
    const sample = { value: 1, dataType: DataType.Int32, arrayType: 0, statusCode: 0, sourceTimestamp: null };
    expect(() => server.plant.setSignal("nobody", "GoodCount", sample)).not.to.throw();
    expect(() => server.plant.setSignal("press-2", "Temperature", sample)).not.to.throw();
    expect(() => server.plant.setMachineState("nobody", "running")).not.to.throw();
    expect(() => server.plant.setPlcConnectionState("nobody", "connected")).not.to.throw();
  });

  it("shows machine states and the connection state of every work unit wired to a PLC", async function () {
    server.plant.setMachineState("press-1", "faulted");
    expect((await read(plantNodeId(server, "press-1.MachineState"))).value.value).to.equal(4);
    expect((await read(plantNodeId(server, "press-2.MachineState"))).value.value).to.equal(0);
    server.plant.setPlcConnectionState("plc-a", "connected");
    expect((await read(plantNodeId(server, "press-1.PlcLink.ConnectionState"))).value.value).to.equal(2);
    expect((await read(plantNodeId(server, "press-2.PlcLink.ConnectionState"))).value.value).to.equal(2);
    expect((await read(plantNodeId(server, "packer-1.PlcLink.ConnectionState"))).value.value).to.equal(0);
  });

  it("exposes the DataTypeDefinition of MachineStateEnumeration for clients of other stacks", async function () {
    const dataType = (await read(plantNodeId(server, "press-1.MachineState"), AttributeIds.DataType)).value.value.toString();
    expect(dataType).to.equal(`ns=${mes};i=3001`);
    const definition = (await read(dataType, AttributeIds.DataTypeDefinition)).value.value as { fields: { name: string; value: [number, number] }[] };
    expect(definition.fields.map((f) => `${f.name}=${f.value[1]}`)).to.deep.equal(["Unknown=0", "Idle=1", "Running=2", "Setup=3", "Faulted=4", "Stopped=5", "Disconnected=6"]);
    const strings = await childByName(session, dataType, "EnumStrings");
    expect((await read(strings)).value.value.map((t: { text: string }) => t.text)).to.include("Disconnected");
  });
});

describe("The MES OPC UA server when unsecured access is off", function () {
  let dir: string;
  let server: MesOpcuaServer;
  let clientPki: OPCUACertificateManager;
  const applicationUri = CLIENT_APPLICATION_URI;
  let users: Awaited<ReturnType<typeof accounts>>;

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "opcua-mes-sec-"));
    clientPki = await clientCertificate(path.join(dir, "client-pki"));
    // The operator's step: put the client's certificate into the server's trusted folder before it starts.
    const serverPki = new OPCUACertificateManager({ rootFolder: path.join(dir, "pki") });
    await serverPki.initialize();
    await serverPki.trustCertificate(pemToDer(path.join(clientPki.rootDir, "own/certs/client_certificate.pem")));
    await serverPki.dispose();
    users = await accounts(dir);
    server = await startMesOpcuaServer({ settings: settings({ allowUnsecured: false }), plant, pkiFolder: path.join(dir, "pki"), hostname: "127.0.0.1", ...users });
  });

  after(async function () {
    await server?.stop();
    await users?.store.close();
    await clientPki?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("offers no SecurityPolicy None endpoint and refuses a None client", async function () {
    const probe = OPCUAClient.create({ endpointMustExist: false, connectionStrategy: { maxRetry: 0 } });
    await probe.connect(server.endpointUrl);
    const endpoints = await probe.getEndpoints();
    await probe.disconnect();
    expect(endpoints.map((e) => e.securityMode)).not.to.include(MessageSecurityMode.None);
    expect(new Set(endpoints.map((e) => e.securityPolicyUri?.split("#")[1]))).to.deep.equal(new Set(["Basic256Sha256", "Aes128_Sha256_RsaOaep", "Aes256_Sha256_RsaPss"]));

    const client = OPCUAClient.create({ endpointMustExist: false, securityMode: MessageSecurityMode.None, securityPolicy: SecurityPolicy.None, connectionStrategy: { maxRetry: 0 } });
    expect(await sessionRefused(client, server.endpointUrl)).to.equal(true);
  });

  const secureClient = (pki: OPCUACertificateManager) =>
    OPCUAClient.create({
      applicationUri,
      endpointMustExist: false,
      securityMode: MessageSecurityMode.SignAndEncrypt,
      securityPolicy: SecurityPolicy.Basic256Sha256,
      clientCertificateManager: pki,
      certificateFile: path.join(pki.rootDir, "own/certs/client_certificate.pem"),
      privateKeyFile: pki.privateKey,
      connectionStrategy: { maxRetry: 0 },
    });

  it("refuses a Basic256Sha256 client whose certificate nobody trusted", async function () {
    const strangerPki = await clientCertificate(path.join(dir, "stranger-pki"));
    try {
      expect(await sessionRefused(secureClient(strangerPki), server.endpointUrl)).to.equal(true);
    } finally {
      await strangerPki.dispose();
    }
  });

  it("accepts a Basic256Sha256 SignAndEncrypt client whose certificate it trusts", async function () {
    const client = secureClient(clientPki);
    try {
      await client.connect(server.endpointUrl);
      const session = await client.createSession();
      expect((await session.read({ nodeId: plantNodeId(server, "press-1.MachineState"), attributeId: AttributeIds.Value })).value.value).to.equal(0);
      await session.close();
    } finally {
      await client.disconnect();
    }
  });
});

/** True when the server will not give this client a session (connect or CreateSession fails). */
async function sessionRefused(client: OPCUAClient, endpointUrl: string): Promise<boolean> {
  try {
    await client.connect(endpointUrl);
    await client.createSession();
    return false;
  } catch {
    return true;
  } finally {
    await client.disconnect().catch(() => {});
  }
}
