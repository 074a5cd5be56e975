import path from "node:path";
import { parseArgs } from "node:util";
import { addAuthority, listCertificates, listRevocationLists, moveCertificate } from "../src/opcua/pki-folders.js";
import { plcPkiFolder } from "../src/plc/plc-pki-folder.js";

/**
 * `npm run pki -- <command>`: the trust lists of the MES's OPC UA server.
 *   list                      certificates in trusted, rejected and issuers (an unknown client's lands in rejected), and the CAs' revocation lists
 *   trust <thumbprint>        let that client (or, with --user, that X.509 user) in
 *   reject <thumbprint>       take the trust back
 *   ca <certificate> [--crl <revocation list>] [--trust]
 *                             add a certificate authority to issuers (what it signed still needs trusting one by one),
 *                             or with --trust to trusted (everything it signs is let in); run it again with each new revocation list
 * --pki <folder> (default data/pki, the server's); --user for the user-token PKI (<pki>/user);
 * --plc for the PLC trust list (<pki>/plc): the PLCs' certificates the MES accepts on a secured link
 * (an unknown PLC's lands in rejected at its first secured connect), and the MES's own client certificate in own/.
 */
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { pki: { type: "string" }, user: { type: "boolean" }, plc: { type: "boolean" }, crl: { type: "string" }, trust: { type: "boolean" } },
});
const [command, argument] = positionals;
const base = path.resolve(values.pki ?? "data/pki");
if (values.user && values.plc) {
  console.error("--user and --plc name two different trust lists; give one");
  process.exit(2);
}
const root = values.user ? path.join(base, "user") : values.plc ? plcPkiFolder(base) : base;

try {
  if (command === "list") {
    const entries = listCertificates(root);
    if (entries.length === 0) console.log(`no certificates in ${root}`);
    for (const entry of entries) console.log(`${entry.folder}\t${entry.thumbprint}\t${entry.subject}\t${entry.applicationUri ?? "-"}\tvalid to ${entry.validTo}`);
    for (const crl of await listRevocationLists(root)) console.log(`${crl.folder} crl\t${crl.issuer}\t${crl.revoked} revoked\tissued ${crl.thisUpdate}\tnext ${crl.nextUpdate ?? "-"}`);
  } else if ((command === "trust" || command === "reject") && argument) {
    const moved = moveCertificate(root, argument, command === "trust" ? "trusted" : "rejected");
    console.log(`${command === "trust" ? "trusted" : "rejected"}: ${moved.subject} (${moved.thumbprint})`);
  } else if (command === "ca" && argument) {
    const added = await addAuthority(root, path.resolve(argument), { crlFile: values.crl && path.resolve(values.crl), trust: values.trust });
    const what = added.authority.folder === "trusted" ? "trusted, with everything it signs" : "issuer; trust what it signed one by one";
    console.log(`certificate authority ${added.authority.subject} (${added.authority.thumbprint}): ${what}`);
    if (added.revocationList) console.log(`revocation list issued ${added.revocationList.thisUpdate}, ${added.revocationList.revoked} revoked, next ${added.revocationList.nextUpdate ?? "-"}`);
    if (!added.hasRevocationList) {
      console.error("warning: no revocation list of this CA: certificates it signed are refused (BadCertificateRevocationUnknown) until one is added with --crl");
    }
  } else {
    console.error("usage: npm run pki -- list | trust <thumbprint> | reject <thumbprint> | ca <certificate.pem> [--crl <list.crl>] [--trust]  [--pki data/pki] [--user | --plc]");
    process.exitCode = 2;
  }
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
