import { useState } from "preact/hooks";
import { api, get } from "../api.js";
import { Empty, ErrorNote, Feedback, Loading } from "../components/status.js";
import { dateTime } from "../format.js";
import { useData } from "../use-data.js";

interface Certificate {
  pki: "server" | "user";
  folder: "trusted" | "rejected" | "issuers";
  thumbprint: string;
  subject: string;
  issuer: string;
  applicationUri: string | null;
  validFrom: string;
  validTo: string;
}

const PKIS = [
  { pki: "server", title: "Client applications", hint: "OPC UA clients (SCADA, HMI, UaExpert) and the secure channels they open. An unknown client's certificate lands in Rejected when it first connects." },
  { pki: "user", title: "X.509 users", hint: "Badges and user certificates that sign in to OPC UA sessions; the account is named by the certificate's common name." },
] as const;
const FOLDERS = [
  { folder: "rejected", label: "Rejected" },
  { folder: "trusted", label: "Trusted" },
  { folder: "issuers", label: "Issuers (certificate authorities)" },
] as const;

/** Admin: the OPC UA server's trust lists, with trust and reject as `npm run pki` does them; each change is audited. */
export function CertificatesPage() {
  const certificates = useData(() => get<{ items: Certificate[] }>("/certificates"), []);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const move = async (certificate: Certificate, to: "trust" | "reject") => {
    setBusy(true);
    try {
      await api("POST", `/certificates/${certificate.pki}/${certificate.thumbprint}/${to}`);
      setMessage({ ok: true, text: `${to === "trust" ? "Trusted" : "Rejected"}: ${certificate.subject}.` });
      certificates.reload();
    } catch (error) {
      setMessage({ ok: false, text: (error as Error).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="certificates-title">
      <header class="page-header">
        <h1 id="certificates-title">Certificates</h1>
        <button type="button" class="secondary" onClick={certificates.reload}>Refresh</button>
      </header>
      <Feedback message={message} />
      {certificates.error ? <ErrorNote error={certificates.error} /> : !certificates.data ? <Loading what="the certificates" /> : PKIS.map(({ pki, title, hint }) => (
        <section key={pki} aria-labelledby={`pki-${pki}`} data-pki={pki}>
          <h2 id={`pki-${pki}`}>{title}</h2>
          <p class="muted small">{hint}</p>
          {FOLDERS.map(({ folder, label }) => {
            const items = certificates.data!.items.filter((c) => c.pki === pki && c.folder === folder);
            return (
              <div key={folder}>
                <h3>{label}</h3>
                {items.length === 0 ? <Empty>None.</Empty> : (
                  <table>
                    <caption class="sr-only">{title}: {label}</caption>
                    <thead><tr><th scope="col">Subject</th><th scope="col">Application URI</th><th scope="col">Issuer</th><th scope="col">Valid</th><th scope="col">Thumbprint</th><th scope="col"><span class="sr-only">Action</span></th></tr></thead>
                    <tbody>
                      {items.map((c) => (
                        <tr key={c.thumbprint} data-certificate={c.thumbprint} data-folder={c.folder}>
                          <td>{c.subject}</td>
                          <td class="small">{c.applicationUri ?? "–"}</td>
                          <td class="small">{c.issuer === c.subject ? "self-signed" : c.issuer}</td>
                          <td class="small">{dateTime(c.validFrom)} – {dateTime(c.validTo)}{Date.parse(c.validTo) < Date.now() ? <strong> (expired)</strong> : null}</td>
                          <td><code class="small">{c.thumbprint}</code></td>
                          <td>
                            {folder === "rejected" ? <button type="button" disabled={busy} onClick={() => move(c, "trust")} aria-label={`Trust ${c.subject}`}>Trust</button> : null}
                            {folder === "trusted" ? <button type="button" class="secondary" disabled={busy} onClick={() => move(c, "reject")} aria-label={`Reject ${c.subject}`}>Reject</button> : null}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </div>
            );
          })}
        </section>
      ))}
    </section>
  );
}
