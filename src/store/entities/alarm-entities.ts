import { EntitySchema } from "typeorm";
import { id, integer, text, timestamp } from "./columns.js";

export interface AlarmRow {
  id: string;
  kind: string;
  conditionType: string;
  workUnitId: string;
  subject: string;
  sourceName: string;
  severity: number;
  message: string;
  active: boolean;
  /** Not closed (active, or not yet acknowledged or confirmed): what a restart restores. */
  open: boolean;
  activeSince: Date;
  clearedAt: Date | null;
  acknowledged: boolean;
  acknowledgedBy: string | null;
  acknowledgedAt: Date | null;
  confirmed: boolean;
  confirmedBy: string | null;
  confirmedAt: Date | null;
  shelved: string;
  shelvedUntil: Date | null;
  comments: string;
  updatedAt: Date;
}

export const AlarmEntity = new EntitySchema<AlarmRow>({
  name: "Alarm",
  tableName: "alarm",
  columns: {
    id: id(36),
    kind: text(32),
    conditionType: { ...text(64), name: "condition_type" },
    workUnitId: { ...text(64), name: "work_unit_id" },
    subject: text(128),
    sourceName: { ...text(128), name: "source_name" },
    severity: integer(),
    message: text(1000),
    active: { type: "boolean" },
    open: { type: "boolean", name: "is_open" },
    activeSince: { ...timestamp(), name: "active_since" },
    clearedAt: { ...timestamp(true), name: "cleared_at" },
    acknowledged: { type: "boolean" },
    acknowledgedBy: { ...text(128, true), name: "acknowledged_by" },
    acknowledgedAt: { ...timestamp(true), name: "acknowledged_at" },
    confirmed: { type: "boolean" },
    confirmedBy: { ...text(128, true), name: "confirmed_by" },
    confirmedAt: { ...timestamp(true), name: "confirmed_at" },
    shelved: text(16),
    shelvedUntil: { ...timestamp(true), name: "shelved_until" },
    comments: { type: "text" },
    updatedAt: { ...timestamp(), name: "updated_at" },
  },
});

export interface AlarmEventRow {
  id: string;
  alarmId: string;
  at: Date;
  action: string;
  actor: string;
  door: string;
  comment: string | null;
  state: string;
}

export const AlarmEventEntity = new EntitySchema<AlarmEventRow>({
  name: "AlarmEvent",
  tableName: "alarm_event",
  columns: {
    id: id(36),
    alarmId: { ...text(36), name: "alarm_id" },
    at: timestamp(),
    action: text(16),
    actor: text(128),
    door: text(16),
    comment: { ...text(1000, true) },
    state: { type: "text" },
  },
});
