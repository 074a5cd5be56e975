import {
  OPCUAServer,
  StatusCodes,
  UserNameIdentityToken,
  X509IdentityToken,
  type OPCUAServerOptions,
  type ServerSecureChannelLayer,
  type ServerSession,
  type StatusCode,
  type UserIdentityToken,
} from "node-opcua";
import { createHash } from "node:crypto";
import type { Log } from "../services/log.js";
import { isStoreUnavailable } from "../services/ports/store-unavailable.js";
import { clientKeyOf, type SessionLimits } from "./session-limits.js";

export interface SessionTimeouts {
  /** A session not activated this long after CreateSession is closed. */
  readonly unactivatedSessionTimeoutMs: number;
  /** A session whose secure channel broke and that no channel took over this long is closed, with its subscriptions. */
  readonly detachedSessionTimeoutMs: number;
}

/** One refusal line per client this often: a hostile client must not fill the log either. */
const WARN_EVERY_MS = 60_000;

type Authorized = (error: Error | null, isAuthorized?: boolean, statusCode?: StatusCode) => void;

/**
 * node-opcua's server with the session limits of SessionLimits applied at CreateSession and
 * ActivateSession, sessions that are never activated or whose client vanished closed early, and
 * a login the MES cannot check (its database is unreachable) answered BadResourceUnavailable,
 * not as a wrong password.
 */
export class GuardedOpcuaServer extends OPCUAServer {
  private readonly warned = new Map<string, number>();
  private readonly clients = new WeakMap<ServerSession, string>();

  constructor(
    options: OPCUAServerOptions,
    private readonly limits: SessionLimits,
    private readonly timeouts: SessionTimeouts,
    private readonly log: Log,
  ) {
    super(options);
    this.on("create_session", (session) => this.created(session));
    this.on("session_closed", (session) => this.limits.closed(session));
  }

  protected override isUserAuthorized(channel: ServerSecureChannelLayer, session: ServerSession, token: UserIdentityToken, callback: Authorized): void {
    super.isUserAuthorized(channel, session, token, (error, authorized, statusCode) => {
      // OPC 10000-4 §7.34: the server cannot check the credentials now; the client may try again.
      if (error && isStoreUnavailable(error)) return callback(null, false, StatusCodes.BadResourceUnavailable);
      if (error || !authorized) return callback(error, authorized, statusCode);
      const refusal = this.limits.refusal(session, identityOf(token));
      if (!refusal) return callback(null, true, statusCode);
      this.warnOnce(this.clients.get(session) ?? "unknown", `OPC UA session of ${this.clients.get(session)?.split("|")[0] ?? "?"} refused: ${refusal.name} (opcua.limits)`);
      callback(null, false, refusal);
      // A session refused at its first activation is of no use to anyone: free its place at once.
      if (session.status === "new") setImmediate(() => this.forceClose(session));
    });
  }

  private created(session: ServerSession): void {
    const channel = session.channel;
    const client = clientKeyOf(channel?.remoteAddress, channel?.clientCertificate);
    this.clients.set(session, client);
    for (const older of this.limits.created(session, client, Date.now())) this.forceClose(older);
    setTimeout(() => {
      if (this.limits.isUnactivated(session)) this.forceClose(session);
    }, this.timeouts.unactivatedSessionTimeoutMs).unref();
    // Sessions outlive their channel so a client can reconnect to them (OPC 10000-4 §5.6.1), but one
    // that vanished must not keep its session and subscriptions for the whole session timeout.
    session.on("channel_aborted", () => {
      const lost = session.channel;
      setTimeout(() => {
        if (session.status !== "closed" && session.channel === lost) this.forceClose(session);
      }, this.timeouts.detachedSessionTimeoutMs).unref();
    });
  }

  private forceClose(session: ServerSession): void {
    try {
      if (this.engine?.getSession(session.authenticationToken)) this.engine.closeSession(session.authenticationToken, true, "Forcing");
    } catch (error) {
      this.log.warn(`OPC UA session ${session.nodeId.toString()} not closed: ${(error as Error).message}`);
    }
  }

  private warnOnce(client: string, message: string): void {
    const now = Date.now();
    if (now - (this.warned.get(client) ?? 0) < WARN_EVERY_MS) return;
    this.warned.set(client, now);
    if (this.warned.size > 1000) this.warned.delete(this.warned.keys().next().value!);
    this.log.warn(message);
  }
}

function identityOf(token: UserIdentityToken): "anonymous" | `user:${string}` {
  if (token instanceof UserNameIdentityToken) return `user:${token.userName ?? ""}`;
  if (token instanceof X509IdentityToken) return `user:x509:${createHash("sha1").update(token.certificateData ?? Buffer.alloc(0)).digest("hex")}`;
  return "anonymous";
}
