import { uuidV7Floor, uuidV7Time } from "../clock.js";

/** A table's rows read by id, the primary key's order: `afterId` exclusive, at most `limit`. */
export type MadeAfterReader<T extends { readonly id: string }> = (afterId: string, limit: number) => Promise<T[]>;

/**
 * Where a follower of one table stands: the rows made (ids are UUIDv7, time-ordered) since the
 * newest it has seen. A transaction may commit after a later one did, so each read goes back
 * `lookbackMs` before that newest row and drops the rows it has seen already (by id): a row
 * committed that much late is still found, once.
 */
export class MadeAfterCursor {
  /** The ids seen within the lookback, with the millisecond they were made at. */
  private readonly seen = new Map<string, number>();
  private newestMs: number;

  constructor(
    startMs: number,
    private readonly lookbackMs: number,
    private readonly batch: number,
  ) {
    this.newestMs = startMs;
  }

  /**
   * Hands `handle` the rows not seen before, oldest first; they count as seen once it resolved.
   * When the read or `handle` fails they are handed again next time (at least once, never lost).
   */
  async next<T extends { readonly id: string }>(read: MadeAfterReader<T>, handle: (rows: T[]) => Promise<void> | void = () => undefined): Promise<T[]> {
    const fresh: T[] = [];
    let after = uuidV7Floor(this.newestMs - this.lookbackMs);
    for (;;) {
      const rows = await read(after, this.batch);
      for (const row of rows) if (!this.seen.has(row.id)) fresh.push(row);
      if (rows.length < this.batch) break;
      after = rows[rows.length - 1]!.id;
    }
    await handle(fresh);
    for (const row of fresh) {
      const madeAt = uuidV7Time(row.id);
      // An id that is not a UUIDv7 says nothing of its time: it is kept as seen for a lookback.
      this.seen.set(row.id, Number.isNaN(madeAt) ? this.newestMs : madeAt);
    }
    for (const madeAt of this.seen.values()) if (madeAt > this.newestMs) this.newestMs = madeAt;
    const oldest = this.newestMs - this.lookbackMs;
    for (const [id, madeAt] of this.seen) if (madeAt < oldest) this.seen.delete(id);
    return fresh;
  }
}
