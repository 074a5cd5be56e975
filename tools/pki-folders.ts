import { X509Certificate } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync } from "node:fs";
import path from "node:path";

/** A certificate in one of the PKI's folders, as the CLI lists it. */
export interface PkiEntry {
  readonly folder: "trusted" | "rejected" | "issuers";
  readonly file: string;
  /** SHA-1 thumbprint, hex lower-case without colons, as OPC UA tools show it. */
  readonly thumbprint: string;
  readonly subject: string;
  readonly applicationUri: string | null;
  readonly validTo: string;
}

const FOLDERS = ["trusted", "rejected", "issuers"] as const;
/** Where node-opcua-pki keeps each list (rejected certificates sit directly in rejected/). */
const FOLDER_PATH: Record<(typeof FOLDERS)[number], string> = { trusted: "trusted/certs", rejected: "rejected", issuers: "issuers/certs" };

function read(file: string): X509Certificate {
  const content = readFileSync(file);
  return new X509Certificate(content);
}

/** Every certificate of a PKI root (the server's `data/pki`, or `data/pki/user` for X.509 user tokens). */
export function listCertificates(root: string): PkiEntry[] {
  return FOLDERS.flatMap((folder) => {
    const dir = path.join(root, FOLDER_PATH[folder]);
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((file) => /\.(pem|der)$/i.test(file))
      .map((file) => {
        const certificate = read(path.join(dir, file));
        const uri = /URI:([^,\s]+)/.exec(certificate.subjectAltName ?? "")?.[1] ?? null;
        return { folder, file, thumbprint: certificate.fingerprint.replace(/:/g, "").toLowerCase(), subject: certificate.subject.replace(/\n/g, ", "), applicationUri: uri, validTo: new Date(certificate.validTo).toISOString() };
      });
  });
}

/** Moves a certificate, found by thumbprint (or a unique prefix of it), into `trusted` or `rejected`. */
export function moveCertificate(root: string, thumbprint: string, to: "trusted" | "rejected"): PkiEntry {
  const wanted = thumbprint.replace(/:/g, "").toLowerCase();
  const matches = listCertificates(root).filter((entry) => entry.folder !== "issuers" && entry.thumbprint.startsWith(wanted));
  if (wanted.length < 6 || matches.length !== 1) throw new Error(matches.length > 1 ? `${thumbprint} matches ${matches.length} certificates; give more of the thumbprint` : `no certificate with thumbprint ${thumbprint} in ${root}`);
  const [entry] = matches;
  if (entry.folder !== to) renameSync(path.join(root, FOLDER_PATH[entry.folder], entry.file), path.join(root, FOLDER_PATH[to], entry.file));
  return { ...entry, folder: to };
}
