import { setTimeout as sleep } from "node:timers/promises";
import type { DataSource, EntityManager } from "typeorm";
import { SQLITE_BUSY_TIMEOUT_MS, SQLITE_TAKE_WRITE_LOCK } from "./dialect.js";

/** How long a unit of work waits before it asks again for the write lock another process holds. */
const RETRY_MS = 5;

function isBusy(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && code.startsWith("SQLITE_BUSY")) return true;
    e = (e as { driverError?: unknown }).driverError ?? (e as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Units of work on an SQLite file that another MES instance may share. Each takes the write lock
 * first, so no transaction reads a state another writes under it. The wait for the lock is not
 * SQLite's busy handler, which would block this process's event loop (better-sqlite3 is
 * synchronous: the OPC UA server, the PLC sessions, and another core in the same process, which
 * could then never let go of the lock). The writer's busy_timeout is 0 once migrated; a busy
 * file is asked again after RETRY_MS, up to SQLITE_BUSY_TIMEOUT_MS, and only then is it an error.
 */
export async function sharedFileWrites(dataSource: DataSource): Promise<<T>(work: (manager: EntityManager) => Promise<T>) => Promise<T>> {
  await dataSource.query("PRAGMA busy_timeout = 0");
  return async (work) => {
    const deadline = performance.now() + SQLITE_BUSY_TIMEOUT_MS;
    for (;;) {
      let locked = false;
      try {
        return await dataSource.transaction(async (manager) => {
          await manager.query(SQLITE_TAKE_WRITE_LOCK);
          locked = true;
          return work(manager);
        });
      } catch (error) {
        // Only a wait for the lock is asked again: once the work ran, its failure is its own.
        if (locked || !isBusy(error) || performance.now() > deadline) throw error;
        await sleep(RETRY_MS);
      }
    }
  };
}
