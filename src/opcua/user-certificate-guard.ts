import { StatusCodes, type OPCUACertificateManager, type StatusCode } from "node-opcua";
import { exploreCertificate } from "node-opcua-crypto";

export interface UserCertificateRules {
  /** Null when the certificate's common name names an account that may sign in, else why not. */
  accountRefusal(commonName: string): Promise<string | null>;
  /** Every refused X.509 user token, for the audit trail. */
  refused(commonName: string, why: string): Promise<void>;
}

/**
 * node-opcua asks the user PKI one thing about an X.509 user token: is its certificate trusted. The
 * MES asks, in the same place (so a refusal comes before any session exists), whether the common
 * name names an enabled account, and reports every refusal: node-opcua itself records none where
 * the MES could see it.
 */
export function guardUserCertificates(pki: OPCUACertificateManager, rules: UserCertificateRules): void {
  const trusted = pki.checkCertificate.bind(pki) as (certificate: Buffer) => Promise<StatusCode>;
  const check = async (certificate: Buffer): Promise<StatusCode> => {
    const status = await trusted(certificate);
    const commonName = commonNameOf(certificate);
    if (status.isNotGood()) {
      await rules.refused(commonName, `user certificate ${status.name}`);
      return status;
    }
    const refusal = await rules.accountRefusal(commonName);
    if (!refusal) return status;
    await rules.refused(commonName, refusal);
    return StatusCodes.BadUserAccessDenied;
  };
  pki.checkCertificate = ((certificate: Buffer, callback?: (error: Error | null, status?: StatusCode) => void) => {
    const answer = check(certificate);
    if (!callback) return answer;
    answer.then((status) => callback(null, status), (error: Error) => callback(error));
  }) as OPCUACertificateManager["checkCertificate"];
}

function commonNameOf(certificate: Buffer): string {
  try {
    return exploreCertificate(certificate).tbsCertificate.subject.commonName ?? "";
  } catch {
    return "";
  }
}
