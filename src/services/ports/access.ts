/** Accounts that sign in, and their API tokens and web sessions. */

/** A person or machine account that signs in; the password only as a salted hash. */
export interface UserAccountRecord {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly passwordHash: string | null;
  readonly disabled: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface UserAccountReader {
  findAll(): Promise<UserAccountRecord[]>;
  findById(id: string): Promise<UserAccountRecord | null>;
}

export interface UserAccountRepository extends UserAccountReader {
  upsert(record: UserAccountRecord): Promise<void>;
}

/** An API token (machine accounts) or a web session (people): only a hash of the secret is kept. */
export interface AccessTokenRecord {
  readonly id: string;
  readonly kind: "api" | "session";
  readonly userId: string;
  readonly name: string;
  readonly secretHash: string;
  /** Web sessions: the hash of the CSRF token that state-changing requests must echo. */
  readonly csrfHash: string | null;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly revokedAt: Date | null;
  readonly lastUsedAt: Date | null;
}

export interface AccessTokenReader {
  findById(id: string): Promise<AccessTokenRecord | null>;
  /** Newest first. */
  findByUser(userId: string, kind: AccessTokenRecord["kind"]): Promise<AccessTokenRecord[]>;
}

export interface AccessTokenRepository extends AccessTokenReader {
  insert(record: AccessTokenRecord): Promise<void>;
  /** Sets revokedAt where it is still null; returns whether it was. */
  revoke(id: string, at: Date): Promise<boolean>;
  /** Revokes every live token of the user (a disabled account or a new password ends its sessions). */
  revokeAllOfUser(userId: string, kind: AccessTokenRecord["kind"], at: Date): Promise<number>;
  touch(id: string, at: Date): Promise<void>;
}
