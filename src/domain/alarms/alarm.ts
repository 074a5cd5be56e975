import { DomainError } from "../domain-error.js";
import { ALARM_KIND_INFO, type AlarmKind, type ConditionTypeName } from "./alarm-kinds.js";

export type ShelvingMode = "unshelved" | "timed" | "one-shot";

export interface AlarmComment {
  readonly at: Date;
  readonly by: string;
  readonly text: string;
}

/** One occurrence of a condition on a work unit, from its raise until it is inactive, acknowledged and confirmed. */
export interface Alarm {
  readonly id: string;
  readonly kind: AlarmKind;
  readonly conditionType: ConditionTypeName;
  readonly workUnitId: string;
  /** What the occurrence is about within its kind (a plan, a characteristic, a material); "" when the kind has one per unit. */
  readonly subject: string;
  readonly sourceName: string;
  readonly severity: number;
  readonly message: string;
  readonly active: boolean;
  readonly activeSince: Date;
  readonly clearedAt: Date | null;
  readonly acknowledged: boolean;
  readonly acknowledgedBy: string | null;
  readonly acknowledgedAt: Date | null;
  readonly confirmed: boolean;
  readonly confirmedBy: string | null;
  readonly confirmedAt: Date | null;
  readonly shelved: ShelvingMode;
  readonly shelvedUntil: Date | null;
  readonly comments: readonly AlarmComment[];
  readonly updatedAt: Date;
}

/** The limits the alarms setting gives: comment length, longest shelving (OPC 10000-9 MaxTimeShelved). */
export interface AlarmLimits {
  readonly maxCommentLength: number;
  readonly maxShelvingMs: number;
}

/** Why a request on an alarm was refused; each door turns it into its own status (409 / BadConditionBranchAlreadyAcked...). */
export type AlarmRefusal =
  | "already-acknowledged"
  | "already-confirmed"
  | "not-acknowledged"
  | "already-shelved"
  | "not-shelved"
  | "closed"
  | "comment-too-long"
  | "comment-empty"
  | "shelving-time-out-of-range";

function refuse(reason: AlarmRefusal, message: string, field?: string): never {
  const code = reason === "comment-too-long" || reason === "comment-empty" || reason === "shelving-time-out-of-range" ? "invalid_input" : "conflict";
  throw new DomainError(code, message, { reason, ...(field ? { field } : {}) });
}

export interface RaisedAlarm {
  readonly id: string;
  readonly kind: AlarmKind;
  readonly workUnitId: string;
  readonly subject?: string;
  readonly sourceName: string;
  readonly severity?: number;
  readonly message: string;
  readonly at: Date;
}

/** A new occurrence, active and waiting for acknowledgement and confirmation. */
export function raiseAlarm(raised: RaisedAlarm): Alarm {
  const info = ALARM_KIND_INFO[raised.kind];
  return {
    id: raised.id,
    kind: raised.kind,
    conditionType: info.conditionType,
    workUnitId: raised.workUnitId,
    subject: raised.subject ?? "",
    sourceName: raised.sourceName,
    severity: clampSeverity(raised.severity ?? info.defaultSeverity),
    message: raised.message,
    active: true,
    activeSince: raised.at,
    clearedAt: null,
    acknowledged: false,
    acknowledgedBy: null,
    acknowledgedAt: null,
    confirmed: false,
    confirmedBy: null,
    confirmedAt: null,
    shelved: "unshelved",
    shelvedUntil: null,
    comments: [],
    updatedAt: raised.at,
  };
}

/** OPC 10000-9 §5.5.2: Severity 1..1000. */
export function clampSeverity(severity: number): number {
  return Math.min(1000, Math.max(1, Math.round(severity)));
}

/** Done with: no longer active, acknowledged and confirmed (OPC 10000-9 Retain false). */
export function isClosed(alarm: Alarm): boolean {
  return !alarm.active && alarm.acknowledged && alarm.confirmed;
}

/** The cause is told better (a PLC's fault code that came after its faulted state): the same occurrence, a new message. */
export function retellAlarm(alarm: Alarm, message: string, at: Date): Alarm {
  return { ...alarm, message, updatedAt: at };
}

/** The cause went away; a one-shot shelving ends with it (OPC 10000-9 §5.8.17). */
export function clearAlarm(alarm: Alarm, at: Date): Alarm {
  if (!alarm.active) return alarm;
  const oneShot = alarm.shelved === "one-shot";
  return { ...alarm, active: false, clearedAt: at, updatedAt: at, ...(oneShot ? { shelved: "unshelved" as const, shelvedUntil: null } : {}) };
}

