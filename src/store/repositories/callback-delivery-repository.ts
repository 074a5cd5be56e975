import { IsNull, LessThanOrEqual, Not, type EntityManager } from "typeorm";
import type { CallbackDeliveryRecord, CallbackDeliveryReader, CallbackDeliveryRepository } from "../../services/ports/orders.js";
import { CallbackDeliveryEntity } from "../entities/order-entities.js";

export class TypeOrmCallbackDeliveryReader implements CallbackDeliveryReader {
  constructor(protected readonly manager: EntityManager) {}

  async findDue(now: Date, limit: number): Promise<CallbackDeliveryRecord[]> {
    return this.manager.find(CallbackDeliveryEntity, { where: { nextAttemptAt: LessThanOrEqual(now) }, order: { createdAt: "ASC", id: "ASC" }, take: limit });
  }

  async nextDueAt(): Promise<Date | null> {
    const next = await this.manager.findOne(CallbackDeliveryEntity, { where: { nextAttemptAt: Not(IsNull()) }, order: { nextAttemptAt: "ASC" } });
    return next?.nextAttemptAt ?? null;
  }

  async findByWorkOrder(workOrderId: string): Promise<CallbackDeliveryRecord[]> {
    return this.manager.find(CallbackDeliveryEntity, { where: { workOrderId }, order: { createdAt: "ASC", id: "ASC" } });
  }

  async countPending(): Promise<number> {
    return this.manager.count(CallbackDeliveryEntity, { where: { nextAttemptAt: Not(IsNull()) } });
  }
}

export class TypeOrmCallbackDeliveryRepository extends TypeOrmCallbackDeliveryReader implements CallbackDeliveryRepository {
  constructor(
    manager: EntityManager,
    private readonly wrote: () => void = () => undefined,
  ) {
    super(manager);
  }

  async insert(record: CallbackDeliveryRecord): Promise<void> {
    await this.manager.insert(CallbackDeliveryEntity, { ...record });
    this.wrote();
  }

  async update(record: CallbackDeliveryRecord): Promise<void> {
    const { id, ...fields } = record;
    await this.manager.update(CallbackDeliveryEntity, { id }, fields);
  }

  async replacePendingPayload(id: string, expected: string, payload: string): Promise<boolean> {
    const result = await this.manager.update(CallbackDeliveryEntity, { id, payload: expected, attempts: 0, deliveredAt: IsNull() }, { payload });
    return (result.affected ?? 0) > 0;
  }
}
