import { And, In, IsNull, LessThan, MoreThanOrEqual, Not, type EntityManager, type FindOptionsWhere } from "typeorm";
import type { BomLine } from "../../domain/inventory/bill-of-materials.js";
import type { GenealogyEdge } from "../../domain/inventory/genealogy.js";
import type { LotStatus, MovementKind } from "../../domain/inventory/lot-status.js";
import type {
  BomReader,
  BomRepository,
  LotFilter,
  MaterialClassReader,
  MaterialClassRecord,
  MaterialClassRepository,
  MaterialLotReader,
  MaterialLotRecord,
  MaterialLotRepository,
  MaterialMovementReader,
  MaterialMovementRecord,
  MaterialMovementRepository,
  MaterialPropertyRecord,
  StagingReader,
  StagingRecord,
  StagingRepository,
  StockRow,
} from "../../services/ports/inventory.js";
import type { Page } from "../../services/ports/page.js";
import { dialectOfDriver, likePrefixPattern, LIKE_ESCAPE_CLAUSE, ROW_LOCKS } from "../dialect.js";
import {
  BomLineEntity,
  MaterialClassEntity,
  MaterialClassMemberEntity,
  MaterialLotEntity,
  MaterialMovementEntity,
  MaterialPropertyEntity,
  StagingEntity,
  type BomLineRow,
  type MaterialLotRow,
  type MaterialMovementRow,
} from "../entities/inventory-entities.js";
import { RawRows } from "./raw-rows.js";

/** Ids per IN (...) list: well under every dialect's bound-parameter limit. */
const IN_CHUNK = 500;

const lot = (row: MaterialLotRow): MaterialLotRecord => ({ ...row, quantity: Number(row.quantity), status: row.status as LotStatus });
const movement = (row: MaterialMovementRow): MaterialMovementRecord => ({ ...row, kind: row.kind as MovementKind, quantity: Number(row.quantity), override: Boolean(row.override) });
const bomLine = ({ position: _position, ...row }: BomLineRow): BomLine => ({ ...row, quantityPerGood: Number(row.quantityPerGood), quantityPerScrap: Number(row.quantityPerScrap) });

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += IN_CHUNK) out.push(items.slice(start, start + IN_CHUNK));
  return out;
}

export class TypeOrmMaterialClassReader implements MaterialClassReader {
  constructor(protected readonly manager: EntityManager) {}

  async findAll(): Promise<MaterialClassRecord[]> {
    return this.manager.find(MaterialClassEntity, { order: { id: "ASC" } });
  }

  async findById(id: string): Promise<MaterialClassRecord | null> {
    return this.manager.findOneBy(MaterialClassEntity, { id });
  }

  async classOfDefinitions(): Promise<Map<string, string>> {
    return new Map((await this.manager.find(MaterialClassMemberEntity)).map((row) => [row.materialDefinitionId, row.classId]));
  }

  async findProperties(materialDefinitionId: string): Promise<MaterialPropertyRecord[]> {
    return this.manager.find(MaterialPropertyEntity, { where: { materialDefinitionId }, order: { name: "ASC" } });
  }
}

export class TypeOrmMaterialClassRepository extends TypeOrmMaterialClassReader implements MaterialClassRepository {
  async upsert(record: MaterialClassRecord): Promise<void> {
    await this.manager.save(MaterialClassEntity, { ...record });
  }

  async setClassOf(materialDefinitionId: string, classId: string | null): Promise<void> {
    await this.manager.delete(MaterialClassMemberEntity, { materialDefinitionId });
    if (classId) await this.manager.insert(MaterialClassMemberEntity, { materialDefinitionId, classId });
  }

  async replaceProperties(materialDefinitionId: string, properties: readonly MaterialPropertyRecord[]): Promise<void> {
    await this.manager.delete(MaterialPropertyEntity, { materialDefinitionId });
    if (properties.length > 0) await this.manager.insert(MaterialPropertyEntity, properties.map((p) => ({ ...p, materialDefinitionId })));
  }
}

const lotWhere = (filter: LotFilter): FindOptionsWhere<MaterialLotRow> => ({
  ...(filter.materialDefinitionId !== undefined && { materialDefinitionId: filter.materialDefinitionId }),
  ...(filter.status !== undefined && { status: filter.status }),
  ...(filter.locationId !== undefined && { locationId: filter.locationId }),
  ...(filter.jobOrderId !== undefined && { jobOrderId: filter.jobOrderId }),
});

