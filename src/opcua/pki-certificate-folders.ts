import path from "node:path";
import type { CertificateEntry, CertificateFolders, PkiName } from "../services/ports/pki.js";
import { listCertificates, moveCertificate, type PkiEntry } from "./pki-folders.js";

/** The server's PKI at `pkiFolder` (data/pki) and the user PKI under it (data/pki/user), as `npm run pki` reads them. */
export function certificateFoldersAt(pkiFolder: string): CertificateFolders {
  const root = (pki: PkiName) => (pki === "user" ? path.join(pkiFolder, "user") : pkiFolder);
  return {
    list: (pki) => listCertificates(root(pki)).map(entry),
    move: (pki, thumbprint, to) => entry(moveCertificate(root(pki), thumbprint, to)),
  };
}

function entry({ file: _file, ...rest }: PkiEntry): CertificateEntry {
  return rest;
}
