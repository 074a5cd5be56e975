import { Between, LessThan, MoreThanOrEqual, type EntityManager, type FindOptionsWhere } from "typeorm";
import type { AuditEntry, AuditRepository, Door, Page } from "../../services/ports.js";
import { AuditEntity, type AuditRow } from "../entities/audit-entity.js";

const toEntry = (row: AuditRow): AuditEntry => ({
  ...row,
  door: row.door as Door,
  before: row.before === null ? null : JSON.parse(row.before),
  after: row.after === null ? null : JSON.parse(row.after),
});

/** Append-only: the repository offers no update or delete, so no door can edit the trail. */
export class TypeOrmAuditRepository implements AuditRepository {
  constructor(private readonly manager: EntityManager) {}

  async append(entry: AuditEntry): Promise<void> {
    await this.manager.insert(AuditEntity, {
      ...entry,
      before: entry.before === undefined || entry.before === null ? null : JSON.stringify(entry.before),
      after: entry.after === undefined || entry.after === null ? null : JSON.stringify(entry.after),
    });
  }

  async find(filter: { targetType?: string; targetId?: string; door?: Door; from?: Date; to?: Date }, page: Page): Promise<AuditEntry[]> {
    const where: FindOptionsWhere<AuditRow> = {};
    if (filter.targetType) where.targetType = filter.targetType;
    if (filter.targetId) where.targetId = filter.targetId;
    if (filter.door) where.door = filter.door;
    if (filter.from && filter.to) where.at = Between(filter.from, new Date(filter.to.getTime() - 1));
    else if (filter.from) where.at = MoreThanOrEqual(filter.from);
    else if (filter.to) where.at = LessThan(filter.to);
    const rows = await this.manager.find(AuditEntity, { where, order: { at: "DESC", id: "DESC" }, take: page.limit, skip: page.offset });
    return rows.map(toEntry);
  }
}