export class TypeOrmMaterialLotReader implements MaterialLotReader {
  constructor(protected readonly manager: EntityManager) {}

  async findById(id: string): Promise<MaterialLotRecord | null> {
    const row = await this.manager.findOneBy(MaterialLotEntity, { id });
    return row && lot(row);
  }

  async findMany(filter: LotFilter, page: Page): Promise<{ items: MaterialLotRecord[]; total: number }> {
    const [rows, total] = await this.manager.findAndCount(MaterialLotEntity, { where: lotWhere(filter), order: { createdAt: "DESC", id: "ASC" }, take: page.limit, skip: page.offset });
    return { items: rows.map(lot), total };
  }

  async findByIds(ids: readonly string[]): Promise<MaterialLotRecord[]> {
    const rows: MaterialLotRow[] = [];
    for (const part of chunks(ids)) rows.push(...(await this.manager.find(MaterialLotEntity, { where: { id: In(part) } })));
    return rows.map(lot);
  }

  async stock(filter: Pick<LotFilter, "locationId" | "materialDefinitionId">): Promise<StockRow[]> {
    const query = this.manager
      .createQueryBuilder(MaterialLotEntity, "lot")
      .select("lot.locationId", "locationId")
      .addSelect("lot.materialDefinitionId", "materialDefinitionId")
      .addSelect("lot.status", "status")
      .addSelect("lot.unit", "unit")
      .addSelect("SUM(lot.quantity)", "quantity")
      .addSelect("COUNT(*)", "lots")
      .groupBy("lot.locationId")
      .addGroupBy("lot.materialDefinitionId")
      .addGroupBy("lot.status")
      .addGroupBy("lot.unit")
      .orderBy("lot.locationId")
      .addOrderBy("lot.materialDefinitionId")
      .addOrderBy("lot.status");
    if (filter.locationId !== undefined) query.andWhere("lot.locationId = :locationId", { locationId: filter.locationId });
    if (filter.materialDefinitionId !== undefined) query.andWhere("lot.materialDefinitionId = :materialDefinitionId", { materialDefinitionId: filter.materialDefinitionId });
    const rows = await query.getRawMany<{ locationId: string | null; materialDefinitionId: string; status: string; unit: string; quantity: number | string; lots: number | string }>();
    return rows.map((row) => ({ ...row, status: row.status as LotStatus, quantity: Math.round(Number(row.quantity) * 1e6) / 1e6, lots: Number(row.lots) }));
  }

  async countWithPrefix(prefix: string): Promise<number> {
    const escape = LIKE_ESCAPE_CLAUSE[dialectOfDriver(this.manager.connection.options.type)];
    return this.manager.createQueryBuilder(MaterialLotEntity, "lot").where(`lot.id LIKE :pattern${escape}`, { pattern: likePrefixPattern(prefix) }).getCount();
  }
}

export class TypeOrmMaterialLotRepository extends TypeOrmMaterialLotReader implements MaterialLotRepository {
  async insert(record: MaterialLotRecord): Promise<void> {
    await this.manager.insert(MaterialLotEntity, { ...record });
  }

  async findForUpdate(id: string): Promise<MaterialLotRecord | null> {
    const locks = ROW_LOCKS[dialectOfDriver(this.manager.connection.options.type)];
    const row = await this.manager.findOne(MaterialLotEntity, { where: { id }, ...(locks && { lock: { mode: "pessimistic_write" as const } }) });
    return row && lot(row);
  }

  async update(id: string, fields: Partial<Pick<MaterialLotRecord, "quantity" | "status" | "locationId" | "carrierId" | "updatedAt">>): Promise<void> {
    await this.manager.update(MaterialLotEntity, { id }, fields);
  }
}

export class TypeOrmMaterialMovementReader implements MaterialMovementReader {
  constructor(protected readonly manager: EntityManager) {}

  async findByLot(lotId: string, page: Page): Promise<MaterialMovementRecord[]> {
    const rows = await this.manager.find(MaterialMovementEntity, { where: [{ fromLotId: lotId }, { toLotId: lotId }], order: { at: "DESC", id: "DESC" }, take: page.limit, skip: page.offset });
    return rows.map(movement);
  }

  async findByJobOrder(jobOrderId: string): Promise<MaterialMovementRecord[]> {
    return (await new RawRows(this.manager, MaterialMovementEntity).find({ jobOrderId }, ["at", "id"])).map(movement);
  }

