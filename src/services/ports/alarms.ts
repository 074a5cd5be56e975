import type { Alarm } from "../../domain/alarms/alarm.js";
import type { AlarmKind } from "../../domain/alarms/alarm-kinds.js";
import type { Page } from "./page.js";

/** An alarm occurrence as stored: its current state (OPC 10000-9 condition, one row per occurrence). */
export type AlarmRecord = Alarm;

/** What happened to an alarm: each state change, with who did it through which door. */
export type AlarmAction = "raised" | "updated" | "cleared" | "acknowledged" | "confirmed" | "commented" | "shelved" | "unshelved";

/** One entry of an alarm's life: the event history (HistoryReadEvents) and the alarm history read these. */
export interface AlarmEventRecord {
  readonly id: string;
  readonly alarmId: string;
  readonly at: Date;
  readonly action: AlarmAction;
  readonly actor: string;
  readonly door: string;
  readonly comment: string | null;
  /** The alarm as it was after the change. */
  readonly alarm: AlarmRecord;
}

export interface AlarmFilter {
  readonly active?: boolean;
  readonly workUnitId?: string;
  readonly kind?: AlarmKind;
  /** Raised at or after. */
  readonly from?: Date;
  /** Raised before. */
  readonly to?: Date;
}

export interface AlarmReader {
  /** Newest raised first. */
  find(filter: AlarmFilter, page: Page): Promise<{ items: AlarmRecord[]; total: number }>;
  findById(id: string): Promise<AlarmRecord | null>;
  /** Every alarm not yet closed (active, or waiting for acknowledgement or confirmation), oldest first. */
  findOpen(): Promise<AlarmRecord[]>;
}

export interface AlarmRepository extends AlarmReader {
  save(alarm: AlarmRecord): Promise<void>;
}

export interface AlarmEventReader {
  /** Entries with from <= at < to, oldest first (newest first when reverse), at most `limit`, skipping `offset`. */
  find(range: { readonly from: Date; readonly to: Date; readonly reverse?: boolean }, page: Page): Promise<AlarmEventRecord[]>;
  /**
   * Entries whose id sorts after `afterId`, by id, at most `limit`: with time-ordered ids (UUIDv7),
   * what was made since then. Another MES instance of the cluster follows them (peer-follower).
   */
  findMadeAfter(afterId: string, limit: number): Promise<AlarmEventRecord[]>;
}

export interface AlarmEventRepository extends AlarmEventReader {
  insert(event: AlarmEventRecord): Promise<void>;
}
