import { createHash, X509Certificate } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { exploreCertificateRevocationList, readCertificateRevocationList, toPem, verifyCertificateRevocationListSignature, type CertificateRevocationList } from "node-opcua-crypto";
import type { CertificateEntry } from "../services/ports/pki.js";

/** A certificate in one of the PKI's folders, as the CLI lists it: the port's entry and its file. */
export interface PkiEntry extends CertificateEntry {
  readonly file: string;
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
      .map((file) => entryOf(folder, file, read(path.join(dir, file))));
  });
}

function entryOf(folder: PkiEntry["folder"], file: string, certificate: X509Certificate): PkiEntry {
  const uri = /URI:([^,\s]+)/.exec(certificate.subjectAltName ?? "")?.[1] ?? null;
  return { folder, file, thumbprint: certificate.fingerprint.replace(/:/g, "").toLowerCase(), subject: oneLine(certificate.subject), issuer: oneLine(certificate.issuer), applicationUri: uri, validFrom: new Date(certificate.validFrom).toISOString(), validTo: new Date(certificate.validTo).toISOString() };
}

function oneLine(name: string): string {
  return name.replace(/\n/g, ", ");
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
  readonly folder: CaFolder;
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

type CaFolder = "trusted" | "issuers";
const crlDir = (root: string, folder: CaFolder) => path.join(root, folder, "crl");

/** Revocation lists in a PKI root's `trusted/crl` and `issuers/crl`. */
export async function listRevocationLists(root: string): Promise<CrlEntry[]> {
  const entries: CrlEntry[] = [];
  for (const folder of ["trusted", "issuers"] as const) {
    if (!existsSync(crlDir(root, folder))) continue;
    for (const file of readdirSync(crlDir(root, folder))) {
      const crl = await readCertificateRevocationList(path.join(crlDir(root, folder), file)).catch(() => null);
      if (crl) entries.push(crlEntry(folder, file, crl));
    }
  }
  return entries;
}

function crlEntry(folder: CaFolder, file: string, crl: CertificateRevocationList): CrlEntry {
  const list = exploreCertificateRevocationList(crl).tbsCertList;
  return { folder, file, issuer: String(list.issuer.commonName ?? list.issuerFingerprint), thisUpdate: list.thisUpdate.toISOString(), nextUpdate: list.nextUpdate?.toISOString() ?? null, revoked: list.revokedCertificates.length };
}

/**
 * Adds a certificate authority: to `issuers`, so that a certificate it signed and that is trusted on
 * its own has a complete chain, or with `trust` to `trusted`, so that everything it signs is let in.
 * Its revocation list, given again whenever the CA issues a new one, replaces the older one. It is
 * written under a new name because the running server's folder watcher reads added files only.
 */
export async function addAuthority(root: string, certificateFile: string, options: { crlFile?: string; trust?: boolean }): Promise<AddedAuthority> {
  const certificate = read(certificateFile);
  if (!certificate.ca) throw new Error(`${certificateFile} is not a certificate authority's certificate (its basic constraints say CA:FALSE)`);
  const folder: CaFolder = options.trust ? "trusted" : "issuers";
  const other: CaFolder = options.trust ? "issuers" : "trusted";
  const crl = options.crlFile ? await readCertificateRevocationList(options.crlFile) : null;
  if (crl && !verifyCertificateRevocationListSignature(crl, certificate.raw)) throw new Error(`${options.crlFile} is not signed by ${certificate.subject.replace(/\n/g, ", ")}`);

  const authority = entryOf(folder, "", certificate);
  const existing = listCertificates(root).find((entry) => entry.thumbprint === authority.thumbprint && entry.folder !== "rejected");
  const file = existing?.file ?? `ca_${authority.thumbprint}.pem`;
  mkdirSync(path.join(root, FOLDER_PATH[folder]), { recursive: true });
  if (!existing) writeFileSync(path.join(root, FOLDER_PATH[folder], file), toPem(certificate.raw, "CERTIFICATE"));
  else if (existing.folder !== folder) renameSync(path.join(root, FOLDER_PATH[existing.folder], file), path.join(root, FOLDER_PATH[folder], file));

  // Each of the CA's lists is named after the CA, so a newer one can replace the older.
  const prefix = `crl_${authority.thumbprint}_`;
  const listsOfThisCa = (at: CaFolder) => (existsSync(crlDir(root, at)) ? readdirSync(crlDir(root, at)).filter((name) => name.startsWith(prefix)).map((name) => path.join(crlDir(root, at), name)) : []);
  mkdirSync(crlDir(root, folder), { recursive: true });
  let revocationList: CrlEntry | null = null;
  if (crl) {
    const stale = [...listsOfThisCa(folder), ...listsOfThisCa(other)];
    const name = `${prefix}${createHash("sha1").update(crl).digest("hex").slice(0, 16)}.pem`;
    revocationList = crlEntry(folder, name, crl);
    writeFileSync(path.join(crlDir(root, folder), name), toPem(crl, "X509 CRL"));
    // The new list is in place before the older ones go, so the CA is never without one.
    for (const old of stale) if (old !== path.join(crlDir(root, folder), name)) unlinkSync(old);
  } else {
    for (const old of listsOfThisCa(other)) renameSync(old, path.join(crlDir(root, folder), path.basename(old)));
  }
  return { authority: { ...authority, file }, revocationList, hasRevocationList: listsOfThisCa(folder).length > 0 };
}