  async findMany(filter: { workUnitId?: string; jobOrderId?: string; problem?: boolean; from?: Date; to?: Date }, page: Page): Promise<MaterialMovementRecord[]> {
    const at = filter.from && filter.to ? And(MoreThanOrEqual(filter.from), LessThan(filter.to)) : filter.from ? MoreThanOrEqual(filter.from) : filter.to ? LessThan(filter.to) : undefined;
    const where: FindOptionsWhere<MaterialMovementRow> = {
      ...(filter.workUnitId !== undefined && { workUnitId: filter.workUnitId }),
      ...(filter.jobOrderId !== undefined && { jobOrderId: filter.jobOrderId }),
      ...(filter.problem !== undefined && { problem: filter.problem ? Not(IsNull()) : IsNull() }),
      ...(at && { at }),
    };
    return (await this.manager.find(MaterialMovementEntity, { where, order: { at: "DESC", id: "DESC" }, take: page.limit, skip: page.offset })).map(movement);
  }

  async edges(direction: "backward" | "forward", lotIds: readonly string[]): Promise<GenealogyEdge[]> {
    const out: GenealogyEdge[] = [];
    for (const part of chunks(lotIds)) {
      // One index range per frontier lot (ix_material_movement_to_lot / _from_lot); a movement within one lot (a move) is no edge.
      const where = direction === "backward" ? { toLotId: In(part), fromLotId: Not(IsNull()) } : { fromLotId: In(part), toLotId: Not(IsNull()) };
      const rows = await this.manager.find(MaterialMovementEntity, {
        select: { id: true, kind: true, fromLotId: true, toLotId: true, quantity: true, unit: true, at: true, jobOrderId: true, workUnitId: true, actor: true, carrierId: true },
        where,
        order: { at: "ASC", id: "ASC" },
      });
      for (const row of rows) {
        if (row.fromLotId === row.toLotId) continue;
        out.push({ movementId: row.id, kind: row.kind, fromLotId: row.fromLotId!, toLotId: row.toLotId!, quantity: Number(row.quantity), unit: row.unit, at: row.at, jobOrderId: row.jobOrderId, workUnitId: row.workUnitId, actor: row.actor, carrierId: row.carrierId });
      }
    }
    return out;
  }
}

export class TypeOrmMaterialMovementRepository extends TypeOrmMaterialMovementReader implements MaterialMovementRepository {
  async append(records: readonly MaterialMovementRecord[]): Promise<void> {
    for (const part of chunks(records)) await this.manager.insert(MaterialMovementEntity, part.map((record) => ({ ...record })));
  }
}

export class TypeOrmStagingReader implements StagingReader {
  constructor(protected readonly manager: EntityManager) {}

  async findByWorkUnit(workUnitId: string): Promise<StagingRecord[]> {
    return this.manager.find(StagingEntity, { where: { workUnitId }, order: { materialDefinitionId: "ASC" } });
  }

  async findAll(): Promise<StagingRecord[]> {
    return this.manager.find(StagingEntity, { order: { workUnitId: "ASC", materialDefinitionId: "ASC" } });
  }
}

export class TypeOrmStagingRepository extends TypeOrmStagingReader implements StagingRepository {
  async stage(record: StagingRecord): Promise<void> {
    await this.manager.delete(StagingEntity, { workUnitId: record.workUnitId, materialDefinitionId: record.materialDefinitionId });
    await this.manager.insert(StagingEntity, { ...record });
  }

  async unstage(workUnitId: string, materialDefinitionId: string): Promise<void> {
    await this.manager.delete(StagingEntity, { workUnitId, materialDefinitionId });
  }
}

export class TypeOrmBomReader implements BomReader {
  constructor(protected readonly manager: EntityManager) {}

  async findByProduct(productId: string): Promise<BomLine[]> {
    return (await this.manager.find(BomLineEntity, { where: { productId }, order: { step: "ASC", position: "ASC" } })).map(bomLine);
  }

  async findAll(): Promise<BomLine[]> {
    return (await this.manager.find(BomLineEntity, { order: { productId: "ASC", step: "ASC", position: "ASC" } })).map(bomLine);
  }
}

export class TypeOrmBomRepository extends TypeOrmBomReader implements BomRepository {
  async replaceForProduct(productId: string, lines: readonly BomLine[]): Promise<void> {
    await this.manager.delete(BomLineEntity, { productId });
    if (lines.length > 0) await this.manager.insert(BomLineEntity, lines.map((line, position) => ({ ...line, productId, position })));
  }
}
