import { readFileSync } from "node:fs";
import path from "node:path";
import { OPCUACertificateManager } from "node-opcua";
import { keyOperationsFromPrivateKey, readPrivateKey } from "node-opcua-crypto";
import { CertificateAuthority } from "node-opcua-pki";

export const CLIENT_APPLICATION_URI = "urn:opcua-mes:test-client";

/** A client PKI with its own self-signed certificate (CN `commonName`), trusting whatever server it meets. */
export async function clientCertificate(rootFolder: string, commonName = "opcua-mes test client"): Promise<OPCUACertificateManager> {
  const pki = new OPCUACertificateManager({ rootFolder, automaticallyAcceptUnknownCertificate: true });
  await pki.initialize();
  await pki.createSelfSignedCertificate({
    outputFile: certificateFile(pki),
    subject: `/CN=${commonName}`,
    applicationUri: CLIENT_APPLICATION_URI,
    dns: ["localhost"],
    startDate: new Date(Date.now() - 60_000),
    validity: 30,
  });
  return pki;
}

export function certificateFile(pki: OPCUACertificateManager): string {
  return path.join(pki.rootDir, "own/certs/client_certificate.pem");
}

export function pemToDer(file: string): Buffer {
  const body = readFileSync(file, "utf8").replace(/-----(BEGIN|END) CERTIFICATE-----/g, "").replace(/\s+/g, "");
  return Buffer.from(body, "base64");
}

/** The X.509 user identity of a certificate PKI: its certificate and the key operations that prove it. */
export function x509Identity(pki: OPCUACertificateManager) {
  return { certificateData: pemToDer(certificateFile(pki)), keyOperations: keyOperationsFromPrivateKey(readPrivateKey(pki.privateKey)) };
}

/** A plant's certificate authority (signing in-process), with its certificate and current revocation list on file. */
export async function certificateAuthority(location: string): Promise<CertificateAuthority> {
  const ca = new CertificateAuthority({ keySize: 2048, location, backend: "native", subject: "/CN=Plant 1 CA/O=Acme Manufacturing" });
  await ca.initialize();
  return ca;
}

/** A client PKI whose certificate (CN `commonName`) the CA signed; its certificate file holds the chain, as a client sends it. */
export async function caSignedClientCertificate(ca: CertificateAuthority, rootFolder: string, commonName: string): Promise<OPCUACertificateManager> {
  const pki = new OPCUACertificateManager({ rootFolder, automaticallyAcceptUnknownCertificate: true });
  await pki.initialize();
  const validity = { applicationUri: CLIENT_APPLICATION_URI, startDate: new Date(Date.now() - 60_000), validity: 30 };
  const request = await pki.createCertificateRequest({ subject: `/CN=${commonName}`, dns: ["localhost"], ...validity });
  await ca.signCertificateRequest(certificateFile(pki), request, validity);
  // The client knows its own CA, as a plant's clients do, so it can check its own chain.
  await pki.addIssuer(ca.getCACertificateDER());
  await pki.addRevocationList(ca.getCRLDER());
  return pki;
}
