import { PKI_NAMES } from "../services/ports/pki.js";
import { dateTime, error, ok, pathParameter, ref } from "./openapi-parts.js";

/** OpenAPI paths and schemas of the OPC UA server's trust lists. */

const pki = { ...pathParameter("pki", "which trust list: server (client applications) or user (X.509 user tokens)"), schema: { type: "string", enum: [...PKI_NAMES] } };
const thumbprint = { ...pathParameter("thumbprint", "the certificate's SHA-1 thumbprint, 40 hex digits"), schema: { type: "string", pattern: "^[0-9A-Fa-f]{40}$" } };

export const pkiSchemas = {
  Certificate: {
    type: "object",
    required: ["pki", "folder", "thumbprint", "subject", "issuer", "applicationUri", "validFrom", "validTo"],
    properties: {
      pki: { type: "string", enum: [...PKI_NAMES] },
      folder: { type: "string", enum: ["trusted", "rejected", "issuers"], description: "rejected: refused, often an unknown client that tried to connect; issuers: a CA that completes chains" },
      thumbprint: { type: "string", description: "SHA-1, hex lower-case" },
      subject: { type: "string" },
      issuer: { type: "string" },
      applicationUri: { type: "string", nullable: true, description: "from the subjectAltName; an application's certificate carries one" },
      validFrom: dateTime,
      validTo: dateTime,
    },
  },
};

const move = (to: string, what: string) => ({
  post: {
    summary: `${what} (audited as pki.certificate_${to}); the running server sees it without a restart`,
    parameters: [pki, thumbprint],
    responses: { "200": ok(`the certificate, now ${to} (or already so)`, ref("Certificate")), "400": error, "404": error, "409": error },
  },
});

export const pkiPaths = {
  "/api/v1/certificates": {
    get: { summary: "The OPC UA server's trust lists: trusted, rejected and issuer certificates of the server and the user PKI", responses: { "200": ok("certificates", { type: "object", required: ["items"], properties: { items: { type: "array", items: ref("Certificate") } } }) } },
  },
  "/api/v1/certificates/{pki}/{thumbprint}/trust": move("trusted", "Trust a certificate: a client application, or an X.509 user, may connect"),
  "/api/v1/certificates/{pki}/{thumbprint}/reject": move("rejected", "Reject a certificate: take its trust back"),
};
