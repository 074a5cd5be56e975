/** The two trust lists of the MES's OPC UA server: client applications (server) and X.509 user tokens (user). */
export const PKI_NAMES = ["server", "user"] as const;
export type PkiName = (typeof PKI_NAMES)[number];

/** A certificate in one of a PKI's folders. */
export interface CertificateEntry {
  readonly folder: "trusted" | "rejected" | "issuers";
  /** SHA-1 thumbprint, hex lower-case without colons, as OPC UA tools show it. */
  readonly thumbprint: string;
  readonly subject: string;
  readonly issuer: string;
  readonly applicationUri: string | null;
  readonly validFrom: string;
  readonly validTo: string;
}

/**
 * The PKI folders the OPC UA server reads its trust lists from (its folder watcher picks up a
 * change without a restart). Only src/opcua implements this.
 */
export interface CertificateFolders {
  list(pki: PkiName): CertificateEntry[];
  /** Moves a trusted or rejected certificate into `to`; throws when it is not there. */
  move(pki: PkiName, thumbprint: string, to: "trusted" | "rejected"): CertificateEntry;
}
