import { And, In, LessThan, MoreThanOrEqual, type EntityManager, type FindOptionsWhere } from "typeorm";
import type { Characteristic, RecordedBy } from "../../domain/quality/inspection-plan.js";
import type { NelsonRule } from "../../domain/quality/nelson-rules.js";
import type {
  InspectionPlanReader,
  InspectionPlanRecord,
  InspectionPlanRepository,
  NcrReader,
  NcrRecord,
  NcrRepository,
  NcrStatus,
  QualityResultFilter,
  QualityResultReader,
  QualityResultRecord,
  QualityResultRepository,
} from "../../services/ports/quality.js";
import { CharacteristicEntity, InspectionPlanEntity, NcrEntity, QualityResultEntity, type CharacteristicRow, type InspectionPlanRow, type NcrRow, type QualityResultRow } from "../entities/quality-entities.js";

const num = (value: number | string | null) => (value === null ? null : Number(value));

function characteristic(row: CharacteristicRow): Characteristic {
  if (row.kind === "attribute") return { id: row.id, name: row.name, kind: "attribute", defectCodes: row.defectCodes ? JSON.parse(row.defectCodes) : [] };
  return {
    id: row.id,
    name: row.name,
    kind: "variable",
    nominal: Number(row.nominal),
    lsl: num(row.lsl),
    usl: num(row.usl),
    unit: row.unit ?? "",
    subgroupSize: row.subgroupSize ?? 1,
    rules: (row.rules ?? "").split(",").filter(Boolean).map(Number) as NelsonRule[],
  };
}

function characteristicRow(planId: string, c: Characteristic, position: number): CharacteristicRow {
  const common = { id: c.id, planId, position, name: c.name, kind: c.kind };
  if (c.kind === "attribute") return { ...common, nominal: null, lsl: null, usl: null, unit: null, subgroupSize: null, rules: null, defectCodes: JSON.stringify(c.defectCodes) };
  return { ...common, nominal: c.nominal, lsl: c.lsl, usl: c.usl, unit: c.unit, subgroupSize: c.subgroupSize, rules: c.rules.join(","), defectCodes: null };
}

export class TypeOrmInspectionPlanReader implements InspectionPlanReader {
  constructor(protected readonly manager: EntityManager) {}

  async findAll(): Promise<InspectionPlanRecord[]> {
    return this.withCharacteristics(await this.manager.find(InspectionPlanEntity, { order: { id: "ASC" } }));
  }

  async findById(id: string): Promise<InspectionPlanRecord | null> {
    const [plan] = await this.withCharacteristics(await this.manager.findBy(InspectionPlanEntity, { id }));
    return plan ?? null;
  }

  async findByProduct(productId: string): Promise<InspectionPlanRecord[]> {
    return this.withCharacteristics(await this.manager.find(InspectionPlanEntity, { where: { productId }, order: { step: "ASC", id: "ASC" } }));
  }

  private async withCharacteristics(rows: InspectionPlanRow[]): Promise<InspectionPlanRecord[]> {
    if (rows.length === 0) return [];
    const all = await this.manager.find(CharacteristicEntity, { order: { planId: "ASC", position: "ASC" } });
    return rows.map(({ frequency, holdJobOnSignal, recordedBy, ...row }) => ({
      ...row,
      recordedBy: recordedBy as RecordedBy,
      frequency: JSON.parse(frequency),
      holdJobOnSignal: Boolean(holdJobOnSignal),
      characteristics: all.filter((c) => c.planId === row.id).map(characteristic),
    }));
  }
}

export class TypeOrmInspectionPlanRepository extends TypeOrmInspectionPlanReader implements InspectionPlanRepository {
  async save({ characteristics, frequency, ...plan }: InspectionPlanRecord): Promise<void> {
    await this.manager.save(InspectionPlanEntity, { ...plan, frequency: JSON.stringify(frequency) });
    await this.manager.delete(CharacteristicEntity, { planId: plan.id });
    if (characteristics.length > 0) await this.manager.insert(CharacteristicEntity, characteristics.map((c, position) => characteristicRow(plan.id, c, position)));
  }

  async delete(id: string): Promise<void> {
    await this.manager.delete(CharacteristicEntity, { planId: id });
    await this.manager.delete(InspectionPlanEntity, { id });
  }
}

const result = (row: QualityResultRow): QualityResultRecord => ({ ...row, value: num(row.value), passed: Boolean(row.passed) });

