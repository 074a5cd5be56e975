import type { Alarm, ShelvingMode } from "../../domain/alarms/alarm.js";
import type { AlarmKind } from "../../domain/alarms/alarm-kinds.js";

/** An alarm as the doors show it (REST, the event stream, the web UI): dates as ISO strings. */
export interface AlarmView {
  readonly id: string;
  readonly kind: AlarmKind;
  readonly conditionType: string;
  readonly workUnitId: string;
  readonly subject: string;
  readonly sourceName: string;
  readonly severity: number;
  readonly message: string;
  readonly active: boolean;
  readonly activeSince: string;
  readonly clearedAt: string | null;
  readonly acknowledged: boolean;
  readonly acknowledgedBy: string | null;
  readonly acknowledgedAt: string | null;
  readonly confirmed: boolean;
  readonly confirmedBy: string | null;
  readonly confirmedAt: string | null;
  readonly shelved: ShelvingMode;
  readonly shelvedUntil: string | null;
  /** Not yet closed: active, or waiting for acknowledgement or confirmation (OPC 10000-9 Retain). */
  readonly retain: boolean;
  readonly comments: { at: string; by: string; text: string }[];
}

const iso = (date: Date | null) => (date === null ? null : date.toISOString());

export function alarmView(alarm: Alarm): AlarmView {
  return {
    id: alarm.id,
    kind: alarm.kind,
    conditionType: alarm.conditionType,
    workUnitId: alarm.workUnitId,
    subject: alarm.subject,
    sourceName: alarm.sourceName,
    severity: alarm.severity,
    message: alarm.message,
    active: alarm.active,
    activeSince: alarm.activeSince.toISOString(),
    clearedAt: iso(alarm.clearedAt),
    acknowledged: alarm.acknowledged,
    acknowledgedBy: alarm.acknowledgedBy,
    acknowledgedAt: iso(alarm.acknowledgedAt),
    confirmed: alarm.confirmed,
    confirmedBy: alarm.confirmedBy,
    confirmedAt: iso(alarm.confirmedAt),
    shelved: alarm.shelved,
    shelvedUntil: iso(alarm.shelvedUntil),
    retain: alarm.active || !alarm.acknowledged || !alarm.confirmed,
    comments: alarm.comments.map((c) => ({ at: c.at.toISOString(), by: c.by, text: c.text })),
  };
}
