import { And, LessThan, MoreThan, MoreThanOrEqual, type EntityManager, type FindOptionsWhere } from "typeorm";
import type { AlarmKind, ConditionTypeName } from "../../domain/alarms/alarm-kinds.js";
import { isClosed, type ShelvingMode } from "../../domain/alarms/alarm.js";
import type { AlarmAction, AlarmEventReader, AlarmEventRecord, AlarmEventRepository, AlarmFilter, AlarmReader, AlarmRecord, AlarmRepository } from "../../services/ports/alarms.js";
import type { Page } from "../../services/ports/page.js";
import { AlarmEntity, AlarmEventEntity, type AlarmEventRow, type AlarmRow } from "../entities/alarm-entities.js";

const date = (value: Date | string | null): Date | null => (value === null ? null : new Date(value));

function toAlarm({ open: _open, comments, ...row }: AlarmRow): AlarmRecord {
  return {
    ...row,
    kind: row.kind as AlarmKind,
    conditionType: row.conditionType as ConditionTypeName,
    severity: Number(row.severity),
    active: Boolean(row.active),
    acknowledged: Boolean(row.acknowledged),
    confirmed: Boolean(row.confirmed),
    shelved: row.shelved as ShelvingMode,
    activeSince: new Date(row.activeSince),
    clearedAt: date(row.clearedAt),
    acknowledgedAt: date(row.acknowledgedAt),
    confirmedAt: date(row.confirmedAt),
    shelvedUntil: date(row.shelvedUntil),
    updatedAt: new Date(row.updatedAt),
    comments: (JSON.parse(comments) as { at: string; by: string; text: string }[]).map((c) => ({ ...c, at: new Date(c.at) })),
  };
}

/** The alarm as JSON keeps its dates as ISO strings; this brings them back. */
export function alarmFromJson(json: string): AlarmRecord {
  const parsed = JSON.parse(json) as Omit<AlarmRow, "comments" | "open"> & { comments: unknown[] };
  return toAlarm({ ...parsed, open: false, comments: JSON.stringify(parsed.comments) } as AlarmRow);
}

function toRow(alarm: AlarmRecord): AlarmRow {
  return { ...alarm, open: !isClosed(alarm), comments: JSON.stringify(alarm.comments) };
}

function where(filter: AlarmFilter): FindOptionsWhere<AlarmRow> {
  const clause: FindOptionsWhere<AlarmRow> = {};
  if (filter.active !== undefined) clause.active = filter.active;
  if (filter.workUnitId) clause.workUnitId = filter.workUnitId;
  if (filter.kind) clause.kind = filter.kind;
  if (filter.from && filter.to) clause.activeSince = And(MoreThanOrEqual(filter.from), LessThan(filter.to));
  else if (filter.from) clause.activeSince = MoreThanOrEqual(filter.from);
  else if (filter.to) clause.activeSince = LessThan(filter.to);
  return clause;
}

export class TypeOrmAlarmReader implements AlarmReader {
  constructor(protected readonly manager: EntityManager) {}

  async find(filter: AlarmFilter, page: Page): Promise<{ items: AlarmRecord[]; total: number }> {
    const [rows, total] = await this.manager.findAndCount(AlarmEntity, { where: where(filter), order: { activeSince: "DESC", id: "DESC" }, take: page.limit, skip: page.offset });
    return { items: rows.map(toAlarm), total };
  }

  async findById(id: string): Promise<AlarmRecord | null> {
    const row = await this.manager.findOneBy(AlarmEntity, { id });
    return row && toAlarm(row);
  }

  async findOpen(): Promise<AlarmRecord[]> {
    return (await this.manager.find(AlarmEntity, { where: { open: true }, order: { activeSince: "ASC", id: "ASC" } })).map(toAlarm);
  }
}

export class TypeOrmAlarmRepository extends TypeOrmAlarmReader implements AlarmRepository {
  async save(alarm: AlarmRecord): Promise<void> {
    await this.manager.save(AlarmEntity, toRow(alarm));
  }
}

const toEvent = (row: AlarmEventRow): AlarmEventRecord => ({ id: row.id, alarmId: row.alarmId, at: new Date(row.at), action: row.action as AlarmAction, actor: row.actor, door: row.door, comment: row.comment, alarm: alarmFromJson(row.state) });

export class TypeOrmAlarmEventReader implements AlarmEventReader {
  constructor(protected readonly manager: EntityManager) {}

  async find(range: { from: Date; to: Date; reverse?: boolean }, page: Page): Promise<AlarmEventRecord[]> {
    const order = range.reverse ? "DESC" : "ASC";
    const rows = await this.manager.find(AlarmEventEntity, { where: { at: And(MoreThanOrEqual(range.from), LessThan(range.to)) }, order: { at: order, id: order }, take: page.limit, skip: page.offset });
    return rows.map(toEvent);
  }

  async findMadeAfter(afterId: string, limit: number): Promise<AlarmEventRecord[]> {
    // The primary key's range: no other index needed.
    return (await this.manager.find(AlarmEventEntity, { where: { id: MoreThan(afterId) }, order: { id: "ASC" }, take: limit })).map(toEvent);
  }
}

export class TypeOrmAlarmEventRepository extends TypeOrmAlarmEventReader implements AlarmEventRepository {
  async insert(event: AlarmEventRecord): Promise<void> {
    await this.manager.insert(AlarmEventEntity, { id: event.id, alarmId: event.alarmId, at: event.at, action: event.action, actor: event.actor, door: event.door, comment: event.comment, state: JSON.stringify(event.alarm) });
  }
}
