import { expect } from "chai";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import {
  AttributeIds,
  DataType,
  makeBrowsePath,
  MessageSecurityMode,
  OPCUACertificateManager,
  OPCUAClient,
  SecurityPolicy,
  StatusCodes,
  UserTokenType,
  VariantArrayType,
  type ClientSession,
  type UserIdentityInfo,
} from "node-opcua";
import type { CertificateAuthority } from "node-opcua-pki";
import type { RunningMes } from "../../src/app.js";
import { demoPassword } from "../../src/services/demo-accounts.js";
import type { Log } from "../../src/services/log.js";
import type { PlcSimulator } from "../../tools/plc-sim/simulator.js";
import { startDemoMes, startDemoSimulator } from "../support/demo-mes.js";
import { namespaceIndex, plantNodeId } from "../support/opcua-browse.js";
import { waitFor } from "../support/wait-for.js";
import { caSignedClientCertificate, certificateAuthority, certificateFile, clientCertificate, CLIENT_APPLICATION_URI, pemToDer, x509Identity } from "../support/opcua-pki.js";

const TSX_LOADER = import.meta.resolve("tsx");
const JOB_CONTROL = "http://opcfoundation.org/UA/ISA95-JOBCONTROL_V2/";
const erp = { id: "erp", role: "ERP", door: "rest" } as const;
const POLICIES = [SecurityPolicy.Basic256Sha256, SecurityPolicy.Aes128_Sha256_RsaOaep, SecurityPolicy.Aes256_Sha256_RsaPss];
const MODES = [MessageSecurityMode.Sign, MessageSecurityMode.SignAndEncrypt];
const user = (name: string): UserIdentityInfo => ({ type: UserTokenType.UserName, userName: name, password: demoPassword(name) });

