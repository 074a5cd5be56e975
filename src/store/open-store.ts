import { mkdirSync } from "node:fs";
import path from "node:path";
import { DataSource } from "typeorm";
import type { Repositories, Store } from "../services/ports/store.js";
import { parseDatabaseUrl, redact } from "./database-url.js";
import { silentLog, type Log } from "../services/log.js";
import { dataSourceOptions, isUnreachableError, readerDataSourceOptions, DUPLICATE_KEY_CODE, SERIALIZE_TRANSACTIONS } from "./dialect.js";
import { ENTITIES } from "./entities/index.js";
import { MIGRATIONS } from "./migrations/index.js";
import { OutageWatch, reportAnswers, watched, watchedReaders } from "./outage-watch.js";
import { bindReaders, bindRepositories } from "./repositories/bind-repositories.js";
import { sharedFileWrites } from "./sqlite-write-lock.js";
import { withRetries, type RetryReason } from "./transaction-retry.js";
import { SerialQueue } from "../services/serial-queue.js";

/**
 * Opens the database named by `url` (see parseDatabaseUrl) and brings its schema up to date by
 * running the pending migrations; the schema is never synchronized from the entities. Once open,
 * a driver error that means the database is unreachable leaves it as StoreUnavailable, and the
 * outage is logged to `log` once, not per query.
 */
export interface StoreOptions {
  readonly logging?: boolean;
  readonly log?: Log;
  /** Told how long each unit of work took, begin to commit or rollback (the metrics' transaction histogram). */
  readonly onTransaction?: (seconds: number, outcome: "commit" | "rollback") => void;
  /** Told of each MySQL unit of work run again after a deadlock, certification failure or a node not ready (the metrics' retry counter). */
  readonly onRetry?: (reason: RetryReason) => void;
}

export async function openStore(url: string, options: StoreOptions = {}): Promise<Store> {
  const target = parseDatabaseUrl(url);
  if (target.dialect === "sqlite" && target.file !== ":memory:") mkdirSync(path.dirname(target.file), { recursive: true });
  const dataSource = new DataSource({
    ...dataSourceOptions(target),
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    logging: options.logging ?? false,
  });
  try {
    await dataSource.initialize();
  } catch (error) {
    throw new Error(`cannot open the database ${redact(url)}: ${(error as Error).message}`, { cause: error });
  }
  try {
    await dataSource.runMigrations({ transaction: "each" });
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }

  let reader: DataSource | null = null;
  const readerOptions = readerDataSourceOptions(target);
  if (readerOptions) {
    reader = new DataSource({ ...readerOptions, entities: ENTITIES, synchronize: false, migrationsRun: false, logging: options.logging ?? false });
    try {
      await reader.initialize();
    } catch (error) {
      await dataSource.destroy();
      throw new Error(`cannot open the database ${redact(url)} for reading: ${(error as Error).message}`, { cause: error });
    }
  }

  const watch = new OutageWatch(options.log ?? silentLog, (error) => isUnreachableError(target.dialect, error));
  reportAnswers(dataSource, watch);
  if (reader) reportAnswers(reader, watch);
  const run = target.dialect === "sqlite" && target.file !== ":memory:" ? await sharedFileWrites(dataSource) : dataSource.transaction.bind(dataSource);
  const callbackListeners = new Set<() => void>();
  const once = async <T>(work: (repos: Repositories) => Promise<T>): Promise<T> => {
    let wroteCallback = false;
    const result = await run((manager) => work(bindRepositories(manager, () => (wroteCallback = true))));
    if (wroteCallback) for (const listener of callbackListeners) listener();
    return result;
  };
  const retries = { log: options.log ?? silentLog, onRetry: options.onRetry };
  // SQLite runs one writer at a time and has nothing to retry; a MySQL/Galera conflict rolled everything back.
  const attempts = <T>(work: (repos: Repositories) => Promise<T>): Promise<T> => (target.dialect === "mysql" ? withRetries(() => once(work), retries) : once(work));
  const transaction = <T>(work: (repos: Repositories) => Promise<T>): Promise<T> => watched(() => attempts(work), watch);
  const onTransaction = options.onTransaction;
  // Timed here, after the SQLite queue below: the histogram shows the database's time, not the wait for a turn.
  const inTransaction = !onTransaction
    ? transaction
    : async <T>(work: (repos: Repositories) => Promise<T>): Promise<T> => {
        const started = performance.now();
        let outcome: "commit" | "rollback" = "rollback";
        try {
          const result = await transaction(work);
          outcome = "commit";
          return result;
        } finally {
          onTransaction((performance.now() - started) / 1000, outcome);
        }
      };
  const serialized = new SerialQueue(() => undefined);
  return {
    dialect: target.dialect,
    read: watchedReaders(bindReaders((reader ?? dataSource).manager), watch),
    unitOfWork: (work) => {
      if (!SERIALIZE_TRANSACTIONS[target.dialect]) return inTransaction(work);
      return serialized.run(() => inTransaction(work));
    },
    onCallbacksCommitted: (listener) => {
      callbackListeners.add(listener);
      return () => callbackListeners.delete(listener);
    },
    ping: () =>
      watched(async () => {
        await dataSource.query("SELECT 1");
      }, watch),
    isDuplicateKey: (error) => {
      const code = (error as { driverError?: { code?: unknown } } | null)?.driverError?.code;
      return code === DUPLICATE_KEY_CODE[target.dialect] || (target.dialect === "sqlite" && code === "SQLITE_CONSTRAINT_UNIQUE");
    },
    close: async () => {
      if (reader?.isInitialized) await reader.destroy();
      if (dataSource.isInitialized) await dataSource.destroy();
    },
  };
}
