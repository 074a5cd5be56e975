import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { formatCredential, parseCredential } from "../domain/credential.js";
import { DomainError } from "../domain/domain-error.js";
import { LoginThrottle } from "../domain/login-throttle.js";
import { isRole, type Role } from "../domain/roles.js";
import type { Actor } from "./actor.js";
import type { Clock, IdGenerator } from "./clock.js";
import type { Door } from "./actor.js";
import type { AccessTokenRecord } from "./ports/access.js";
import type { Store } from "./ports/store.js";
import type { UserService, UserView } from "./user-service.js";
import { isStoreUnavailable } from "./ports/store-unavailable.js";
import { recordAudit } from "./audit-trail.js";

export interface AccessSettings {
  readonly sessionTtlMinutes: number;
  readonly maxTokenDays: number;
  readonly login: { readonly maxFailures: number; readonly windowSeconds: number; readonly verifiedCacheSeconds?: number };
}

/** Who a request comes from, once its token or session cookie checks out. */
export interface Principal {
  readonly userId: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly kind: AccessTokenRecord["kind"];
  readonly credentialId: string;
  /** Web sessions only: the hash the request's CSRF header must match. */
  readonly csrfHash: string | null;
}

/** A token or session as shown: never its hashes. */
export type AccessTokenView = Omit<AccessTokenRecord, "secretHash" | "csrfHash">;

/** The last-used time is a hint for the admin, not a record: written at most once a minute per token. */
const TOUCH_EVERY_MS = 60_000;
/**
 * A checked credential is believed this long without reading it again, which spares every API call
 * two queries. Revoking, logging out, disabling or changing roles through this MES takes effect at
 * once (its caches are told); done by another MES instance on the same database, within this time.
 */
const RESOLVED_TTL_MS = 2_000;
const MAX_RESOLVED = 10_000;

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

const newSecret = () => randomBytes(32).toString("base64url");

/**
 * API tokens for machine accounts and web sessions for people. A token is shown once, when it is
 * made; the MES keeps only a hash. Logins are throttled per account and per client address, and
 * each one, good or bad, is audited.
 */
export class AccessService {
  private readonly throttle: LoginThrottle;
  private readonly resolved = new Map<string, { principal: Principal; secretHash: string; expiresAt: Date; checkedAt: number }>();

  constructor(
    private readonly store: Store,
    private readonly users: UserService,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
    private readonly settings: AccessSettings,
  ) {
    this.throttle = new LoginThrottle(settings.login.maxFailures, settings.login.windowSeconds * 1000);
  }

  async issueToken(userId: string, input: { name: string; expiresInDays?: number }, actor: Actor): Promise<{ token: string; view: AccessTokenView }> {
    const days = input.expiresInDays ?? Math.min(90, this.settings.maxTokenDays);
    if (days > this.settings.maxTokenDays) {
      throw new DomainError("invalid_input", `expiresInDays: at most ${this.settings.maxTokenDays} days (security.maxTokenDays)`, { field: "expiresInDays" });
    }
    const user = await this.users.get(userId);
    if (user.disabled) throw new DomainError("conflict", `user "${userId}" is disabled`, { field: "userId", reason: "disabled" });
    const secret = newSecret();
    const now = this.clock.now();
    const record: AccessTokenRecord = { id: this.newId(), kind: "api", userId, name: input.name, secretHash: hashSecret(secret), csrfHash: null, createdAt: now, expiresAt: new Date(now.getTime() + days * 86_400_000), revokedAt: null, lastUsedAt: null };
    await this.store.unitOfWork(async (repos) => {
      await repos.accessTokens.insert(record);
      await recordAudit(repos, { id: this.newId(), at: now, actor, action: "token.issued", targetType: "user", targetId: userId, after: tokenView(record) });
    });
    return { token: formatCredential(record.id, secret), view: tokenView(record) };
  }

  async listTokens(userId: string): Promise<AccessTokenView[]> {
    await this.users.get(userId);
    return (await this.store.read.accessTokens.findByUser(userId, "api")).map(tokenView);
  }

  async revokeToken(userId: string, tokenId: string, actor: Actor): Promise<AccessTokenView> {
    return this.store.unitOfWork(async (repos) => {
      const token = await repos.accessTokens.findById(tokenId);
      if (!token || token.userId !== userId || token.kind !== "api") throw new DomainError("not_found", `user "${userId}" has no token "${tokenId}"`, { field: "tokenId" });
      this.resolved.delete(tokenId);
      const at = this.clock.now();
      if (!(await repos.accessTokens.revoke(tokenId, at))) return tokenView(token);
      const after = { ...token, revokedAt: at };
      await recordAudit(repos, { id: this.newId(), at, actor, action: "token.revoked", targetType: "user", targetId: userId, before: tokenView(token), after: tokenView(after) });
      return tokenView(after);
    });
  }

