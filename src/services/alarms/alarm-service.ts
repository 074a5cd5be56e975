import { DomainError } from "../../domain/domain-error.js";
import { acknowledgeAlarm, clearAlarm, retellAlarm, commentAlarm, confirmAlarm, isClosed, raiseAlarm, shelveAlarm, shelvingExpired, unshelveAlarm, type Alarm, type AlarmLimits } from "../../domain/alarms/alarm.js";
import type { AlarmKind } from "../../domain/alarms/alarm-kinds.js";
import type { Actor } from "../actor.js";
import { recordAudit } from "../audit-trail.js";
import type { Clock, IdGenerator } from "../clock.js";
import type { EventBus } from "../event-bus.js";
import type { Log } from "../log.js";
import type { AlarmAction, AlarmEventRecord, AlarmFilter } from "../ports/alarms.js";
import type { Page } from "../ports/page.js";
import type { Store } from "../ports/store.js";
import { alarmView, type AlarmView } from "./alarm-view.js";
import { SerialQueue } from "../serial-queue.js";

/** How many alarms' last told state is kept to recognise a peer's row this instance told already: far more than change in one follow period. */
const TOLD_KEPT = 10_000;

/** mes.yaml `alarms`. */
export interface AlarmSettings {
  readonly longStopMinutes: number;
  readonly maxShelvingMinutes: number;
  readonly maxCommentLength: number;
  readonly severities: Partial<Record<AlarmKind, number>>;
}

/** The MES itself raising and clearing alarms, and ending shelvings whose time ran out. */
export const ALARM_SYSTEM_ACTOR: Actor = { id: "system", role: null, door: "system" };

export interface RaiseRequest {
  readonly kind: AlarmKind;
  readonly workUnitId: string;
  readonly subject?: string;
  readonly message: string;
  readonly at: Date;
}

/**
 * The life of every alarm (OPC 10000-9): the sources raise and clear them, people acknowledge,
 * confirm, comment and shelve them through any door. Changes run one at a time; each is stored
 * with its history entry and its audit entry in one unit of work before the bus hears of it
 * ("alarm.changed"), so the OPC UA conditions, the event stream and the store never disagree.
 * The alarms not yet closed are held in memory and restored from the store at start.
 */
