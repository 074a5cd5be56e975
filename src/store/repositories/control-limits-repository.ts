import type { EntityManager } from "typeorm";
import type { ControlLimitsBaseline, ControlLimitsReader, ControlLimitsRecord, ControlLimitsRepository } from "../../services/ports/quality.js";
import { ControlLimitsEntity, type ControlLimitsRow } from "../entities/quality-entities.js";

function baselineOf(json: string): ControlLimitsBaseline {
  const baseline = JSON.parse(json) as ControlLimitsBaseline;
  return baseline.kind === "dates" ? { kind: "dates", from: new Date(baseline.from), to: new Date(baseline.to) } : baseline;
}

const record = (row: ControlLimitsRow): ControlLimitsRecord => ({ ...row, baseline: baselineOf(row.baseline), limits: JSON.parse(row.limits) });

export class TypeOrmControlLimitsReader implements ControlLimitsReader {
  constructor(protected readonly manager: EntityManager) {}

  async findByCharacteristic(characteristicId: string): Promise<ControlLimitsRecord | null> {
    const row = await this.manager.findOneBy(ControlLimitsEntity, { characteristicId });
    return row && record(row);
  }
}

export class TypeOrmControlLimitsRepository extends TypeOrmControlLimitsReader implements ControlLimitsRepository {
  async save(limits: ControlLimitsRecord): Promise<void> {
    await this.manager.save(ControlLimitsEntity, { ...limits, baseline: JSON.stringify(limits.baseline), limits: JSON.stringify(limits.limits) });
  }

  async delete(characteristicId: string): Promise<void> {
    await this.manager.delete(ControlLimitsEntity, { characteristicId });
  }
}
