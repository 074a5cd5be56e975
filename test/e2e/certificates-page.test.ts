/// <reference lib="dom" />
import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { AttributeIds, MessageSecurityMode, OPCUAClient, SecurityPolicy, StatusCodes, UserTokenType, type OPCUACertificateManager } from "node-opcua";
import type { Browser } from "playwright-core";
import type { RunningMes } from "../../src/app.js";
import { demoPassword } from "../../src/services/demo-accounts.js";
import type { PlcSimulator } from "../../tools/plc-sim/simulator.js";
import { launchBrowser, seriousAccessibilityViolations, signIn, SIZES } from "../support/browser.js";
import { startDemoMes, startDemoSimulator } from "../support/demo-mes.js";
import { certificateFile, clientCertificate, CLIENT_APPLICATION_URI } from "../support/opcua-pki.js";
import { restCall } from "../support/rest-call.js";
import { waitFor } from "../support/wait-for.js";
import { plantNodeId } from "../support/opcua-browse.js";

/**
 * Given the demo MES and an HMI whose certificate nobody trusted yet, when the HMI connects it is
 * refused and its certificate waits in Rejected; an Admin sees it on the Certificates page, trusts
 * it there, and the HMI gets its session without a restart; the audit trail says who trusted it.
 * An Operator gets neither the page's link nor its data.
 */
describe("The Certificates page (Admin) in a real browser", function () {
  this.timeout(180_000);
  let dir: string;
  let sim: PlcSimulator;
  let mes: RunningMes;
  let browser: Browser;
  let hmi: OPCUACertificateManager;

  const readState = async () => {
    const client = OPCUAClient.create({
      applicationUri: CLIENT_APPLICATION_URI,
      endpointMustExist: false,
      securityMode: MessageSecurityMode.SignAndEncrypt,
      securityPolicy: SecurityPolicy.Basic256Sha256,
      connectionStrategy: { maxRetry: 0 },
      clientCertificateManager: hmi,
      certificateFile: certificateFile(hmi),
      privateKeyFile: hmi.privateKey,
    });
    await client.connect(mes.opcuaEndpoint);
    try {
      const session = await client.createSession({ type: UserTokenType.UserName, userName: "operator", password: demoPassword("operator") });
      try {
        return await session.read({ nodeId: plantNodeId(mes.opcua, "press-1.MachineState"), attributeId: AttributeIds.Value });
      } finally {
        await session.close();
      }
    } finally {
      await client.disconnect();
    }
  };

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "mes-certificates-"));
    sim = await startDemoSimulator();
    mes = await startDemoMes(dir, sim);
    hmi = await clientCertificate(path.join(dir, "hmi"), "line 4 HMI");
    browser = await launchBrowser();
  });

  after(async function () {
    await browser?.close();
    await hmi?.dispose();
    await mes?.stop();
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("shows a refused client's certificate in Rejected; the Admin trusts it there, the client connects, and the audit trail has it", async function () {
    expect(await readState().then(() => "connected", () => "refused")).to.equal("refused");
    const context = await browser.newContext({ viewport: SIZES.laptop, bypassCSP: true });
    const tab = await context.newPage();
    await signIn(tab, mes.httpUrl, "admin");
    await tab.getByRole("link", { name: "Certificates" }).click();
    await tab.getByRole("heading", { name: "Certificates", level: 1 }).waitFor();
    const row = tab.locator('[data-pki="server"] tr[data-folder="rejected"]').filter({ hasText: "CN=line 4 HMI" });
    await row.waitFor();
    expect(await row.textContent()).to.contain(CLIENT_APPLICATION_URI);
    const thumbprint = await row.getAttribute("data-certificate");
    expect(await seriousAccessibilityViolations(tab)).to.deep.equal([]);

    await row.getByRole("button", { name: "Trust CN=line 4 HMI" }).click();
    await tab.getByText("Trusted: CN=line 4 HMI.").waitFor();
    await tab.locator(`[data-pki="server"] tr[data-folder="trusted"][data-certificate="${thumbprint}"]`).waitFor();
    expect(await tab.locator(`tr[data-folder="rejected"][data-certificate="${thumbprint}"]`).count()).to.equal(0);

    // The running server's folder watcher sees the trust list change: no restart.
    const state = await waitFor("the trusted HMI to get a session", () => readState().catch(() => undefined), 30_000, 500);
    expect(state.statusCode).to.equal(StatusCodes.Good);

    const audit = (await restCall(mes.httpUrl, "GET", `/api/v1/audit?action=pki.certificate_trusted`)).body.items;
    expect(audit.map((entry: { actor: string; door: string; targetId: string }) => [entry.actor, entry.door, entry.targetId])).to.deep.equal([["admin", "ui", thumbprint]]);
    await tab.goto(`${mes.httpUrl}/#/audit`);
    await tab.getByLabel('Action (prefix ending in ".")').fill("pki.");
    await tab.locator("tbody tr").filter({ hasText: "pki.certificate_trusted" }).filter({ hasText: thumbprint! }).waitFor();
    await context.close();
  });

  it("gives an Operator no Certificates link, and the certificates' data only a 403", async function () {
    const context = await browser.newContext({ viewport: SIZES.laptop });
    const tab = await context.newPage();
    await signIn(tab, mes.httpUrl, "operator");
    expect(await tab.getByRole("link", { name: "Certificates" }).count()).to.equal(0);
    await tab.goto(`${mes.httpUrl}/#/certificates`);
    await tab.getByRole("alert").filter({ hasText: /needs one of the roles Admin/ }).waitFor();
    expect(await tab.locator("tr[data-certificate]").count()).to.equal(0);
    await context.close();

    const operator = (await mes.access.issueToken("operator", { name: "certificates test" }, { id: "test-setup", role: null, door: "config" })).token;
    const answer = await restCall(mes.httpUrl, "GET", "/api/v1/certificates", undefined, { token: operator });
    expect([answer.status, answer.body.error.code]).to.deep.equal([403, "forbidden"]);
    expect(JSON.stringify(answer.body)).not.to.contain("line 4 HMI");
    const thumbprint = (await restCall(mes.httpUrl, "GET", "/api/v1/certificates")).body.items.find((c: { subject: string }) => c.subject === "CN=line 4 HMI").thumbprint;
    expect((await restCall(mes.httpUrl, "POST", `/api/v1/certificates/server/${thumbprint}/reject`, undefined, { token: operator })).status).to.equal(403);
    expect((await restCall(mes.httpUrl, "GET", "/api/v1/certificates")).body.items.find((c: { thumbprint: string }) => c.thumbprint === thumbprint).folder).to.equal("trusted");
  });
});
