import type { Actor } from "./actor.js";
import type { AuditRepository } from "./ports/audit.js";

/** One change as the audit trail keeps it: who through which door, what, and the target before and after. */
export interface AuditedChange {
  readonly id: string;
  readonly at: Date;
  readonly actor: Actor;
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string | null;
  /** Null (the default) for a creation. */
  readonly before?: unknown;
  /** Null (the default) for a removal or an event with nothing to show. */
  readonly after?: unknown;
}

/**
 * Records a change in the unit of work that makes it (STYLE lesson 8): it commits with the change
 * or not at all. The repositories are a unit of work's, so a read-only view cannot be passed.
 */
export function recordAudit(repos: { readonly audit: Pick<AuditRepository, "append"> }, change: AuditedChange): Promise<void> {
  const { actor, before = null, after = null, ...rest } = change;
  return repos.audit.append({ ...rest, actor: actor.id, role: actor.role, door: actor.door, via: actor.via ?? null, before, after });
}
