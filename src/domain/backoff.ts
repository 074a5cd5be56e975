/**
 * Delay before reconnect attempt `attempt` (0-based): doubling from `initialMs` up to `maxMs`,
 * spread by up to ±`jitter` so PLCs that went down together are not all hit at the same instant.
 */
export function backoffDelay(attempt: number, initialMs: number, maxMs: number, random: number, jitter = 0.2): number {
  const base = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(base * (1 - jitter + 2 * jitter * random));
}
