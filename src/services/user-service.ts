import { DomainError } from "../domain/domain-error.js";
import { isRole, ROLES, type Role } from "../domain/roles.js";
import type { Actor } from "./actor.js";
import type { Clock, IdGenerator } from "./clock.js";
import { hashPassword, passwordProblem } from "./password.js";
import { VerifiedPasswords } from "./verified-passwords.js";
import type { UserAccountRecord } from "./ports/access.js";
import type { Store } from "./ports/store.js";
import { recordAudit } from "./audit-trail.js";

const USER_ID = /^[a-z0-9][a-z0-9_.@-]{0,63}$/;

/** What is shown of an account: never its password hash. */
export type UserView = Omit<UserAccountRecord, "passwordHash"> & { hasPassword: boolean };

/**
 * Accounts that sign in (people and machine accounts) with their roles. Passwords are kept only as
 * salted scrypt hashes; every change is audited, and the audit never sees a hash.
 */
export class UserService {
  /** Roles of enabled accounts, for OPC UA, which asks for a session's roles synchronously on every request. */
  private readonly roleCache = new Map<string, readonly Role[]>();
  private readonly passwords: VerifiedPasswords;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
    /** security.login.verifiedCacheSeconds, in ms: how long a successful password check is remembered (VerifiedPasswords). */
    verifiedPasswordTtlMs = 0,
  ) {
    this.passwords = new VerifiedPasswords(verifiedPasswordTtlMs, () => clock.now().getTime());
  }

  /** Password hashes (scrypt) run since start: logins of one account at once share one (VerifiedPasswords). */
  get passwordChecksRun(): number {
    return this.passwords.checksRun;
  }

  async list(): Promise<UserView[]> {
    const users = await this.store.read.users.findAll();
    this.roleCache.clear();
    users.forEach((user) => this.remember(user));
    return users.map(view);
  }

  async get(id: string): Promise<UserView> {
    const user = await this.store.read.users.findById(id);
    if (!user) throw new DomainError("not_found", `no user "${id}"`, { id });
    this.remember(user);
    return view(user);
  }

  /** The roles of an enabled account as last read from the database; [] for an unknown or disabled one. */
  cachedRoles(id: string): readonly Role[] {
    return this.roleCache.get(id) ?? [];
  }

  /** Reads one account again (another MES instance may have changed it); null when there is none. */
  async refresh(id: string): Promise<UserView | null> {
    const user = await this.store.read.users.findById(id);
    if (user) this.remember(user);
    else this.roleCache.delete(id);
    return user && view(user);
  }

  async create(input: { id: string; name: string; roles: readonly string[]; password: string | null }, actor: Actor): Promise<UserView> {
    if (!USER_ID.test(input.id)) throw new DomainError("invalid_input", "id: 1-64 lower-case letters, digits, '.', '_', '@' or '-'", { field: "id" });
    checkRoles(input.roles);
    if (input.password !== null) checkPassword(input.password);
    const passwordHash = input.password === null ? null : await hashPassword(input.password);
    return this.store.unitOfWork(async (repos) => {
      if (await repos.users.findById(input.id)) throw new DomainError("conflict", `a user "${input.id}" exists already`, { reason: "duplicate", field: "id" });
      const now = this.clock.now();
      const user: UserAccountRecord = { id: input.id, name: input.name, roles: [...input.roles], passwordHash, disabled: false, createdAt: now, updatedAt: now };
      await repos.users.upsert(user);
      await recordAudit(repos, { id: this.newId(), at: now, actor, action: "user.created", targetType: "user", targetId: user.id, after: view(user) });
      this.remember(user);
      return view(user);
    });
  }

  async setPassword(id: string, password: string, actor: Actor): Promise<void> {
    checkPassword(password);
    const passwordHash = await hashPassword(password);
    // A new password ends the account's web sessions: whoever knew the old one is signed out.
    await this.change(id, actor, "user.password_changed", (user) => ({ ...user, passwordHash }), ["session"]);
  }

  async setDisabled(id: string, disabled: boolean, actor: Actor): Promise<UserView> {
    return this.update(id, { disabled }, actor);
  }

  /** Name, roles or the disabled flag; disabling ends every session and revokes every API token of the account. */
  async update(id: string, input: { name?: string; roles?: readonly string[]; disabled?: boolean }, actor: Actor): Promise<UserView> {
    if (input.roles) checkRoles(input.roles);
    const action = input.disabled === true ? "user.disabled" : input.disabled === false && input.name === undefined && input.roles === undefined ? "user.enabled" : "user.changed";
    return this.change(id, actor, action, (user) => ({ ...user, ...(input.name === undefined ? {} : { name: input.name }), ...(input.roles ? { roles: [...input.roles] } : {}), ...(input.disabled === undefined ? {} : { disabled: input.disabled }) }), input.disabled ? ["session", "api"] : []);
  }

  /** The account when the password is right and the account enabled; null otherwise, without saying which (no account probing). */
  async authenticate(id: string, password: string): Promise<UserView | null> {
    const user = await this.store.read.users.findById(id);
    // A missing account still costs one hash, so a wrong name and a wrong password take as long.
    const ok = await this.passwords.verify(id, password, user?.passwordHash ?? "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
    if (user) this.remember(user);
    return user && ok && !user.disabled ? view(user) : null;
  }

  private async change(id: string, actor: Actor, action: string, update: (user: UserAccountRecord) => UserAccountRecord, revoke: readonly ("session" | "api")[] = []): Promise<UserView> {
    const changed = await this.store.unitOfWork(async (repos) => {
      const before = await repos.users.findById(id);
      if (!before) throw new DomainError("not_found", `no user "${id}"`, { id });
      const after = { ...update(before), updatedAt: this.clock.now() };
      await repos.users.upsert(after);
      for (const kind of revoke) await repos.accessTokens.revokeAllOfUser(id, kind, after.updatedAt);
      await recordAudit(repos, { id: this.newId(), at: after.updatedAt, actor, action, targetType: "user", targetId: id, before: view(before), after: view(after) });
      return after;
    });
    this.remember(changed);
    return view(changed);
  }

  private remember(user: UserAccountRecord): void {
    if (user.disabled) this.roleCache.delete(user.id);
    else this.roleCache.set(user.id, user.roles.filter(isRole));
  }
}

function view({ passwordHash, ...user }: UserAccountRecord): UserView {
  return { ...user, hasPassword: passwordHash !== null };
}

function checkRoles(roles: readonly string[]): void {
  if (roles.length === 0) throw new DomainError("invalid_input", `roles: at least one of ${ROLES.join(", ")}`, { field: "roles" });
  roles.forEach((role, i) => {
    if (!isRole(role)) throw new DomainError("invalid_input", `roles[${i}]: "${role}" is not one of ${ROLES.join(", ")}`, { field: `roles[${i}]` });
  });
}

function checkPassword(password: string): void {
  const problem = passwordProblem(password);
  if (problem) throw new DomainError("invalid_input", `password: ${problem}`, { field: "password" });
}
