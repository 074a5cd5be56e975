import { DomainError } from "../domain/domain-error.js";
import type { Actor } from "./actor.js";
import { recordAudit } from "./audit-trail.js";
import type { Clock, IdGenerator } from "./clock.js";
import type { Log } from "./log.js";
import { PKI_NAMES, type CertificateEntry, type CertificateFolders, type PkiName } from "./ports/pki.js";
import type { Store } from "./ports/store.js";

/** A certificate as the Certificates page and REST show it: which trust list it is in, and where in it. */
export type CertificateView = CertificateEntry & { readonly pki: PkiName };

/** A whole SHA-1 thumbprint: a change of trust names its certificate exactly, never by a prefix. */
const THUMBPRINT = /^[0-9a-f]{40}$/;

/**
 * The OPC UA server's trust lists, as `npm run pki` keeps them: the certificates of client
 * applications (server PKI) and of X.509 user tokens (user PKI) that are trusted, rejected (an
 * unknown one lands there when it first knocks) or issuers. An Admin trusts or rejects one; each
 * change is audited.
 */
export class PkiService {
  constructor(
    private readonly store: Store,
    private readonly folders: CertificateFolders,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
    private readonly log: Log,
  ) {}

  list(): CertificateView[] {
    return PKI_NAMES.flatMap((pki) => this.folders.list(pki).map((entry) => ({ ...entry, pki })));
  }

  trust(pki: string, thumbprint: string, actor: Actor): Promise<CertificateView> {
    return this.move(pki, thumbprint, "trusted", actor);
  }

  reject(pki: string, thumbprint: string, actor: Actor): Promise<CertificateView> {
    return this.move(pki, thumbprint, "rejected", actor);
  }

  /**
   * The move is a file rename, which no database transaction can hold, so it goes first and its
   * audit entry after it, in a unit of work of its own: the trail never records a change that did
   * not happen. When the audit cannot be written the move is undone, so no unaudited trust stays,
   * and the request fails; should the undo fail too (the disk went away), that is logged as an
   * error naming the certificate for an Admin to check with `npm run pki -- list`. Only a crash in
   * the milliseconds between rename and commit leaves a change without its entry.
   */
  private async move(pki: string, thumbprint: string, to: "trusted" | "rejected", actor: Actor): Promise<CertificateView> {
    if (!(PKI_NAMES as readonly string[]).includes(pki)) throw new DomainError("invalid_input", `pki: one of ${PKI_NAMES.join(", ")}`, { field: "pki" });
    const wanted = thumbprint.toLowerCase();
    if (!THUMBPRINT.test(wanted)) throw new DomainError("invalid_input", "thumbprint: the certificate's SHA-1 thumbprint, 40 hex digits", { field: "thumbprint" });
    const name = pki as PkiName;
    const before = this.folders.list(name).find((entry) => entry.thumbprint === wanted);
    if (!before) throw new DomainError("not_found", `no certificate ${wanted} in the ${name} PKI`, { id: wanted });
    if (before.folder === "issuers") throw new DomainError("conflict", `${wanted} is a certificate authority among the issuers: add or trust it with npm run pki -- ca`, { reason: "invalid_state", state: "issuers" });
    if (before.folder === to) return { ...before, pki: name };

    const after = this.folders.move(name, wanted, to);
    try {
      await this.store.unitOfWork((repos) =>
        recordAudit(repos, { id: this.newId(), at: this.clock.now(), actor, action: to === "trusted" ? "pki.certificate_trusted" : "pki.certificate_rejected", targetType: "certificate", targetId: wanted, before: { pki: name, ...before }, after: { pki: name, ...after } }),
      );
    } catch (error) {
      try {
        this.folders.move(name, wanted, before.folder);
      } catch (undo) {
        this.log.error(`the ${name} PKI's certificate ${wanted} is ${to} without an audit entry (undoing the move failed): check it with npm run pki -- list`, undo);
      }
      throw error;
    }
    return { ...after, pki: name };
  }
}
