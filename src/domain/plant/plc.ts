/** How the MES, as OPC UA client, reaches one PLC and how its subscription is set. */
export interface Plc {
  readonly id: string;
  readonly name?: string;
  /** opc.tcp://host:port/path */
  readonly endpointUrl: string;
  /** How often the PLC sends changes. */
  readonly publishingIntervalMs: number;
  /** 0 asks for exception-based sampling: the PLC reports each change. */
  readonly samplingIntervalMs: number;
  /** Back-off between connection attempts after a lost or refused link. */
  readonly reconnect: { readonly initialDelayMs: number; readonly maxDelayMs: number };
  /** How the MES secures its session to this PLC. */
  readonly security: PlcSecurity;
}

/** The OPC UA security policies the MES offers a PLC link (OPC 10000-7 profiles); Basic128Rsa15 and Basic256 are deprecated and left out. */
export const PLC_SECURITY_POLICIES = ["None", "Basic256Sha256", "Aes128_Sha256_RsaOaep", "Aes256_Sha256_RsaPss"] as const;
export const PLC_SECURITY_MODES = ["None", "Sign", "SignAndEncrypt"] as const;

/** Who the MES is on the PLC: nobody (anonymous), an account of the PLC's, or an X.509 user certificate. */
export type PlcIdentity =
  | { readonly kind: "anonymous" }
  | { readonly kind: "userName"; readonly userName: string; readonly password: string }
  | { readonly kind: "certificate"; readonly certificateFile: string; readonly privateKeyFile: string };

export interface PlcSecurity {
  readonly policy: (typeof PLC_SECURITY_POLICIES)[number];
  readonly mode: (typeof PLC_SECURITY_MODES)[number];
  readonly identity: PlcIdentity;
  /** Policy None is let through the production profile only for a PLC marked so. */
  readonly allowUnsecured: boolean;
}

/** What the link lacks, if anything: unsecured when messages are neither signed nor encrypted. */
export function isUnsecured(security: Pick<PlcSecurity, "policy" | "mode">): boolean {
  return security.policy === "None" || security.mode === "None";
}
