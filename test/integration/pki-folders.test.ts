import { expect } from "chai";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { CertificateAuthority } from "node-opcua-pki";
import { addAuthority, listCertificates } from "../../src/opcua/pki-folders.js";
import { caSignedClientCertificate, certificateAuthority, certificateFile } from "../support/opcua-pki.js";

/** The message a refused call gives, or null when it was not refused. */
const refusal = (answer: Promise<unknown>) => answer.then(() => null, (error: Error) => error.message);

describe("npm run pki -- ca: a certificate authority and its revocation list in the server's PKI folders", function () {
  let dir: string;
  let root: string;
  let plantCa: CertificateAuthority;
  let otherCa: CertificateAuthority;

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "mes-pki-ca-"));
    root = path.join(dir, "pki");
    plantCa = await certificateAuthority(path.join(dir, "plant-ca"));
    otherCa = await certificateAuthority(path.join(dir, "other-ca"));
  });

  after(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses a certificate that is not a CA's, and a revocation list another CA signed, adding nothing", async function () {
    const client = await caSignedClientCertificate(plantCa, path.join(dir, "client"), "line 2 HMI");
    try {
      expect(await refusal(addAuthority(root, certificateFile(client), {}))).to.match(/is not a certificate authority's certificate/);
    } finally {
      await client.dispose();
    }
    expect(await refusal(addAuthority(root, plantCa.caCertificate, { crlFile: otherCa.revocationList }))).to.match(/is not signed by .*Plant 1 CA/);
    expect(listCertificates(root)).to.deep.equal([]);
  });

  it("keeps one revocation list per CA: a newer one replaces the older, and it moves with the CA", async function () {
    expect((await addAuthority(root, plantCa.caCertificate, { crlFile: plantCa.revocationList })).revocationList?.revoked).to.equal(0);
    await plantCa.revokeCertificate(path.join(dir, "client", "own", "certs", "client_certificate.pem"), { reason: "keyCompromise" });
    const newer = await addAuthority(root, plantCa.caCertificate, { crlFile: plantCa.revocationList });
    expect(newer.revocationList?.revoked).to.equal(1);
    expect(readdirSync(path.join(root, "issuers", "crl"))).to.deep.equal([newer.revocationList!.file]);

    const trusted = await addAuthority(root, plantCa.caCertificate, { trust: true });
    expect([trusted.authority.folder, trusted.hasRevocationList]).to.deep.equal(["trusted", true]);
    expect(readdirSync(path.join(root, "issuers", "crl"))).to.deep.equal([]);
    expect(readdirSync(path.join(root, "trusted", "crl"))).to.deep.equal([newer.revocationList!.file]);
    expect(listCertificates(root).map((entry) => entry.folder)).to.deep.equal(["trusted"]);
  });
});
