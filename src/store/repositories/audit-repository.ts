import { Between, LessThan, MoreThanOrEqual, Raw, type EntityManager, type FindOptionsWhere } from "typeorm";
import type { Door } from "../../services/actor.js";
import type { AuditEntry, AuditFilter, AuditReader, AuditRepository } from "../../services/ports/audit.js";
import type { Page } from "../../services/ports/page.js";
import { dialectOfDriver, LIKE_ESCAPE_CLAUSE, likePrefixPattern } from "../dialect.js";
import { AuditEntity, type AuditRow } from "../entities/audit-entity.js";
import { RawRows } from "./raw-rows.js";

const toEntry = (row: AuditRow): AuditEntry => ({
  ...row,
  door: row.door as Door,
  before: row.before === null ? null : JSON.parse(row.before),
  after: row.after === null ? null : JSON.parse(row.after),
});

function where(filter: AuditFilter, manager: EntityManager): FindOptionsWhere<AuditRow> {
  const clause: FindOptionsWhere<AuditRow> = {};
  if (filter.targetType) clause.targetType = filter.targetType;
  if (filter.targetId) clause.targetId = filter.targetId;
  if (filter.door) clause.door = filter.door;
  if (filter.actor) clause.actor = filter.actor;
  if (filter.action) clause.action = filter.action.endsWith(".") ? actionPrefix(filter.action, manager) : filter.action;
  if (filter.from && filter.to) clause.at = Between(filter.from, new Date(filter.to.getTime() - 1));
  else if (filter.from) clause.at = MoreThanOrEqual(filter.from);
  else if (filter.to) clause.at = LessThan(filter.to);
  return clause;
}

/** `job_order.` matches `job_order.started`, never `jobXorder.started`: the prefix's _ and % are literal on both dialects. */
function actionPrefix(prefix: string, manager: EntityManager) {
  const escape = LIKE_ESCAPE_CLAUSE[dialectOfDriver(manager.connection.options.type)];
  return Raw((column) => `${column} LIKE :actionPrefix${escape}`, { actionPrefix: likePrefixPattern(prefix) });
}

/** Append-only: the repository offers no update or delete, so no door can edit the trail. */
export class TypeOrmAuditReader implements AuditReader {
  constructor(protected readonly manager: EntityManager) {}

  async find(filter: AuditFilter, page: Page): Promise<AuditEntry[]> {
    const rows = await this.manager.find(AuditEntity, { where: where(filter, this.manager), order: { at: "DESC", id: "DESC" }, take: page.limit, skip: page.offset });
    return rows.map(toEntry);
  }

  count(filter: AuditFilter): Promise<number> {
    return this.manager.count(AuditEntity, { where: where(filter, this.manager) });
  }
}

export class TypeOrmAuditRepository extends TypeOrmAuditReader implements AuditRepository {
  async append(entry: AuditEntry): Promise<void> {
    await new RawRows(this.manager, AuditEntity).insert({
      ...entry,
      via: entry.via ?? null,
      before: entry.before === undefined || entry.before === null ? null : JSON.stringify(entry.before),
      after: entry.after === undefined || entry.after === null ? null : JSON.stringify(entry.after),
    });
  }
}
