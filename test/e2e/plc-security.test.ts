import { expect } from "chai";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { RunningMes } from "../../src/app.js";
import type { Plant } from "../../src/domain/plant/plant.js";
import { freePort } from "../../tools/free-port.js";
import { loadPlcSimConfig } from "../../tools/plc-sim/config.js";
import { startPlcSimulator, type PlcSimulator } from "../../tools/plc-sim/simulator.js";
import { startDemoMes } from "../support/demo-mes.js";
import { certificateFile, clientCertificate, pemToDer } from "../support/opcua-pki.js";
import { restCall } from "../support/rest-call.js";
import { waitFor } from "../support/wait-for.js";

const TSX_LOADER = import.meta.resolve("tsx");
const SECURED = "plc-packaging";
const PLC_ACCOUNT = { userName: "mes-client", password: "plc-side-secret-42" };

/**
 * A PLC secured as a plant has it: only Basic256Sha256 SignAndEncrypt, a trust list of its own that
 * lets no unknown client in, and no anonymous session. The MES reaches it with the policy, mode and
 * user of its plant.yaml entry, once each side trusts the other's certificate.
 */
describe("A secured PLC link (Basic256Sha256 SignAndEncrypt, a user name, both trust lists)", function () {
  let dir: string;
  let sim: PlcSimulator;
  let mes: RunningMes;
  const pki = (...args: string[]) => promisify(execFile)(process.execPath, ["--import", TSX_LOADER, path.resolve("tools/pki.ts"), "--pki", path.join(dir, "pki"), ...args]);
  const packer = async () => (await restCall(mes.httpUrl, "GET", "/api/v1/equipment/packer-1")).body.live;
  const pemsIn = (folder: string) => (existsSync(folder) ? readdirSync(folder).filter((file) => /\.(pem|der)$/.test(file)) : []);

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "mes-plc-security-"));
    const config = loadPlcSimConfig(path.resolve("config/plc-sim.yaml"));
    for (const plc of config.plcs) plc.port = await freePort();
    config.plcs.find((plc) => plc.id === SECURED)!.security = { users: [PLC_ACCOUNT] };
    sim = await startPlcSimulator(config, { autoRun: false, pkiFolder: path.join(dir, "sim-pki") });
    const secure = (plant: Plant): Plant => ({
      ...plant,
      plcs: plant.plcs.map((plc) => (plc.id === SECURED ? { ...plc, security: { policy: "Basic256Sha256", mode: "SignAndEncrypt", identity: { kind: "userName", ...PLC_ACCOUNT }, allowUnsecured: false } } : plc)),
    });
    mes = await startDemoMes(dir, sim, undefined, secure);
  });

  after(async function () {
    await mes?.stop();
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses a PLC certificate it does not trust: the link stays down and the certificate waits in the PLC trust list's rejected folder", async function () {
    await waitFor("the PLC's certificate rejected by the MES", async () => pemsIn(path.join(dir, "pki/plc/rejected")).length > 0);
    expect((await packer()).plc.connectionState).not.to.equal("connected");
    const { stdout } = await pki("list", "--plc");
    const rejected = stdout.split("\n").filter((line) => line.startsWith("rejected\t"));
    expect(rejected).to.have.length(1);
    expect(rejected[0]).to.contain("urn:");
  });

  it("connects once npm run pki trusts the PLC and the PLC trusts the MES, signed, encrypted and signed in", async function () {
    const { stdout } = await pki("list", "--plc");
    const thumbprint = stdout.split("\n").find((line) => line.startsWith("rejected\t"))!.split("\t")[1];
    expect((await pki("trust", "--plc", thumbprint)).stdout).to.match(/^trusted: /);
    // The PLC's side: it has refused the MES's client certificate until its own admin trusts it.
    const plc = sim.plc(SECURED);
    await waitFor("the MES's certificate rejected by the PLC", async () => pemsIn(path.join(plc.certificateManager.rootDir, "rejected")).length > 0);
    expect((await packer()).plc.connectionState).not.to.equal("connected");
    await plc.certificateManager.trustCertificate(pemToDer(path.join(dir, "pki/plc/own/certs/client_certificate.pem")));
    await waitFor("the secured link up", async () => (await packer()).plc.connectionState === "connected", 30_000);
    await waitFor("the packer's state mirrored, good", async () => (await packer()).signals.find((signal: { name: string }) => signal.name === "State")?.quality === "good");
  });

  it("signs in on the PLC with an X.509 user certificate instead, once the PLC trusts it for users", async function () {
    await mes.stop();
    const userPki = await clientCertificate(path.join(dir, "plc-user"), "mes-on-the-plc");
    try {
      const withCertificate = (plant: Plant): Plant => ({
        ...plant,
        plcs: plant.plcs.map((plc) =>
          plc.id === SECURED ? { ...plc, security: { policy: "Basic256Sha256", mode: "SignAndEncrypt", identity: { kind: "certificate", certificateFile: certificateFile(userPki), privateKeyFile: userPki.privateKey }, allowUnsecured: false } } : plc,
        ),
      });
      mes = await startDemoMes(dir, sim, undefined, withCertificate);
      const users = sim.plc(SECURED).userCertificateManager!;
      await waitFor("the user certificate refused by the PLC", async () => pemsIn(path.join(users.rootDir, "rejected")).length > 0);
      expect((await packer()).plc.connectionState).not.to.equal("connected");
      await users.trustCertificate(pemToDer(certificateFile(userPki)));
      await waitFor("the link up, signed in with the certificate", async () => (await packer()).plc.connectionState === "connected", 30_000);
    } finally {
      await userPki.dispose();
    }
  });
});