export class AlarmService {
  private readonly open = new Map<string, Alarm>();
  /** One change at a time, in the order asked: the in-memory alarms and the store move together. */
  private readonly changes = new SerialQueue(() => undefined);
  private readonly limits: AlarmLimits;
  private timer: NodeJS.Timeout | null = null;
  /** Each alarm's last state told on the bus (bounded): a peer's row this instance already told is not told twice. */
  private readonly told = new Map<string, { readonly json: string; readonly eventId: string }>();
  /** Whether this instance runs the work unit's alarms (clustered: owns it); the others it follows from the store. */
  private runsHere: (workUnitId: string) => boolean = () => true;
  /** A MES alone on its database follows no peer: it keeps nothing of what it told. */
  private followsPeers = false;

  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
    private readonly log: Log,
    private readonly settings: AlarmSettings,
    /** The display name of a work unit (the condition's SourceName). */
    private readonly sourceNameOf: (workUnitId: string) => string | null,
  ) {
    this.limits = { maxCommentLength: settings.maxCommentLength, maxShelvingMs: Math.round(settings.maxShelvingMinutes * 60_000) };
  }

  get maxShelvingMs(): number {
    return this.limits.maxShelvingMs;
  }

  get maxCommentLength(): number {
    return this.limits.maxCommentLength;
  }

  /** Restores the alarms not yet closed from the store: before the doors open, so the OPC UA conditions start from them. */
  async restore(): Promise<void> {
    for (const alarm of await this.store.read.alarms.findOpen()) {
      this.open.set(alarm.id, alarm);
      this.tell(alarmView(alarm), "");
    }
    if (this.open.size > 0) this.log.info(`alarms: ${this.open.size} not yet closed restored (${[...this.open.values()].filter((a) => a.active).length} active)`);
  }

  /** Clustered: only the alarms of the equipment this instance owns are ended here when their shelving runs out. */
  runAlarmsOf(runsHere: (workUnitId: string) => boolean): void {
    this.runsHere = runsHere;
    this.followsPeers = true;
  }

  /**
   * An alarm as another MES instance of the cluster stored it (one of its alarm_event rows): held
   * and shown as that instance has it, so the OPC UA conditions and REST of every instance agree.
   * Nothing is written. A state no newer than the one last told (this instance's own rows among them) is ignored.
   */
  follow(alarm: Alarm, eventId: string): Promise<AlarmView | null> {
    return this.changes.run(async () => {
      // Event ids are time-ordered (UUIDv7): a row no newer than the state told is no news.
      const told = this.told.get(alarm.id);
      if (told && told.eventId >= eventId) return null;
      const view = alarmView(alarm);
      if (!this.tell(view, eventId)) return null;
      if (isClosed(alarm)) this.open.delete(alarm.id);
      else this.open.set(alarm.id, alarm);
      this.bus.emit("alarm.changed", { alarm: view, fromPeer: true });
      return view;
    });
  }

  /** Starts ending the shelvings whose time ran out. */
  start(tickMs = 1000): void {
    this.timer = setInterval(() => this.unshelveExpired(), tickMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.changes.drain();
  }

  /** The alarms not yet closed, oldest first: what the OPC UA conditions and ConditionRefresh show. */
  openAlarms(): AlarmView[] {
    return [...this.open.values()].map(alarmView);
  }

  /** The active alarm of this kind and subject on a work unit, if any. */
  activeOf(kind: AlarmKind, workUnitId: string, subject = ""): AlarmView | null {
    const alarm = this.findActive(kind, workUnitId, subject);
    return alarm ? alarmView(alarm) : null;
  }

  async list(filter: AlarmFilter, page: Page): Promise<{ items: AlarmView[]; total: number }> {
    const { items, total } = await this.store.read.alarms.find(filter, page);
    return { items: items.map(alarmView), total };
  }

  async get(id: string): Promise<AlarmView> {
    return alarmView(await this.load(id));
  }

  history(range: { from: Date; to: Date; reverse?: boolean }, page: Page): Promise<AlarmEventRecord[]> {
    return this.store.read.alarmEvents.find(range, page);
  }

  /** Raises the alarm unless one of its kind and subject is active on the unit already. */
  raise(request: RaiseRequest): Promise<AlarmView | null> {
    return this.changes.run(async () => {
      const subject = request.subject ?? "";
      if (this.findActive(request.kind, request.workUnitId, subject)) return null;
      const alarm = raiseAlarm({ ...request, subject, id: this.newId(), sourceName: this.sourceNameOf(request.workUnitId) ?? request.workUnitId, severity: this.settings.severities[request.kind] });
      return this.commit(null, alarm, "raised", ALARM_SYSTEM_ACTOR, null);
    });
  }

  /** A new message for the active alarm of this kind and subject on the unit, if there is one and it says something else. */
  retell(kind: AlarmKind, workUnitId: string, subject: string, message: string, at: Date): Promise<AlarmView | null> {
    return this.changes.run(async () => {
      const alarm = this.findActive(kind, workUnitId, subject);
      return alarm && alarm.message !== message ? this.commit(alarm, retellAlarm(alarm, message, at), "updated", ALARM_SYSTEM_ACTOR, null) : null;
    });
  }

  /** Clears the active alarm of this kind and subject on the unit, if there is one. */
  clear(kind: AlarmKind, workUnitId: string, subject: string, at: Date): Promise<AlarmView | null> {
    return this.changes.run(async () => {
      const alarm = this.findActive(kind, workUnitId, subject);
      return alarm ? this.commit(alarm, clearAlarm(alarm, at), "cleared", ALARM_SYSTEM_ACTOR, null) : null;
    });
  }

  /** The subjects with an active alarm of this kind on the unit (e.g. the plans whose inspection is overdue). */
  activeSubjects(kind: AlarmKind, workUnitId: string): string[] {
    return [...this.open.values()].filter((a) => a.active && a.kind === kind && a.workUnitId === workUnitId).map((a) => a.subject);
  }

  acknowledge(id: string, actor: Actor, comment?: string): Promise<AlarmView> {
    return this.change(id, actor, "acknowledged", comment ?? null, (alarm, at) => acknowledgeAlarm(alarm, actor.id, at, this.limits, comment));
  }

  confirm(id: string, actor: Actor, comment?: string): Promise<AlarmView> {
    return this.change(id, actor, "confirmed", comment ?? null, (alarm, at) => confirmAlarm(alarm, actor.id, at, this.limits, comment));
  }

  comment(id: string, actor: Actor, text: string): Promise<AlarmView> {
    return this.change(id, actor, "commented", text, (alarm, at) => commentAlarm(alarm, actor.id, text, at, this.limits));
  }

  shelve(id: string, actor: Actor, mode: "timed" | "one-shot", durationMs?: number): Promise<AlarmView> {
    return this.change(id, actor, "shelved", null, (alarm, at) => shelveAlarm(alarm, mode, durationMs, at, this.limits));
  }

  unshelve(id: string, actor: Actor): Promise<AlarmView> {
    return this.change(id, actor, "unshelved", null, (alarm, at) => unshelveAlarm(alarm, at));
  }

  private change(id: string, actor: Actor, action: AlarmAction, comment: string | null, apply: (alarm: Alarm, at: Date) => Alarm): Promise<AlarmView> {
    return this.changes.run(async () => {
      const alarm = await this.load(id);
      return this.commit(alarm, apply(alarm, this.clock.now()), action, actor, comment);
    });
  }

  private unshelveExpired(): void {
    const now = this.clock.now();
    for (const alarm of this.open.values()) {
      if (!shelvingExpired(alarm, now) || !this.runsHere(alarm.workUnitId)) continue;
      this.changes.run(async () => {
        const current = this.open.get(alarm.id);
        if (current && shelvingExpired(current, now)) await this.commit(current, unshelveAlarm(current, now), "unshelved", ALARM_SYSTEM_ACTOR, null);
      }).catch((error) => this.log.error(`alarm ${alarm.id}: its shelving did not end`, error));
    }
  }

  private findActive(kind: AlarmKind, workUnitId: string, subject: string): Alarm | undefined {
    for (const alarm of this.open.values()) if (alarm.active && alarm.kind === kind && alarm.workUnitId === workUnitId && alarm.subject === subject) return alarm;
    return undefined;
  }

  private async load(id: string): Promise<Alarm> {
    const alarm = this.open.get(id) ?? (await this.store.read.alarms.findById(id));
    if (!alarm) throw new DomainError("not_found", `no alarm ${id}`, { id });
    return alarm;
  }

  private async commit(before: Alarm | null, after: Alarm, action: AlarmAction, actor: Actor, comment: string | null): Promise<AlarmView> {
    const view = alarmView(after);
    const eventId = this.newId();
    await this.store.unitOfWork(async (repos) => {
      await repos.alarms.save(after);
      await repos.alarmEvents.insert({ id: eventId, alarmId: after.id, at: after.updatedAt, action, actor: actor.id, door: actor.door, comment, alarm: after });
      await recordAudit(repos, { id: this.newId(), at: after.updatedAt, actor, action: `alarm.${action}`, targetType: "alarm", targetId: after.id, before: before && alarmView(before), after: view });
    });
    if (isClosed(after)) this.open.delete(after.id);
    else this.open.set(after.id, after);
    this.tell(view, eventId);
    this.bus.emit("alarm.changed", { alarm: view });
    return view;
  }

  /** Notes the state told of an alarm and the event row it is stored with; false when it was told already. */
  private tell(view: AlarmView, eventId: string): boolean {
    if (!this.followsPeers) return true;
    const json = JSON.stringify(view);
    if (this.told.get(view.id)?.json === json) return false;
    this.told.delete(view.id);
    this.told.set(view.id, { json, eventId });
    if (this.told.size > TOLD_KEPT) this.told.delete(this.told.keys().next().value!);
    return true;
  }
}