  /**
   * Checks a password on any door (web login, OPC UA UserName token): throttled per account and
   * per client address, and a failure is audited. The caller audits the success with its session.
   */
  async verifyPassword(input: { userId: string; password: string; client: string; door: Door }): Promise<UserView> {
    const keys = [`user:${input.userId}`, `client:${input.client}`];
    const wait = this.throttle.retryAfterMs(keys, this.clock.now().getTime());
    if (wait > 0) {
      const retryAfterSeconds = Math.ceil(wait / 1000);
      throw new DomainError("rate_limited", `too many failed logins; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
    }
    const user = await this.users.authenticate(input.userId, input.password);
    if (!user) {
      const now = this.clock.now();
      this.throttle.recordFailure(keys, now.getTime());
      await this.auditLoginFailure(input.userId, input.door, { client: input.client });
      throw new DomainError("unauthenticated", "wrong user name or password, or the account is disabled", { field: "password" });
    }
    this.throttle.recordSuccess(keys[0]);
    return user;
  }

  /** A refused login: who it claimed to be, through which door, and what is known of it. */
  async auditLoginFailure(claimed: string, door: Door, details: { client?: string; reason?: string }): Promise<void> {
    const who = claimed.slice(0, 128);
    await this.store.unitOfWork((repos) => recordAudit(repos, { id: this.newId(), at: this.clock.now(), actor: { id: who, role: null, door }, action: "auth.login_failed", targetType: "user", targetId: who, after: details }));
  }

  /** A signed-in session of another door (OPC UA), for the audit trail. */
  async auditLogin(user: { id: string; roles: readonly string[] }, door: Door, via: string, client: string): Promise<void> {
    await this.store.unitOfWork((repos) => recordAudit(repos, { id: this.newId(), at: this.clock.now(), actor: signedIn(user, door, via), action: "auth.login_succeeded", targetType: "user", targetId: user.id, after: { client } }));
  }

  /** A web session for a person: the cookie value and the CSRF token the UI sends back on every change. */
  async login(input: { userId: string; password: string; client: string }): Promise<{ session: string; csrfToken: string; user: UserView; expiresAt: Date }> {
    const user = await this.verifyPassword({ ...input, door: "ui" });
    const now = this.clock.now();
    const secret = newSecret();
    const csrfToken = newSecret();
    const record: AccessTokenRecord = { id: this.newId(), kind: "session", userId: user.id, name: `web session from ${input.client}`.slice(0, 128), secretHash: hashSecret(secret), csrfHash: hashSecret(csrfToken), createdAt: now, expiresAt: new Date(now.getTime() + this.settings.sessionTtlMinutes * 60_000), revokedAt: null, lastUsedAt: now };
    await this.store.unitOfWork(async (repos) => {
      await repos.accessTokens.insert(record);
      await recordAudit(repos, { id: this.newId(), at: now, actor: signedIn(user, "ui", record.id), action: "auth.login_succeeded", targetType: "user", targetId: user.id, after: { client: input.client, expiresAt: record.expiresAt } });
    });
    return { session: formatCredential(record.id, secret), csrfToken, user, expiresAt: record.expiresAt };
  }

  async logout(principal: Principal, actor: Actor): Promise<void> {
    if (principal.kind !== "session") throw new DomainError("conflict", "an API token does not sign out; an Admin revokes it", { reason: "api_token" });
    this.resolved.delete(principal.credentialId);
    await this.store.unitOfWork(async (repos) => {
      const at = this.clock.now();
      if (await repos.accessTokens.revoke(principal.credentialId, at)) {
        await recordAudit(repos, { id: this.newId(), at, actor, action: "auth.logout", targetType: "user", targetId: principal.userId });
      }
    });
  }

  /** The principal behind a bearer token or session cookie; null when it is malformed, unknown, revoked, expired or its account disabled. */
  async resolve(credential: string, kind: AccessTokenRecord["kind"]): Promise<Principal | null> {
    const parsed = parseCredential(credential);
    if (!parsed) return null;
    const secretHash = hashSecret(parsed.secret);
    const now = this.clock.now();
    const known = this.resolved.get(parsed.id);
    const believed = () => {
      // Roles from the account cache, so a role change or a disabled account here counts at once.
      const roles = this.users.cachedRoles(known!.principal.userId);
      return known!.expiresAt > now && roles.length > 0 ? { ...known!.principal, roles } : null;
    };
    const matches = known && known.principal.kind === kind && sameHash(known.secretHash, secretHash);
    if (matches && now.getTime() - known.checkedAt < RESOLVED_TTL_MS) return believed();
    let token: AccessTokenRecord | null;
    try {
      token = await this.store.read.accessTokens.findById(parsed.id);
    } catch (error) {
      // While the database is unreachable, a credential checked before stays good, so live screens keep their data.
      if (matches && isStoreUnavailable(error)) return believed();
      throw error;
    }
    if (!token || token.kind !== kind || !sameHash(token.secretHash, secretHash)) return null;
    if (token.revokedAt || token.expiresAt <= now) return null;
    const user = await this.users.refresh(token.userId);
    if (!user || user.disabled) return null;
    if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > TOUCH_EVERY_MS) await this.store.unitOfWork((repos) => repos.accessTokens.touch(token.id, now));
    const principal: Principal = { userId: user.id, name: user.name, roles: user.roles.filter(isRole), kind, credentialId: token.id, csrfHash: token.csrfHash };
    this.resolved.delete(token.id);
    this.resolved.set(token.id, { principal, secretHash: token.secretHash, expiresAt: token.expiresAt, checkedAt: now.getTime() });
    if (this.resolved.size > MAX_RESOLVED) this.resolved.delete(this.resolved.keys().next().value!);
    return principal;
  }

}

/** The account that just signed in, as the actor of its own login. */
function signedIn(user: { id: string; roles: readonly string[] }, door: Door, via: string): Actor {
  return { id: user.id, role: user.roles.join(","), door, via };
}

function tokenView(token: AccessTokenRecord): AccessTokenView {
  const { id, kind, userId, name, createdAt, expiresAt, revokedAt, lastUsedAt } = token;
  return { id, kind, userId, name, createdAt, expiresAt, revokedAt, lastUsedAt };
}
