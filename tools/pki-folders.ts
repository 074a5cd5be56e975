import { createHash, X509Certificate } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { convertPEMtoDER, exploreCertificateRevocationList, toPem, verifyCertificateRevocationListSignature } from "node-opcua-crypto";

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

/** A certificate authority's revocation list, as the CLI lists it. */
export interface CrlEntry {
  readonly folder: "trusted" | "issuers";
  readonly file: string;
  readonly issuer: string;
  readonly thisUpdate: string;
  readonly nextUpdate: string | null;
  readonly revoked: number;
}

/** What `addAuthority` did, for the CLI to say. */
export interface AddedAuthority {
  readonly authority: PkiEntry;
  readonly revocationList: CrlEntry | null;
  /** False when the folder holds no revocation list of this CA: what it signs is refused until one is added. */
  readonly hasRevocationList: boolean;
}

/** The CA's revocation list files are named after its thumbprint, so a newer list can replace the older one. */
const crlFilePrefix = (thumbprint: string) => `crl_${thumbprint}_`;

function readDer(file: string, label: string): Buffer {
  const content = readFileSync(file);
  const text = content.toString("latin1");
  if (!text.includes("-----BEGIN")) return content;
  if (!text.includes(`-----BEGIN ${label}-----`)) throw new Error(`${file} holds no ${label}`);
  return convertPEMtoDER(text.slice(text.indexOf(`-----BEGIN ${label}-----`)));
}

/** Revocation lists in a PKI root's `trusted/crl` and `issuers/crl`. */
export function listRevocationLists(root: string): CrlEntry[] {
  return (["trusted", "issuers"] as const).flatMap((folder) => {
    const dir = path.join(root, folder, "crl");
    if (!existsSync(dir)) return [];
    return readdirSync(dir).flatMap((file) => {
      try {
        return [crlEntry(folder, file, readDer(path.join(dir, file), "X509 CRL"))];
      } catch {
        return [];
      }
    });
  });
}

function crlEntry(folder: "trusted" | "issuers", file: string, der: Buffer): CrlEntry {
  const list = exploreCertificateRevocationList(der).tbsCertList;
  const issuer = list.issuer.commonName ?? list.issuerFingerprint;
  return { folder, file, issuer: String(issuer), thisUpdate: list.thisUpdate.toISOString(), nextUpdate: list.nextUpdate?.toISOString() ?? null, revoked: list.revokedCertificates.length };
}

/**
 * Adds a certificate authority: to `issuers`, so that a certificate it signed and that is trusted on
 * its own has a complete chain, or with `trust` to `trusted`, so that everything it signs is let in.
 * Its revocation list, given again whenever the CA issues a new one, replaces the older one. It is
 * written under a new name because the running server's folder watcher reads added files only.
 */
export function addAuthority(root: string, certificateFile: string, options: { crlFile?: string; trust?: boolean }): AddedAuthority {
  const der = readDer(certificateFile, "CERTIFICATE");
  const certificate = new X509Certificate(der);
  if (!certificate.ca) throw new Error(`${certificateFile} is not a certificate authority's certificate (its basic constraints say CA:FALSE)`);
  const folder = options.trust ? "trusted" : "issuers";
  const thumbprint = certificate.fingerprint.replace(/:/g, "").toLowerCase();
  const crlDer = options.crlFile ? readDer(options.crlFile, "X509 CRL") : null;
  if (crlDer && !verifyCertificateRevocationListSignature(crlDer, der)) throw new Error(`${options.crlFile} is not signed by ${certificate.subject.replace(/\n/g, ", ")}`);

  const existing = listCertificates(root).find((entry) => entry.thumbprint === thumbprint && entry.folder !== "rejected");
  const file = existing?.file ?? `ca_${thumbprint}.pem`;
  const place = (at: "trusted" | "issuers") => path.join(root, FOLDER_PATH[at], file);
  mkdirSync(path.dirname(place(folder)), { recursive: true });
  if (!existing) writeFileSync(place(folder), toPem(der, "CERTIFICATE"));
  else if (existing.folder !== folder) renameSync(place(existing.folder as "trusted" | "issuers"), place(folder));

  const crlDir = (at: "trusted" | "issuers") => path.join(root, at, "crl");
  const listsOfThisCa = (at: "trusted" | "issuers") => (existsSync(crlDir(at)) ? readdirSync(crlDir(at)).filter((name) => name.startsWith(crlFilePrefix(thumbprint))) : []);
  const other = folder === "trusted" ? "issuers" : "trusted";
  mkdirSync(crlDir(folder), { recursive: true });
  let revocationList: CrlEntry | null = null;
  if (crlDer) {
    const name = `${crlFilePrefix(thumbprint)}${exploreCertificateRevocationList(crlDer).tbsCertList.thisUpdate.getTime()}_${createHash("sha1").update(crlDer).digest("hex").slice(0, 8)}.pem`;
    revocationList = crlEntry(folder, name, crlDer);
    writeFileSync(path.join(crlDir(folder), name), toPem(crlDer, "X509 CRL"));
    // The new list is in place before the older ones go, so the CA is never without one.
    for (const at of [folder, other] as const) for (const old of listsOfThisCa(at)) if (old !== name || at !== folder) unlinkSync(path.join(crlDir(at), old));
  } else {
    for (const old of listsOfThisCa(other)) renameSync(path.join(crlDir(other), old), path.join(crlDir(folder), old));
  }
  const hasRevocationList = listsOfThisCa(folder).length > 0;
  return { authority: listCertificates(root).find((entry) => entry.thumbprint === thumbprint && entry.folder === folder)!, revocationList, hasRevocationList };
}