export class TypeOrmQualityResultReader implements QualityResultReader {
  constructor(protected readonly manager: EntityManager) {}

  async find({ characteristicId, equipmentId, jobOrderId, from, to, limit }: QualityResultFilter): Promise<QualityResultRecord[]> {
    const where: FindOptionsWhere<QualityResultRow> = {};
    if (characteristicId) where.characteristicId = characteristicId;
    if (equipmentId) where.equipmentId = equipmentId;
    if (jobOrderId) where.jobOrderId = jobOrderId;
    if (from && to) where.recordedAt = And(MoreThanOrEqual(from), LessThan(to));
    else if (from) where.recordedAt = MoreThanOrEqual(from);
    else if (to) where.recordedAt = LessThan(to);
    const rows = await this.manager.find(QualityResultEntity, { where, order: { recordedAt: "DESC", id: "DESC" }, ...(limit ? { take: limit } : {}) });
    return rows.reverse().map(result);
  }

  async findById(id: string): Promise<QualityResultRecord | null> {
    const row = await this.manager.findOneBy(QualityResultEntity, { id });
    return row && result(row);
  }
}

export class TypeOrmQualityResultRepository extends TypeOrmQualityResultReader implements QualityResultRepository {
  async insert(record: QualityResultRecord): Promise<void> {
    await this.manager.insert(QualityResultEntity, { ...record });
  }
}

function ncr(row: NcrRow): NcrRecord {
  const action =
    row.actionDescription !== null && row.actionOwner !== null && row.actionDueAt !== null
      ? { description: row.actionDescription, owner: row.actionOwner, dueAt: row.actionDueAt, verifiedBy: row.actionVerifiedBy, verifiedAt: row.actionVerifiedAt }
      : null;
  return {
    id: row.id,
    source: row.source as NcrRecord["source"],
    description: row.description,
    quantity: row.quantity,
    lotIds: row.lotIds ? JSON.parse(row.lotIds) : [],
    equipmentId: row.equipmentId,
    jobOrderId: row.jobOrderId,
    productId: row.productId,
    characteristicId: row.characteristicId,
    resultId: row.resultId,
    openedBy: row.openedBy,
    openedAt: row.openedAt,
    status: row.status as NcrStatus,
    disposition: row.disposition as NcrRecord["disposition"],
    dispositionBy: row.dispositionBy,
    dispositionAt: row.dispositionAt,
    correctiveAction: action,
  };
}

function ncrRow({ correctiveAction, lotIds, ...record }: NcrRecord): NcrRow {
  return {
    ...record,
    lotIds: lotIds.length > 0 ? JSON.stringify(lotIds) : null,
    actionDescription: correctiveAction?.description ?? null,
    actionOwner: correctiveAction?.owner ?? null,
    actionDueAt: correctiveAction?.dueAt ?? null,
    actionVerifiedBy: correctiveAction?.verifiedBy ?? null,
    actionVerifiedAt: correctiveAction?.verifiedAt ?? null,
  };
}

export class TypeOrmNcrReader implements NcrReader {
  constructor(protected readonly manager: EntityManager) {}

  async findAll(status?: NcrStatus): Promise<NcrRecord[]> {
    return (await this.manager.find(NcrEntity, { where: status ? { status } : {}, order: { openedAt: "DESC", id: "DESC" } })).map(ncr);
  }

  async findOpenedIn(equipmentIds: readonly string[], from: Date, to: Date): Promise<NcrRecord[]> {
    if (equipmentIds.length === 0) return [];
    return (await this.manager.find(NcrEntity, { where: { equipmentId: In([...equipmentIds]), openedAt: And(MoreThanOrEqual(from), LessThan(to)) }, order: { openedAt: "DESC", id: "DESC" } })).map(ncr);
  }

  async findById(id: string): Promise<NcrRecord | null> {
    const row = await this.manager.findOneBy(NcrEntity, { id });
    return row && ncr(row);
  }
}

export class TypeOrmNcrRepository extends TypeOrmNcrReader implements NcrRepository {
  async insert(record: NcrRecord): Promise<void> {
    await this.manager.insert(NcrEntity, ncrRow(record));
  }

  async update(record: NcrRecord): Promise<void> {
    const { id, ...rest } = ncrRow(record);
    await this.manager.update(NcrEntity, { id }, rest);
  }
}
