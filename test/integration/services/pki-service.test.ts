import { expect } from "chai";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DomainError } from "../../../src/domain/domain-error.js";
import { certificateFoldersAt } from "../../../src/opcua/pki-certificate-folders.js";
import type { Actor } from "../../../src/services/actor.js";
import { systemClock, uuidV7 } from "../../../src/services/clock.js";
import type { Log } from "../../../src/services/log.js";
import { PkiService } from "../../../src/services/pki-service.js";
import type { Store } from "../../../src/services/ports/store.js";
import { openStore } from "../../../src/store/open-store.js";
import { certificateFile, clientCertificate } from "../../support/opcua-pki.js";

const admin: Actor = { id: "admin", role: "Admin", door: "ui", via: "session:1" };

describe("PkiService: an Admin trusts and rejects the OPC UA server's certificates, audited", function () {
  this.timeout(60_000);
  let dir: string;
  let pkiFolder: string;
  let store: Store;
  let service: PkiService;
  let thumbprint: string;
  const errors: string[] = [];
  const log: Log = { info: () => {}, warn: () => {}, error: (message) => errors.push(message) };
  const rejectedFile = () => path.join(pkiFolder, "rejected", "stranger.pem");
  const trustedFile = () => path.join(pkiFolder, "trusted", "certs", "stranger.pem");
  const refusal = (work: Promise<unknown>) => work.then(() => expect.fail("should have been refused"), (error: unknown) => error as DomainError);

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "mes-pki-service-"));
    pkiFolder = path.join(dir, "pki");
    // A client the server refused, as node-opcua leaves it: its certificate in rejected/.
    const stranger = await clientCertificate(path.join(dir, "stranger"), "line 3 HMI");
    for (const folder of ["rejected", "trusted/certs", "issuers/certs", "user/rejected", "user/trusted/certs"]) mkdirSync(path.join(pkiFolder, folder), { recursive: true });
    copyFileSync(certificateFile(stranger), rejectedFile());
    await stranger.dispose();
    store = await openStore(`sqlite:${path.join(dir, "mes.sqlite")}`);
    service = new PkiService(store, certificateFoldersAt(pkiFolder), systemClock, uuidV7, log);
  });

  after(async function () {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("lists the refused client among the server PKI's rejected certificates", function () {
    const listed = service.list();
    expect(listed.map((c) => [c.pki, c.folder, c.subject])).to.deep.equal([["server", "rejected", "CN=line 3 HMI"]]);
    expect(listed[0].applicationUri).to.equal("urn:opcua-mes:test-client");
    thumbprint = listed[0].thumbprint;
    expect(thumbprint).to.match(/^[0-9a-f]{40}$/);
  });

  it("trusts it by moving its file into trusted, and audits who did it, from where to where", async function () {
    const trusted = await service.trust("server", thumbprint.toUpperCase(), admin);
    expect([trusted.pki, trusted.folder, trusted.thumbprint]).to.deep.equal(["server", "trusted", thumbprint]);
    expect([existsSync(rejectedFile()), existsSync(trustedFile())]).to.deep.equal([false, true]);
    const [entry] = await store.read.audit.find({ action: "pki.certificate_trusted" }, { limit: 10, offset: 0 });
    expect([entry.actor, entry.door, entry.via, entry.targetType, entry.targetId]).to.deep.equal(["admin", "ui", "session:1", "certificate", thumbprint]);
    expect([(entry.before as { folder: string }).folder, (entry.after as { folder: string }).folder]).to.deep.equal(["rejected", "trusted"]);
    // Trusting what is trusted already changes nothing and records nothing.
    await service.trust("server", thumbprint, admin);
    expect(await store.read.audit.count({ action: "pki.certificate_trusted" })).to.equal(1);
  });

  it("refuses an unknown certificate, a thumbprint prefix and an unknown PKI, and records nothing", async function () {
    expect((await refusal(service.reject("server", "0".repeat(40), admin))).code).to.equal("not_found");
    expect((await refusal(service.reject("user", thumbprint, admin))).code, "it is in the server PKI, not the user one").to.equal("not_found");
    expect((await refusal(service.reject("server", thumbprint.slice(0, 12), admin))).details).to.include({ field: "thumbprint" });
    expect((await refusal(service.reject("client", thumbprint, admin))).details).to.include({ field: "pki" });
    expect(await store.read.audit.count({ action: "pki." })).to.equal(1);
  });

  it("rejects it again, audited", async function () {
    expect((await service.reject("server", thumbprint, admin)).folder).to.equal("rejected");
    expect(existsSync(rejectedFile())).to.equal(true);
    expect(await store.read.audit.count({ action: "pki.certificate_rejected", actor: "admin" })).to.equal(1);
  });

  it("undoes the move when its audit entry cannot be written, so no trust stays unaudited", async function () {
    const closed = await openStore(`sqlite:${path.join(dir, "closed.sqlite")}`);
    await closed.close();
    const failing = new PkiService(closed, certificateFoldersAt(pkiFolder), systemClock, uuidV7, log);
    const error = await refusal(failing.trust("server", thumbprint, admin));
    expect(error).to.be.an("error");
    expect([existsSync(rejectedFile()), existsSync(trustedFile())]).to.deep.equal([true, false]);
    expect(service.list()[0].folder).to.equal("rejected");
    expect(errors, "the undo worked: nothing for an Admin to repair").to.deep.equal([]);
  });
});
