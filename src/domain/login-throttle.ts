/**
 * Slows password guessing: after `maxFailures` failed logins within `windowMs` for one key (an
 * account name or a client address), that key must wait until the oldest failure leaves the
 * window. Pure: the caller passes the time. Bounded: at most `maxKeys` keys are remembered, the
 * stalest dropped first, so a flood of made-up names cannot grow memory.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures: number,
    private readonly windowMs: number,
    private readonly maxKeys = 10_000,
  ) {}

  /** Milliseconds until any of these keys may try again; 0 when all may try now. */
  retryAfterMs(keys: readonly string[], now: number): number {
    return Math.max(0, ...keys.map((key) => this.waitFor(key, now)));
  }

  recordFailure(keys: readonly string[], now: number): void {
    for (const key of keys) {
      const recent = this.recent(key, now);
      recent.push(now);
      this.failures.delete(key);
      this.failures.set(key, recent.slice(-this.maxFailures));
    }
    while (this.failures.size > this.maxKeys) this.failures.delete(this.failures.keys().next().value!);
  }

  /** A success forgives the account's failures, not the address's: one good password must not reset a spray. */
  recordSuccess(key: string): void {
    this.failures.delete(key);
  }

  private waitFor(key: string, now: number): number {
    const recent = this.recent(key, now);
    return recent.length < this.maxFailures ? 0 : recent[0] + this.windowMs - now;
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((at) => at > now - this.windowMs);
  }
}
