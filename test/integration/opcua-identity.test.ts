import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import os, { tmpdir } from "node:os";
import path from "node:path";
import { AttributeIds, MessageSecurityMode, OPCUAClient, SecurityPolicy, VariableIds, type EndpointDescription } from "node-opcua";
import { exploreCertificate } from "node-opcua-crypto";
import { toPlant } from "../../src/config/plant-model.js";
import { plantSchema } from "../../src/config/schema.js";
import { startMesOpcuaServer, type MesOpcuaServer, type OpcuaServerSettings } from "../../src/opcua/mes-opcua-server.js";
import { AccessService } from "../../src/services/access-service.js";
import { systemClock, uuidV7 } from "../../src/services/clock.js";
import { silentLog } from "../../src/services/log.js";
import { UserService } from "../../src/services/user-service.js";
import { openStore } from "../../src/store/open-store.js";

const plant = toPlant(
  plantSchema.parse({
    enterprise: { id: "acme", name: "Acme", sites: [{ id: "berlin", name: "Berlin", areas: [{ id: "assembly", name: "Assembly", workCenters: [{ id: "line-1", name: "Line 1", workUnits: [{ id: "press-1", name: "Press 1", plc: "plc-a" }] }] }] }] },
    plcs: [{ id: "plc-a", endpointUrl: "opc.tcp://plc-a.local:4840" }],
  }),
);

const IDENTITY = {
  advertisedHostnames: ["localhost", "127.0.0.1", "mes-1.plant.example"],
  applicationUri: "urn:acme:berlin:opcua-mes",
  certificateSubject: "/CN=opcua-mes/O=Acme Manufacturing/L=Berlin/C=DE",
  namespaceUri: "urn:acme:plant",
};

function settings(overrides: Partial<OpcuaServerSettings> = {}): OpcuaServerSettings {
  return { port: 0, resourcePath: "/opcua-mes", applicationName: "opcua-mes test", maxSessions: 10, maxConnectionsPerEndpoint: 10, limits: { maxSessionsPerClient: 10, sessionsReservedForAuthenticated: 2, unactivatedSessionTimeoutMs: 10_000, detachedSessionTimeoutMs: 60_000 }, allowUnsecured: true, allowAnonymous: true, ...overrides };
}

