import { createHash } from "node:crypto";
import { StatusCodes, type ServerSession, type StatusCode } from "node-opcua";

export interface SessionLimitSettings {
  /** All sessions at once (ServerCapabilities.MaxSessions). */
  readonly maxSessions: number;
  /** Sessions one client (address + application certificate) may hold anonymous, and per user signed in. */
  readonly maxSessionsPerClient: number;
  /** Of maxSessions, this many only a signed-in user can take: anonymous sessions never fill them. */
  readonly sessionsReservedForAuthenticated: number;
}

/** Who holds a session: the client it came from, and once activated, as whom. */
interface Holder {
  readonly client: string;
  identity: "unactivated" | "anonymous" | `user:${string}`;
  readonly createdAt: number;
}

/**
 * What one client may hold, so a client that opens sessions and vanishes cannot lock everyone else
 * out (OPC 10000-4 §5.6.2: "to protect against misbehaving Clients and denial of service attacks").
 * A client is its address and application certificate: anonymous sessions are bounded per client
 * and in all, leaving room that only signed-in users can take; a signed-in user's sessions are
 * bounded per client too. Sessions not yet activated are bounded per client: the oldest gives way.
 */
export class SessionLimits {
  private readonly holders = new Map<ServerSession, Holder>();

  constructor(private readonly settings: SessionLimitSettings) {}

  /**
   * A new session of `client`. Returns the sessions to close so it fits: the client's oldest
   * unactivated ones beyond its bound.
   */
  created(session: ServerSession, client: string, now: number): ServerSession[] {
    const waiting = this.sessionsOf((holder) => holder.client === client && holder.identity === "unactivated");
    this.holders.set(session, { client, identity: "unactivated", createdAt: now });
    return waiting.slice(0, Math.max(0, waiting.length - this.settings.maxSessionsPerClient + 1));
  }

  /** Why `session` may not be activated as `identity` now, or null when it may (and it is counted as such from now). */
  refusal(session: ServerSession, identity: "anonymous" | `user:${string}`): StatusCode | null {
    const holder = this.holders.get(session);
    if (!holder) return null;
    const others = [...this.holders].filter(([other]) => other !== session).map(([, other]) => other);
    const sameClient = others.filter((other) => other.client === holder.client && other.identity === identity).length;
    if (sameClient >= this.settings.maxSessionsPerClient) return StatusCodes.BadTooManySessions;
    if (identity === "anonymous") {
      const anonymous = others.filter((other) => other.identity === "anonymous").length;
      if (anonymous >= this.settings.maxSessions - this.settings.sessionsReservedForAuthenticated) return StatusCodes.BadTooManySessions;
    }
    holder.identity = identity;
    return null;
  }

  closed(session: ServerSession): void {
    this.holders.delete(session);
  }

  isUnactivated(session: ServerSession): boolean {
    return this.holders.get(session)?.identity === "unactivated";
  }

  private sessionsOf(matches: (holder: Holder) => boolean): ServerSession[] {
    return [...this.holders]
      .filter(([, holder]) => matches(holder))
      .sort(([, a], [, b]) => a.createdAt - b.createdAt)
      .map(([session]) => session);
  }
}

/** A client, as far as the server can tell one from another: its address and its application certificate. */
export function clientKeyOf(remoteAddress: string | undefined, certificate: Buffer | null | undefined): string {
  const thumbprint = certificate && certificate.length > 0 ? createHash("sha1").update(certificate).digest("hex") : "no-certificate";
  return `${remoteAddress ?? "unknown"}|${thumbprint}`;
}
