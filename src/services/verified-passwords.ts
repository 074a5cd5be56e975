import { createHmac, randomBytes } from "node:crypto";
import { verifyPassword } from "./password.js";

/** How many verified logins are remembered at most; past it the oldest is forgotten first. */
const MAX_REMEMBERED = 10_000;

/**
 * Password checks without running scrypt for every login of the same account: a screen of 50 HMI
 * clients signing in with one service account at once (a plant network coming back) would
 * otherwise queue 50 scrypt runs of ~50-200 ms each on libuv's 4 threads and 2 cores, seconds
 * for the last one, while clients with a 1 s watchdog give up.
 *
 * - Checks of the same user, password and stored hash that overlap share one scrypt run.
 * - A successful check is remembered for `ttlMs` as an HMAC-SHA-256 of (user, stored hash,
 *   password) under a random key that lives only in this process's memory, so a later login of
 *   the same account with the same password is a hash, not a scrypt. The stored hash stays as
 *   strong as it is; a new password changes the stored hash and so misses. Wrong passwords are
 *   never remembered: every guess costs a full scrypt, and the login throttle counts it.
 *
 * The trade-off: someone able to read this process's memory gets the key and the HMACs of the
 * accounts that signed in within `ttlMs`, and could test guesses against those at HMAC speed
 * rather than scrypt speed. Such a reader also sees passwords in flight, so little is lost; a
 * plant that will not have it sets security.login.verifiedCacheSeconds to 0 (overlapping checks
 * are still shared: that keeps nothing once they end).
 */
export class VerifiedPasswords {
  private readonly key = randomBytes(32);
  private readonly remembered = new Map<string, number>();
  private readonly inFlight = new Map<string, Promise<boolean>>();
  private checks = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
    private readonly check: (password: string, hash: string) => Promise<boolean> = verifyPassword,
  ) {}

  async verify(userId: string, password: string, hash: string): Promise<boolean> {
    const digest = createHmac("sha256", this.key).update(JSON.stringify([userId, hash, password.normalize("NFKC")])).digest("base64");
    const until = this.remembered.get(digest);
    if (until !== undefined) {
      if (until > this.now()) return true;
      this.remembered.delete(digest);
    }
    const running = this.inFlight.get(digest);
    if (running) return running;
    this.checks++;
    const checking = this.check(password, hash).finally(() => this.inFlight.delete(digest));
    this.inFlight.set(digest, checking);
    const ok = await checking;
    if (ok && this.ttlMs > 0) this.remember(digest);
    return ok;
  }

  /** How many successful checks are remembered now. */
  get size(): number {
    return this.remembered.size;
  }

  /** How many times the hash itself (scrypt) was run: what logins cost the CPU. */
  get checksRun(): number {
    return this.checks;
  }

  private remember(digest: string): void {
    this.remembered.delete(digest);
    this.remembered.set(digest, this.now() + this.ttlMs);
    while (this.remembered.size > MAX_REMEMBERED) this.remembered.delete(this.remembered.keys().next().value!);
  }
}