describe("The MES OPC UA server's identity comes from mes.yaml, not from the host", function () {
  let dir: string;
  let store: Awaited<ReturnType<typeof openStore>>;
  let users: UserService;
  let access: AccessService;
  let server: MesOpcuaServer | undefined;

  const start = async (opcua: OpcuaServerSettings, hostname?: string) => {
    server = await startMesOpcuaServer({ settings: opcua, plant, pkiFolder: path.join(dir, "pki"), hostname, users, access, log: silentLog });
    return server;
  };

  /** What a client learns before it trusts the server: its endpoints, with the certificate in them. */
  async function endpointsOf(endpointUrl: string): Promise<EndpointDescription[]> {
    const client = OPCUAClient.create({ endpointMustExist: false, connectionStrategy: { maxRetry: 0 } });
    await client.connect(endpointUrl);
    try {
      return await client.getEndpoints();
    } finally {
      await client.disconnect();
    }
  }

  async function readOnServer<T>(endpointUrl: string, nodeId: string): Promise<T> {
    const client = OPCUAClient.create({ endpointMustExist: false, securityMode: MessageSecurityMode.None, securityPolicy: SecurityPolicy.None, connectionStrategy: { maxRetry: 0 } });
    await client.connect(endpointUrl.replace(/\/\/[^:/]+:/, "//127.0.0.1:"));
    try {
      const session = await client.createSession();
      const value = await session.read({ nodeId, attributeId: AttributeIds.Value });
      await session.close();
      return value.value.value as T;
    } finally {
      await client.disconnect();
    }
  }

  const certificateOf = (endpoints: EndpointDescription[]) => exploreCertificate(endpoints[0].serverCertificate!);

  beforeEach(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "opcua-mes-identity-"));
    store = await openStore(`sqlite:${path.join(dir, "accounts.sqlite")}`);
    users = new UserService(store, systemClock, uuidV7);
    access = new AccessService(store, users, systemClock, uuidV7, { sessionTtlMinutes: 60, maxTokenDays: 30, login: { maxFailures: 5, windowSeconds: 60 } });
  });

  afterEach(async function () {
    await server?.stop();
    server = undefined;
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("advertises the configured host name and makes a certificate with the configured names, URI and subject", async function () {
    const running = await start(settings(IDENTITY));
    expect(new URL(running.endpointUrl.replace(/^opc\.tcp:/, "http:")).hostname, "the endpoint URL").to.equal("localhost");
    const endpoints = await endpointsOf(running.endpointUrl);
    expect(endpoints.map((endpoint) => new URL(endpoint.endpointUrl!.replace(/^opc\.tcp:/, "http:")).hostname), "the endpoints of the URL asked for").to.include("localhost").and.not.include(os.hostname());
    expect(endpoints[0].server.applicationUri).to.equal(IDENTITY.applicationUri);
    const certificate = certificateOf(endpoints);
    const san = certificate.tbsCertificate.extensions!.subjectAltName!;
    expect(san.uniformResourceIdentifier).to.deep.equal([IDENTITY.applicationUri]);
    expect(san.dNSName).to.include.members(["localhost", "mes-1.plant.example"]);
    expect(san.iPAddress).to.include("7f000001");
    const subject = certificate.tbsCertificate.subject;
    expect([subject.commonName, subject.organizationName, subject.localityName, subject.countryName]).to.deep.equal(["opcua-mes", "Acme Manufacturing", "Berlin", "DE"]);
  });

  it("puts the plant in the configured namespace, apart from the server's own (ServerArray[0] = NamespaceArray[1])", async function () {
    const running = await start(settings(IDENTITY));
    const namespaces = await readOnServer<string[]>(running.endpointUrl, `i=${VariableIds.Server_NamespaceArray}`);
    const servers = await readOnServer<string[]>(running.endpointUrl, `i=${VariableIds.Server_ServerArray}`);
    expect(namespaces[1], "the local server's namespace").to.equal(IDENTITY.applicationUri);
    expect(servers[0]).to.equal(IDENTITY.applicationUri);
    const plantIndex = namespaces.indexOf(IDENTITY.namespaceUri);
    expect(plantIndex).to.be.greaterThan(1);
    expect(running.plant.nodeIdOf("press-1")).to.equal(`ns=${plantIndex};s=press-1`);
  });

  it("names the plant's namespace without the host name when mes.yaml sets none", async function () {
    const running = await start(settings(), "127.0.0.1");
    expect(running.plantNamespaceUri).to.equal("urn:opcua-mes:plant:acme");
    expect(running.plantNamespaceUri).not.to.contain(os.hostname());
    const certificate = certificateOf(await endpointsOf(running.endpointUrl));
    expect(certificate.tbsCertificate.subject.organizationName, "no organisation of the OPC UA stack's").to.equal("opcua-mes");
  });

  it("makes the certificate again when the names, URI or subject change, and keeps it when nothing did", async function () {
    const first = certificateOf(await endpointsOf((await start(settings(IDENTITY))).endpointUrl));
    await server!.stop();
    server = undefined;
    const same = certificateOf(await endpointsOf((await start(settings(IDENTITY))).endpointUrl));
    expect(same.tbsCertificate.serialNumber, "unchanged settings: the same certificate").to.equal(first.tbsCertificate.serialNumber);
    await server!.stop();
    server = undefined;
    const renamed = { ...IDENTITY, advertisedHostnames: ["localhost", "mes-2.plant.example"], certificateSubject: "/CN=opcua-mes/O=Acme Manufacturing/L=Hamburg/C=DE" };
    const renewed = certificateOf(await endpointsOf((await start(settings(renamed))).endpointUrl));
    expect(renewed.tbsCertificate.serialNumber).not.to.equal(first.tbsCertificate.serialNumber);
    expect(renewed.tbsCertificate.extensions!.subjectAltName!.dNSName).to.include("mes-2.plant.example");
    expect(renewed.tbsCertificate.subject.localityName).to.equal("Hamburg");
  });
});
