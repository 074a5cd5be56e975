import { existsSync, readFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { getFullyQualifiedDomainName, type OPCUACertificateManager } from "node-opcua";
import { convertPEMtoDER, exploreCertificate, Subject } from "node-opcua-crypto";

/** How the server names itself to clients (mes.yaml `opcua`), resolved against the machine it runs on. */
export interface ServerIdentity {
  /** The host in the endpoint URL. */
  readonly hostname: string;
  /** Further names and addresses clients reach the server by; the certificate carries them all. */
  readonly alternateHostnames: readonly string[];
  /** OPC 10000-6 §6.2.2: the certificate's subjectAltName URI, identical to the ApplicationDescription's. */
  readonly applicationUri: string;
  /** X.500 subject of the self-signed certificate, `/CN=.../O=.../L=...`. */
  readonly certificateSubject: string;
}

export interface IdentitySettings {
  readonly applicationName: string;
  /** Host names or IP addresses; the first is the endpoint URL's host. Empty: the machine's host name. */
  readonly advertisedHostnames?: readonly string[];
  readonly applicationUri?: string;
  readonly certificateSubject?: string;
}

/** Settings left empty fall back to the machine: its host name, and a URI that is unique per installation. */
export function serverIdentityOf(settings: IdentitySettings, hostOverride?: string): ServerIdentity {
  const advertised = settings.advertisedHostnames ?? [];
  const hostname = hostOverride ?? advertised[0] ?? os.hostname();
  const alternateHostnames = [...new Set(advertised.filter((name) => name !== hostname))];
  return {
    hostname,
    alternateHostnames,
    applicationUri: settings.applicationUri ?? `urn:${os.hostname()}:opcua-mes`,
    certificateSubject: settings.certificateSubject ?? `/CN=${settings.applicationName}/O=opcua-mes`,
  };
}

/** Where node-opcua's server looks for its certificate when given a certificate manager (its own convention). */
export function serverCertificateFile(manager: OPCUACertificateManager): string {
  return path.join(manager.rootDir, "own", "certs", "certificate.pem");
}

/**
 * What the certificate must carry: the application URI, the subject, every advertised DNS name and
 * IP address, and the machine's own names (node-opcua checks those at every start, and a client on
 * the same network may use them).
 */
function wanted(identity: ServerIdentity): { dns: string[]; ip: string[] } {
  const names = [...new Set([identity.hostname, ...identity.alternateHostnames, os.hostname(), getFullyQualifiedDomainName()])].filter(Boolean);
  return { dns: names.filter((name) => net.isIP(name) === 0), ip: names.filter((name) => net.isIP(name) !== 0) };
}

/** Why the certificate at `file` does not fit the identity, or null when it does. */
export function certificateMismatch(file: string, identity: ServerIdentity): string | null {
  const info = exploreCertificate(convertPEMtoDER(readFileSync(file, "utf8")));
  const san = info.tbsCertificate.extensions?.subjectAltName;
  const uris = san?.uniformResourceIdentifier ?? [];
  if (!uris.includes(identity.applicationUri)) return `its application URI is ${uris[0] ?? "missing"}, not ${identity.applicationUri}`;
  const { dns, ip } = wanted(identity);
  const missingDns = dns.filter((name) => !(san?.dNSName ?? []).includes(name));
  if (missingDns.length > 0) return `it does not name ${missingDns.join(", ")}`;
  const missingIp = ip.filter((address) => !(san?.iPAddress ?? []).includes(ipHex(address)));
  if (missingIp.length > 0) return `it does not name ${missingIp.join(", ")}`;
  const subject = new Subject(identity.certificateSubject);
  const actual = info.tbsCertificate.subject;
  const same = (a?: string, b?: string) => (a ?? "") === (b ?? "");
  if (!same(subject.commonName, actual.commonName) || !same(subject.organization, actual.organizationName) || !same(subject.organizationalUnit, actual.organizationalUnitName) || !same(subject.locality, actual.localityName) || !same(subject.state, actual.stateOrProvinceName) || !same(subject.country, actual.countryName) || !same(subject.domainComponent, actual.domainComponent)) {
    return `its subject is not ${identity.certificateSubject}`;
  }
  return null;
}

/** exploreCertificate shows iPAddress entries as hex; IPv6 is compared in its expanded form. */
function ipHex(address: string): string {
  if (net.isIPv4(address)) return address.split(".").map((part) => Number(part).toString(16).padStart(2, "0")).join("");
  const [head, tail = ""] = address.split("::");
  const groups = (part: string) => (part ? part.split(":") : []);
  const missing = 8 - groups(head).length - groups(tail).length;
  return [...groups(head), ...Array<string>(missing).fill("0"), ...groups(tail)].map((group) => group.padStart(4, "0")).join("");
}

/** Self-signed certificates are made for ten years, like node-opcua's own. */
const VALIDITY_DAYS = 3650;

/**
 * Makes the server's self-signed certificate from the identity, and makes it again when the
 * settings changed since (another host name, URI or subject): a certificate that does not name
 * the host a client connects to, or carries another application URI, is refused by careful
 * clients (OPC 10000-4 §6.1.3). A certificate someone else issued (a CA's) is never replaced.
 */
export async function ensureServerCertificate(manager: OPCUACertificateManager, identity: ServerIdentity, warn: (message: string) => void): Promise<void> {
  const file = serverCertificateFile(manager);
  if (existsSync(file)) {
    const mismatch = certificateMismatch(file, identity);
    if (!mismatch) return;
    if (!selfSigned(exploreCertificate(convertPEMtoDER(readFileSync(file, "utf8"))))) {
      warn(`the OPC UA server certificate ${file} does not fit opcua settings (${mismatch}); it was issued by a CA, so it is kept: issue one that fits`);
      return;
    }
    warn(`the OPC UA server certificate is made again: ${mismatch}`);
  }
  await manager.createSelfSignedCertificate({
    applicationUri: identity.applicationUri,
    ...wanted(identity),
    subject: identity.certificateSubject,
    outputFile: file,
    startDate: new Date(),
    validity: VALIDITY_DAYS,
  });
}

function selfSigned(info: ReturnType<typeof exploreCertificate>): boolean {
  const { issuer, subject } = info.tbsCertificate;
  return JSON.stringify(issuer.entries) === JSON.stringify(subject.entries);
}
