import path from "node:path";
import { parseArgs } from "node:util";
import { listCertificates, moveCertificate } from "./pki-folders.js";

/**
 * `npm run pki -- <command>`: the trust lists of the MES's OPC UA server.
 *   list                      certificates in trusted, rejected and issuers (an unknown client's lands in rejected)
 *   trust <thumbprint>        let that client (or, with --user, that X.509 user) in
 *   reject <thumbprint>       take the trust back
 * --pki <folder> (default data/pki, the server's); --user for the user-token PKI (<pki>/user).
 */
const { positionals, values } = parseArgs({ allowPositionals: true, options: { pki: { type: "string" }, user: { type: "boolean" } } });
const [command, thumbprint] = positionals;
const base = path.resolve(values.pki ?? "data/pki");
const root = values.user ? path.join(base, "user") : base;

try {
  if (command === "list") {
    const entries = listCertificates(root);
    if (entries.length === 0) console.log(`no certificates in ${root}`);
    for (const entry of entries) console.log(`${entry.folder}\t${entry.thumbprint}\t${entry.subject}\t${entry.applicationUri ?? "-"}\tvalid to ${entry.validTo}`);
  } else if ((command === "trust" || command === "reject") && thumbprint) {
    const moved = moveCertificate(root, thumbprint, command === "trust" ? "trusted" : "rejected");
    console.log(`${command === "trust" ? "trusted" : "rejected"}: ${moved.subject} (${moved.thumbprint})`);
  } else {
    console.error("usage: npm run pki -- list | trust <thumbprint> | reject <thumbprint>  [--pki data/pki] [--user]");
    process.exitCode = 2;
  }
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