function withComment(alarm: Alarm, by: string, text: string | undefined, at: Date, limits: AlarmLimits): AlarmComment[] {
  if (text === undefined || text.trim() === "") return [...alarm.comments];
  checkComment(text, limits);
  return [...alarm.comments, { at, by, text }];
}

function checkComment(text: string, limits: AlarmLimits): void {
  if (text.length > limits.maxCommentLength) refuse("comment-too-long", `comment: at most ${limits.maxCommentLength} characters (this one has ${text.length})`, "comment");
}

function checkOpen(alarm: Alarm): void {
  if (isClosed(alarm)) refuse("closed", `alarm ${alarm.id} is closed: inactive, acknowledged and confirmed`);
}

/** OPC 10000-9 §5.7.3 Acknowledge; a kind that clears on acknowledge (an SPC signal) clears now. */
export function acknowledgeAlarm(alarm: Alarm, by: string, at: Date, limits: AlarmLimits, comment?: string): Alarm {
  checkOpen(alarm);
  if (alarm.acknowledged) refuse("already-acknowledged", `alarm ${alarm.id} was acknowledged by ${alarm.acknowledgedBy} already`);
  const comments = withComment(alarm, by, comment, at, limits);
  const acknowledged: Alarm = { ...alarm, acknowledged: true, acknowledgedBy: by, acknowledgedAt: at, comments, updatedAt: at };
  return ALARM_KIND_INFO[alarm.kind].clearsOnAcknowledge ? clearAlarm(acknowledged, at) : acknowledged;
}

/** OPC 10000-9 §5.7.4 Confirm: after the acknowledgement, the person says the cause was dealt with. */
export function confirmAlarm(alarm: Alarm, by: string, at: Date, limits: AlarmLimits, comment?: string): Alarm {
  checkOpen(alarm);
  if (alarm.confirmed) refuse("already-confirmed", `alarm ${alarm.id} was confirmed by ${alarm.confirmedBy} already`);
  if (!alarm.acknowledged) refuse("not-acknowledged", `alarm ${alarm.id} must be acknowledged before it is confirmed`);
  return { ...alarm, confirmed: true, confirmedBy: by, confirmedAt: at, comments: withComment(alarm, by, comment, at, limits), updatedAt: at };
}

/** OPC 10000-9 §5.5.5 AddComment. */
export function commentAlarm(alarm: Alarm, by: string, text: string, at: Date, limits: AlarmLimits): Alarm {
  if (text.trim() === "") refuse("comment-empty", "comment: must not be empty", "comment");
  checkComment(text, limits);
  return { ...alarm, comments: [...alarm.comments, { at, by, text }], updatedAt: at };
}

/**
 * OPC 10000-9 §5.8.17 shelving: timed for `durationMs`, or one-shot until the alarm clears; either
 * at most MaxTimeShelved. Shelving again replaces the shelving (a timed one may be extended).
 */
export function shelveAlarm(alarm: Alarm, mode: "timed" | "one-shot", durationMs: number | undefined, at: Date, limits: AlarmLimits): Alarm {
  checkOpen(alarm);
  if (mode === "one-shot") {
    if (alarm.shelved === "one-shot") refuse("already-shelved", `alarm ${alarm.id} is one-shot shelved already`);
    return { ...alarm, shelved: "one-shot", shelvedUntil: new Date(at.getTime() + limits.maxShelvingMs), updatedAt: at };
  }
  if (durationMs === undefined || !Number.isFinite(durationMs) || durationMs <= 0 || durationMs > limits.maxShelvingMs) {
    refuse("shelving-time-out-of-range", `durationMs: between 1 and ${limits.maxShelvingMs} (the longest shelving, alarms.maxShelvingMinutes)`, "durationMs");
  }
  if (alarm.shelved !== "unshelved") refuse("already-shelved", `alarm ${alarm.id} is ${alarm.shelved} shelved already: unshelve it first`);
  return { ...alarm, shelved: "timed", shelvedUntil: new Date(at.getTime() + durationMs), updatedAt: at };
}

export function unshelveAlarm(alarm: Alarm, at: Date): Alarm {
  if (alarm.shelved === "unshelved") refuse("not-shelved", `alarm ${alarm.id} is not shelved`);
  return { ...alarm, shelved: "unshelved", shelvedUntil: null, updatedAt: at };
}

/** A shelving whose time ran out ends by itself. */
export function shelvingExpired(alarm: Alarm, now: Date): boolean {
  return alarm.shelved !== "unshelved" && alarm.shelvedUntil !== null && alarm.shelvedUntil.getTime() <= now.getTime();
}
