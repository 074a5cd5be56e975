import type { DataSource } from "typeorm";
import type { Log } from "../services/log.js";
import { StoreUnavailable } from "../services/ports/store-unavailable.js";

/** While the database stays unreachable, one line this often says so, instead of one per failed query. */
const SUMMARY_EVERY_MS = 60_000;

/**
 * Turns driver errors that mean "unreachable" into StoreUnavailable and keeps the log readable
 * through an outage: one line when it begins, a summary a minute while it lasts, one when it ends.
 */
export class OutageWatch {
  private since: Date | null = null;
  private failures = 0;
  private lastSummary = 0;

  constructor(
    private readonly log: Log,
    private readonly isUnreachable: (error: unknown) => boolean,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The error to throw for `error`: a StoreUnavailable when it says the database is unreachable, else itself. */
  failed(error: unknown): unknown {
    if (error instanceof StoreUnavailable) return error;
    if (!this.isUnreachable(error)) return error;
    const now = this.now();
    this.failures++;
    if (!this.since) {
      this.since = now;
      this.lastSummary = now.getTime();
      this.log.error("database unreachable: requests answer 503 and production counts are held in memory until it is back", error);
    } else if (now.getTime() - this.lastSummary >= SUMMARY_EVERY_MS) {
      this.lastSummary = now.getTime();
      this.log.warn(`database still unreachable since ${this.since.toISOString()} (${this.failures} database operations failed so far)`);
    }
    return new StoreUnavailable(error);
  }

  /** The database answered a query: an outage, if one was on, is over. */
  answered(): void {
    if (!this.since) return;
    const seconds = Math.round((this.now().getTime() - this.since.getTime()) / 1000);
    this.log.info(`database reachable again after ${seconds} s unreachable (${this.failures} database operations failed meanwhile)`);
    this.since = null;
    this.failures = 0;
  }

  /** Since when the database has been unreachable, or null while it answers. */
  get unreachableSince(): Date | null {
    return this.since;
  }
}

/** Every method of every reader, with its failures passed through `watch`. */
export function watchedReaders<T extends object>(readers: T, watch: OutageWatch): T {
  const watched = Object.entries(readers).map(([name, reader]) => [name, watchedMethods(reader as object, watch)]);
  return Object.fromEntries(watched) as T;
}

function watchedMethods<T extends object>(reader: T, watch: OutageWatch): T {
  return new Proxy(reader, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => watched(() => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args), watch);
    },
  });
}

/** Runs `work`, telling `watch` of its failure. */
export async function watched<T>(work: () => Promise<T>, watch: OutageWatch): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw watch.failed(error);
  }
}

/**
 * Tells `watch` of every query `dataSource` got an answer to. Only an answer ends an outage: a
 * reader that has nothing to ask (no hours, no ids) returns without a query, and a success of
 * its own would log "reachable again" while the database is still away.
 */
export function reportAnswers(dataSource: DataSource, watch: OutageWatch): void {
  const createQueryRunner = dataSource.createQueryRunner.bind(dataSource);
  // SQLite's driver hands out its one runner again and again: each runner is wrapped once.
  const reporting = new WeakSet<object>();
  dataSource.createQueryRunner = (mode) => {
    const runner = createQueryRunner(mode);
    if (reporting.has(runner)) return runner;
    reporting.add(runner);
    const query = runner.query.bind(runner);
    runner.query = async (...args: Parameters<typeof query>) => {
      const result = await query(...args);
      watch.answered();
      return result;
    };
    return runner;
  };
}
