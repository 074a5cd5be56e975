import { In, type EntityManager, type EntitySchema } from "typeorm";

/**
 * Inserts the records that are new, updates those whose fields differ, and leaves equal rows alone,
 * so restarting with an unchanged configuration writes nothing.
 */
export async function upsertChanged<Row extends { id: string; createdAt: Date; updatedAt: Date }, Record extends { id: string }>(
  manager: EntityManager,
  entity: EntitySchema<Row>,
  records: readonly Record[],
  toRecord: (row: Row) => Record,
): Promise<{ inserted: string[]; updated: string[] }> {
  const inserted: string[] = [];
  const updated: string[] = [];
  if (records.length === 0) return { inserted, updated };
  const existing = new Map(
    (await manager.find(entity, { where: { id: In(records.map((r) => r.id)) } as never })).map((row) => [row.id, row]),
  );
  const now = new Date();
  for (const record of records) {
    const row = existing.get(record.id);
    if (!row) {
      await manager.insert(entity, { ...record, createdAt: now, updatedAt: now } as never);
      inserted.push(record.id);
    } else if (JSON.stringify(toRecord(row)) !== JSON.stringify(record)) {
      await manager.update(entity, { id: record.id } as never, { ...record, updatedAt: now } as never);
      updated.push(record.id);
    }
  }
  return { inserted, updated };
}
