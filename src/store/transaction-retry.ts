import type { Log } from "../services/log.js";

/**
 * Why a MySQL/MariaDB unit of work may simply be run again: on a Galera cluster two nodes' writes to
 * the same rows meet only at commit, and the loser's commit fails its certification as a deadlock;
 * on one server InnoDB picks a deadlock victim or gives up waiting for a lock; a node that is
 * leaving or rejoining answers "WSREP has not yet prepared node for application use" for a moment.
 * Each rolled the whole transaction back, so nothing of it was written.
 */
export const RETRYABLE_MYSQL_ERRORS = {
  ER_LOCK_DEADLOCK: "deadlock",
  ER_LOCK_WAIT_TIMEOUT: "lock_wait_timeout",
  ER_UNKNOWN_COM_ERROR: "node_not_ready",
} as const;
export type RetryReason = (typeof RETRYABLE_MYSQL_ERRORS)[keyof typeof RETRYABLE_MYSQL_ERRORS];

/** Runs in all; a conflict that outlasts them is a hot spot to look at, not one to hide. */
export const TRANSACTION_ATTEMPTS = 5;
/**
 * Per reason: how many runs at most, and how long the first retry waits at most (each next one up to
 * twice as long, random so that two losers do not meet again). A conflict clears in milliseconds; a
 * lock wait already waited innodb_lock_wait_timeout (50 s by default), so it is tried once more only;
 * a node not ready is waited for over a few seconds (a view change), then answered as unavailable.
 */
const POLICY: Record<RetryReason, { attempts: number; firstBackoffMs: number }> = {
  deadlock: { attempts: TRANSACTION_ATTEMPTS, firstBackoffMs: 20 },
  lock_wait_timeout: { attempts: 2, firstBackoffMs: 20 },
  node_not_ready: { attempts: TRANSACTION_ATTEMPTS, firstBackoffMs: 200 },
};

/** Why `error` (a TypeORM error, its driver error or a cause chain) may be retried, or null. */
export function retryReason(error: unknown): RetryReason | null {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && code in RETRYABLE_MYSQL_ERRORS) return RETRYABLE_MYSQL_ERRORS[code as keyof typeof RETRYABLE_MYSQL_ERRORS];
    e = (e as { driverError?: unknown }).driverError ?? (e as { cause?: unknown }).cause;
  }
  return null;
}

export interface RetryOptions {
  readonly log: Log;
  /** Told of every retry (the metrics' retry counter). */
  readonly onRetry?: (reason: RetryReason) => void;
  /** At most this many runs whatever the reason (tests). */
  readonly attempts?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Runs `attempt` again, after a random back-off, while it fails for a retryable reason. Safe
 * because a unit of work does nothing but database writes before its commit: events, callbacks and
 * caches are touched by the caller after unitOfWork resolved.
 */
export async function withRetries<T>(attempt: () => Promise<T>, options: RetryOptions): Promise<T> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let run = 1; ; run++) {
    try {
      return await attempt();
    } catch (error) {
      const reason = retryReason(error);
      const policy = reason ? POLICY[reason] : null;
      const attempts = Math.min(policy?.attempts ?? 1, options.attempts ?? TRANSACTION_ATTEMPTS);
      if (!reason || !policy || run >= attempts) {
        if (reason) options.log.warn(`unit of work failed ${run} times (${reason}); giving up`, { error: (error as Error).message });
        throw error;
      }
      options.onRetry?.(reason);
      options.log.info(`unit of work rolled back (${reason}); running it again (attempt ${run + 1} of ${attempts})`);
      await sleep(Math.random() * policy.firstBackoffMs * 2 ** (run - 1));
    }
  }
}