describe("OPC UA security: secure channels, users, and role permissions on the dispatch methods", function () {
  let dir: string;
  let sim: PlcSimulator;
  let mes: RunningMes;
  let known: OPCUACertificateManager;
  const warnings: string[] = [];
  const log: Log = { info: () => {}, warn: (message) => warnings.push(message), error: () => {} };

  const client = (pki: OPCUACertificateManager, securityPolicy = SecurityPolicy.None, securityMode = MessageSecurityMode.None) =>
    OPCUAClient.create({
      applicationUri: CLIENT_APPLICATION_URI,
      endpointMustExist: false,
      securityMode,
      securityPolicy,
      connectionStrategy: { maxRetry: 0 },
      clientCertificateManager: pki,
      certificateFile: certificateFile(pki),
      privateKeyFile: pki.privateKey,
    });

  /** Runs `body` in a session, closing everything after. */
  async function inSession<T>(opcua: OPCUAClient, identity: UserIdentityInfo | undefined, body: (session: ClientSession) => Promise<T>): Promise<T> {
    await opcua.connect(mes.opcuaEndpoint);
    try {
      const session = await opcua.createSession(identity);
      try {
        return await body(session);
      } finally {
        await session.close();
      }
    } finally {
      await opcua.disconnect();
    }
  }

  /** Calls a JobOrderControl method of press-line with a job order id; the call's status and the ReturnStatus. */
  async function command(session: ClientSession, method: string, jobOrderId: string) {
    const jc = await namespaceIndex(session, JOB_CONTROL);
    const receiver = plantNodeId(mes.opcua, "press-line.JobOrderControl");
    const methodId = (await session.translateBrowsePath(makeBrowsePath(receiver, `/${jc}:${method}`))).targets![0].targetId;
    const result = await session.call({ objectId: receiver, methodId, inputArguments: [{ dataType: DataType.String, value: jobOrderId }, { dataType: DataType.LocalizedText, arrayType: VariantArrayType.Array, value: [] }] });
    const raw = result.outputArguments?.[0]?.value as [number, number] | undefined;
    return { status: result.statusCode, returnStatus: raw ? raw[0] * 2 ** 32 + raw[1] : undefined };
  }

  /** The operator's step of putting a badge into the user PKI's trust list, as `npm run pki -- trust --user` does. */
  async function trustUserBadge(badge: OPCUACertificateManager): Promise<void> {
    const userPki = new OPCUACertificateManager({ rootFolder: path.join(dir, "pki", "user") });
    await userPki.initialize();
    await userPki.trustCertificate(pemToDer(certificateFile(badge)));
    await userPki.dispose();
  }

  const pki = (...args: string[]) => promisify(execFile)(process.execPath, ["--import", TSX_LOADER, path.resolve("tools/pki.ts"), "--pki", path.join(dir, "pki"), ...args]);

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "mes-opcua-security-"));
    sim = await startDemoSimulator();
    known = await clientCertificate(path.join(dir, "known-client"));
    // The operator's step for a client the plant already knows, before the MES starts: its certificate goes into the trusted folder.
    const serverPki = new OPCUACertificateManager({ rootFolder: path.join(dir, "pki") });
    await serverPki.initialize();
    await serverPki.trustCertificate(pemToDer(certificateFile(known)));
    await serverPki.dispose();
    mes = await startDemoMes(dir, sim, undefined, undefined, undefined, log);
  });

  after(async function () {
    await known?.dispose();
    await mes?.stop();
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("made its own certificate on first start, in the PKI folder outside the tracked files", function () {
    const own = path.join(dir, "pki", "own", "certs");
    expect(existsSync(own) && readdirSync(own).some((file) => file.endsWith(".pem"))).to.equal(true);
  });

  for (const policy of POLICIES) {
    for (const mode of MODES) {
      it(`gives a signed-in user a session over ${policy.split("#")[1]} ${MessageSecurityMode[mode]}`, async function () {
        const state = await inSession(client(known, policy, mode), user("operator"), (session) => session.read({ nodeId: plantNodeId(mes.opcua, "press-1.MachineState"), attributeId: AttributeIds.Value }));
        expect(state.statusCode).to.equal(StatusCodes.Good);
      });
    }
  }

  it("refuses a wrong password and an unknown user", async function () {
    const refused = async (identity: UserIdentityInfo) => inSession(client(known, POLICIES[0], MessageSecurityMode.SignAndEncrypt), identity, async () => false).catch(() => true);
    expect(await refused({ type: UserTokenType.UserName, userName: "operator", password: "not the password" })).to.equal(true);
    expect(await refused({ type: UserTokenType.UserName, userName: "nobody", password: "whatever-password" })).to.equal(true);
  });

  it("audits OPC UA logins, good and bad, with the door and the session", async function () {
    await waitFor("the login audit", async () => (await mes.store.read.audit.count({ action: "auth.login_succeeded", actor: "operator", door: "opcua" })) > 0);
    const [success] = await mes.store.read.audit.find({ action: "auth.login_succeeded", actor: "operator", door: "opcua" }, { limit: 1, offset: 0 });
    expect([success.role, success.via]).to.deep.equal(["Operator", success.via]);
    expect(success.via).to.match(/^session:/);
    const failures = await mes.store.read.audit.find({ action: "auth.login_failed", door: "opcua" }, { limit: 10, offset: 0 });
    expect(failures.map((entry) => entry.actor).sort()).to.deep.equal(["nobody", "operator"]);
  });

  it("denies anonymous and Observer sessions every dispatch method with BadUserAccessDenied, logs it, and leaves the job orders as they were", async function () {
    await mes.jobs.storeJobOrder({ id: "SEC-1", equipmentId: "press-line", quantity: 5 }, erp, { andStart: false });
    const before = await mes.jobs.get("SEC-1");
    for (const identity of [undefined, user("observer")]) {
      const answers = await inSession(client(known), identity, async (session) => [await command(session, "Start", "SEC-1"), await command(session, "Cancel", "SEC-1"), await command(session, "Clear", "SEC-1")]);
      for (const answer of answers) expect(answer.status).to.equal(StatusCodes.BadUserAccessDenied);
    }
    expect(await mes.jobs.get("SEC-1")).to.deep.equal(before);
    expect((await mes.jobs.history("SEC-1")).map((t) => t.command)).to.deep.equal(["Store"]);
    expect(warnings.filter((w) => /OPC UA call of JobOrderControl\.(Start|Cancel|Clear) denied/.test(w))).to.have.length(6);
  });

  it("lets an Observer browse, read and subscribe, but not write", async function () {
    await inSession(client(known), user("observer"), async (session) => {
      expect((await session.read({ nodeId: plantNodeId(mes.opcua, "press-line.JobOrderControl"), attributeId: AttributeIds.BrowseName })).statusCode).to.equal(StatusCodes.Good);
      const subscription = await session.createSubscription2({ requestedPublishingInterval: 100, publishingEnabled: true });
      await subscription.monitor({ nodeId: plantNodeId(mes.opcua, "press-1.MachineState"), attributeId: AttributeIds.Value }, { samplingInterval: 0, queueSize: 1 }, 0);
      await subscription.terminate();
      const write = await session.write({ nodeId: plantNodeId(mes.opcua, "press-1.MachineState"), attributeId: AttributeIds.Value, value: { value: { dataType: DataType.Int32, value: 3 } } });
      expect(write).to.equal(StatusCodes.BadUserAccessDenied);
    });
  });

  it("lets an Operator start a job order, but not store or cancel one (orders are the Supervisor's and the ERP's)", async function () {
    await mes.jobs.storeJobOrder({ id: "SEC-2", equipmentId: "press-line", quantity: 5 }, erp, { andStart: false });
    const started = await inSession(client(known, POLICIES[0], MessageSecurityMode.SignAndEncrypt), user("operator"), (session) => command(session, "Start", "SEC-2"));
    expect(started).to.deep.equal({ status: StatusCodes.Good, returnStatus: 1 });
    const [last] = (await mes.jobs.history("SEC-2")).slice(-1);
    expect([last.command, last.actor, last.door]).to.deep.equal(["Start", "operator", "opcua"]);
    const store = await inSession(client(known), user("operator"), async (session) => {
      const jc = await namespaceIndex(session, JOB_CONTROL);
      const methodId = (await session.translateBrowsePath(makeBrowsePath(plantNodeId(mes.opcua, "press-line.JobOrderControl"), `/${jc}:Store`))).targets![0].targetId;
      return session.call({ objectId: plantNodeId(mes.opcua, "press-line.JobOrderControl"), methodId, inputArguments: [{ dataType: DataType.ExtensionObject, value: null }, { dataType: DataType.LocalizedText, arrayType: VariantArrayType.Array, value: [] }] });
    });
    expect(store.statusCode).to.equal(StatusCodes.BadUserAccessDenied);
  });

  it("rejects a client certificate nobody trusted, until `npm run pki -- trust` lets it in", async function () {
    const stranger = await clientCertificate(path.join(dir, "stranger-client"));
    try {
      const refused = await inSession(client(stranger, POLICIES[0], MessageSecurityMode.SignAndEncrypt), user("operator"), async () => false).catch(() => true);
      expect(refused).to.equal(true);
      // The server files a refused certificate in rejected/ just after it refuses the channel.
      const rejected = async (name: string) => (await pki("list")).stdout.split("\n").find((line) => line.startsWith("rejected") && line.includes(name));
      const listed = await waitFor("the refused certificate in rejected", () => rejected("opcua-mes test client"), 10_000).catch(() => undefined);
      expect(listed, "the refused certificate waits in rejected").to.be.a("string");
      const thumbprint = listed!.split("\t")[1];
      expect((await pki("trust", thumbprint)).stdout).to.contain(`trusted: `);
      // The running server sees the trust list change through its folder watcher: no restart.
      const state = await waitFor("the trusted client to get a session", () =>
        inSession(client(stranger, POLICIES[0], MessageSecurityMode.SignAndEncrypt), user("operator"), (session) => session.read({ nodeId: plantNodeId(mes.opcua, "press-1.MachineState"), attributeId: AttributeIds.Value })).catch(() => undefined),
      );
      expect(state.statusCode).to.equal(StatusCodes.Good);
    } finally {
      await stranger.dispose();
    }
  });

  describe("client certificates a plant CA signed (`npm run pki -- ca`)", function () {
    let ca: CertificateAuthority;
    let hmi: OPCUACertificateManager;
    const connects = (pki: OPCUACertificateManager) =>
      inSession(client(pki, POLICIES[0], MessageSecurityMode.SignAndEncrypt), user("operator"), (session) => session.read({ nodeId: plantNodeId(mes.opcua, "press-1.MachineState"), attributeId: AttributeIds.Value })).then(
        (state) => state.statusCode.isGood(),
        () => false,
      );

    before(async function () {
      ca = await certificateAuthority(path.join(dir, "plant-ca"));
      hmi = await caSignedClientCertificate(ca, path.join(dir, "line-2-hmi"), "line 2 HMI");
    });

    after(async function () {
      await hmi?.dispose();
    });

    it("knows the CA as an issuer, lets its client in once trusted, and refuses it once the CA's revocation list revokes it", async function () {
      const withoutList = await pki("ca", ca.caCertificate);
      expect(withoutList.stdout).to.match(/^certificate authority .*CN=Plant 1 CA.*: issuer/);
      expect(withoutList.stderr, "a CA without a revocation list is a CA whose certificates are refused").to.contain("no revocation list of this CA");
      expect((await pki("ca", ca.caCertificate, "--crl", ca.revocationList)).stdout).to.contain("0 revoked");

      // Until the server's folder watcher has read the new revocation list it refuses the client as
      // "revocation unknown", which files nothing; then as untrusted, which files it in rejected/.
      const listed = await waitFor(
        "the refused certificate in rejected",
        async () => {
          expect(await connects(hmi), "an issuer vouches for no one by itself").to.equal(false);
          return (await pki("list")).stdout.split("\n").find((line) => line.startsWith("rejected") && line.includes("line 2 HMI"));
        },
        15_000,
        500,
      ).catch(() => undefined);
      expect(listed, "the refused certificate waits in rejected").to.be.a("string");
      await pki("trust", listed!.split("\t")[1]);
      await waitFor("the trusted CA-signed client to get a session", () => connects(hmi));

      await ca.revokeCertificate(certificateFile(hmi), { reason: "keyCompromise" });
      expect((await pki("ca", ca.caCertificate, "--crl", ca.revocationList)).stdout).to.contain("1 revoked");
      // The running server reads the new list through its folder watcher: no restart.
      await waitFor("the revoked client to be refused", async () => !(await connects(hmi)));
    });

    it("with --trust lets in whatever the CA signs, and still not what it revoked", async function () {
      const line3 = await caSignedClientCertificate(ca, path.join(dir, "line-3-hmi"), "line 3 HMI");
      try {
        expect((await pki("ca", ca.caCertificate, "--trust")).stdout).to.contain("trusted, with everything it signs");
        await waitFor("a client of the trusted CA to get a session, though nobody trusted it by itself", () => connects(line3));
        expect(await connects(hmi), "revoked").to.equal(false);
        const list = (await pki("list")).stdout;
        expect(list).to.match(/^trusted crl\tPlant 1 CA\t1 revoked/m);
        expect(list, "the CA's list moved with it").not.to.match(/^issuers crl/m);
      } finally {
        await line3.dispose();
      }
    });
  });

  it("signs in an X.509 user whose certificate the user PKI trusts, as the account of its common name", async function () {
    const badge = await clientCertificate(path.join(dir, "operator-badge"), "operator");
    const forged = await clientCertificate(path.join(dir, "forged-badge"), "supervisor");
    try {
      await trustUserBadge(badge);
      await mes.jobs.storeJobOrder({ id: "SEC-3", equipmentId: "press-line", quantity: 5 }, erp, { andStart: false });
      // The running server sees the user trust list change through its folder watcher.
      const started = await waitFor("the trusted badge to sign in", () =>
        inSession(client(known, POLICIES[0], MessageSecurityMode.SignAndEncrypt), { type: UserTokenType.Certificate, ...x509Identity(badge) }, (session) => command(session, "Start", "SEC-3")).catch(() => undefined),
      );
      expect(started.returnStatus).to.equal(1);
      expect((await mes.jobs.history("SEC-3")).slice(-1)[0].actor).to.equal("operator");
      const refused = await inSession(client(known, POLICIES[0], MessageSecurityMode.SignAndEncrypt), { type: UserTokenType.Certificate, ...x509Identity(forged) }, async () => false).catch(() => true);
      expect(refused, "a certificate the user PKI does not trust").to.equal(true);
      const [untrusted] = await mes.store.read.audit.find({ action: "auth.login_failed", actor: "supervisor", door: "opcua" }, { limit: 1, offset: 0 });
      expect(untrusted.after, "the refused badge is in the audit trail").to.deep.equal({ reason: "user certificate BadCertificateUntrusted" });
    } finally {
      await badge.dispose();
      await forged.dispose();
    }
  });

  it("refuses the X.509 badge of a disabled account, though the user PKI trusts it, and audits why", async function () {
    const admin = { id: "admin", role: "Admin", door: "rest" } as const;
    await mes.users.create({ id: "leaver", name: "Leaves soon", roles: ["Operator"], password: null }, admin);
    const badge = await clientCertificate(path.join(dir, "leaver-badge"), "leaver");
    try {
      await trustUserBadge(badge);
      const signIn = () => inSession(client(known, POLICIES[0], MessageSecurityMode.SignAndEncrypt), { type: UserTokenType.Certificate, ...x509Identity(badge) }, async (session) => session.read({ nodeId: plantNodeId(mes.opcua, "press-1.MachineState"), attributeId: AttributeIds.Value }));
      await waitFor("the trusted badge to sign in", () => signIn().catch(() => undefined));

      await mes.users.setDisabled("leaver", true, admin);
      const refusal = await signIn().then(() => null, (error: Error) => error.message);
      expect(refusal, "no session at all, not even an Observer's").to.match(/BadIdentityTokenRejected/);
      const [entry] = await mes.store.read.audit.find({ action: "auth.login_failed", actor: "leaver", door: "opcua" }, { limit: 1, offset: 0 });
      expect(entry.after).to.deep.equal({ reason: 'the account "leaver" is disabled' });
      expect(warnings.some((warning) => /X\.509 user login refused for "leaver"/.test(warning))).to.equal(true);
    } finally {
      await badge.dispose();
    }
  });
});
