import { Between, LessThan, Like, MoreThanOrEqual, type EntityManager, type FindOptionsWhere } from "typeorm";
import type { Door } from "../../services/actor.js";
import type { AuditEntry, AuditFilter, AuditReader, AuditRepository } from "../../services/ports/audit.js";
import type { Page } from "../../services/ports/page.js";
import { AuditEntity, type AuditRow } from "../entities/audit-entity.js";

const toEntry = (row: AuditRow): AuditEntry => ({
  ...row,
  door: row.door as Door,
  before: row.before === null ? null : JSON.parse(row.before),
  after: row.after === null ? null : JSON.parse(row.after),
});

function where(filter: AuditFilter): FindOptionsWhere<AuditRow> {
  const clause: FindOptionsWhere<AuditRow> = {};
  if (filter.targetType) clause.targetType = filter.targetType;
  if (filter.targetId) clause.targetId = filter.targetId;
  if (filter.door) clause.door = filter.door;
  if (filter.actor) clause.actor = filter.actor;
  if (filter.action) clause.action = filter.action.endsWith(".") ? Like(`${filter.action.replace(/[\\%_]/g, "\\$&")}%`) : filter.action;
  if (filter.from && filter.to) clause.at = Between(filter.from, new Date(filter.to.getTime() - 1));
  else if (filter.from) clause.at = MoreThanOrEqual(filter.from);
  else if (filter.to) clause.at = LessThan(filter.to);
  return clause;
}

/** Append-only: the repository offers no update or delete, so no door can edit the trail. */
export class TypeOrmAuditReader implements AuditReader {
  constructor(protected readonly manager: EntityManager) {}

  async find(filter: AuditFilter, page: Page): Promise<AuditEntry[]> {
    const rows = await this.manager.find(AuditEntity, { where: where(filter), order: { at: "DESC", id: "DESC" }, take: page.limit, skip: page.offset });
    return rows.map(toEntry);
  }

  count(filter: AuditFilter): Promise<number> {
    return this.manager.count(AuditEntity, { where: where(filter) });
  }
}

export class TypeOrmAuditRepository extends TypeOrmAuditReader implements AuditRepository {
  async append(entry: AuditEntry): Promise<void> {
    await this.manager.insert(AuditEntity, {
      ...entry,
      via: entry.via ?? null,
      before: entry.before === undefined || entry.before === null ? null : JSON.stringify(entry.before),
      after: entry.after === undefined || entry.after === null ? null : JSON.stringify(entry.after),
    });
  }
}
