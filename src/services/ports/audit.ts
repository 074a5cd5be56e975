import type { Door } from "../actor.js";
import type { Page } from "./page.js";

/** The audit trail: appended in the transaction of each change, never edited. */

export interface AuditEntry {
  readonly id: string;
  readonly at: Date;
  readonly actor: string;
  readonly role: string | null;
  readonly door: Door;
  /** The OPC UA session, REST token or UI session the change came through; null for the MES itself. */
  readonly via?: string | null;
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string | null;
  readonly before: unknown;
  readonly after: unknown;
}

export interface AuditFilter {
  readonly targetType?: string;
  readonly targetId?: string;
  readonly door?: Door;
  readonly actor?: string;
  /** An exact action, or a prefix ending in "." (`job_order.`). */
  readonly action?: string;
  readonly from?: Date;
  readonly to?: Date;
}

export interface AuditReader {
  /** Newest first. */
  find(filter: AuditFilter, page: Page): Promise<AuditEntry[]>;
  count(filter: AuditFilter): Promise<number>;
}

export interface AuditRepository extends AuditReader {
  append(entry: AuditEntry): Promise<void>;
}
