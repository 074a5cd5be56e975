import type { DataSourceOptions } from "typeorm";
import type { DatabaseTarget } from "./database-url.js";

/** Every difference between SQLite and MySQL/MariaDB lives here (STYLE lesson 7). */

/** WAL lets the REST readers run while the PLC path writes. */
const SQLITE_JOURNAL_MODE = "WAL";
/** Wait this long for a lock instead of failing at once when two writes meet. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;
/** Every date in and out of MySQL is UTC; the server's own time zone must not shift records. */
const MYSQL_TIMEZONE = "Z";
/** Enough for the PLC path, the REST facade and a migration at once, small enough for a shared server. */
const MYSQL_POOL_SIZE = 10;
/**
 * TypeORM's better-sqlite3 driver runs every transaction on its one connection: two at once break
 * each other ("cannot start a transaction within a transaction"), so the store queues them.
 * MySQL gives each transaction its own pooled connection.
 */
export const SERIALIZE_TRANSACTIONS = { sqlite: true, mysql: false } as const;
/** JSON snapshots in the audit trail can outgrow MySQL's 64 KiB TEXT; SQLite's TEXT has no such limit. */
export const LONG_TEXT = { sqlite: "text", mysql: "mediumtext" } as const;
/** The driver's error code for a second row with a taken primary key. */
export const DUPLICATE_KEY_CODE = { sqlite: "SQLITE_CONSTRAINT_PRIMARYKEY", mysql: "ER_DUP_ENTRY" } as const;
/** The table TypeORM keeps the applied migrations in (its default); a backup carries it, so restore knows the schema's version. */
export const MIGRATIONS_TABLE = "migrations";
/**
 * The first statement of every SQLite unit of work: a write that changes nothing takes the file's
 * write lock at once, as BEGIN IMMEDIATE would (TypeORM only begins deferred). Without it two MES
 * instances on one file each read, then the second to write fails with SQLITE_BUSY_SNAPSHOT
 * instead of waiting its turn (see sqlite-write-lock.ts).
 */
export const SQLITE_TAKE_WRITE_LOCK = `UPDATE ${MIGRATIONS_TABLE} SET id = id WHERE 0 = 1`;
/**
 * How a LIKE pattern names its escape character: SQLite has none by default, so the clause says
 * it is the backslash; MySQL/MariaDB already use the backslash (and would read '\' as an open string).
 */
export const LIKE_ESCAPE_CLAUSE = { sqlite: " ESCAPE '\\'", mysql: "" } as const;

/**
 * Whether a unit of work locks the rows it reads for update: MySQL/MariaDB run transactions side
 * by side and need SELECT ... FOR UPDATE; SQLite runs them one at a time (SERIALIZE_TRANSACTIONS)
 * and TypeORM's SQLite driver refuses the lock.
 */
export const ROW_LOCKS = { sqlite: false, mysql: true } as const;

/** The dialect of a TypeORM connection, for the repositories that build a clause of their own. */
export function dialectOfDriver(type: string): DatabaseTarget["dialect"] {
  return type === "mysql" || type === "mariadb" ? "mysql" : "sqlite";
}

/** A LIKE pattern matching every value that starts with `prefix`, its own % and _ taken literally. */
export function likePrefixPattern(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, "\\$&")}%`;
}

/**
 * Reads outside a unit of work get a connection of their own where the writer's is shared: on
 * SQLite, a read-only connection (WAL lets it read while a transaction is open), so a read never
 * sees a transaction's uncommitted rows and nothing can write through it. MySQL's pool already
 * gives each query its own connection; an in-memory SQLite database exists on one connection only.
 */
export function readerDataSourceOptions(target: DatabaseTarget): DataSourceOptions | null {
  if (target.dialect !== "sqlite" || target.file === ":memory:") return null;
  return {
    type: "better-sqlite3",
    database: target.file,
    readonly: true,
    prepareDatabase: (db: { pragma(source: string): unknown }) => {
      db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    },
  };
}

export function dataSourceOptions(target: DatabaseTarget): DataSourceOptions {
  if (target.dialect === "sqlite") {
    return {
      type: "better-sqlite3",
      database: target.file,
      enableWAL: SQLITE_JOURNAL_MODE === "WAL",
      prepareDatabase: (db: { pragma(source: string): unknown }) => {
        db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
        db.pragma("foreign_keys = ON");
      },
    };
  }
  return {
    type: "mysql",
    host: target.host,
    port: target.port,
    username: target.user,
    password: target.password,
    database: target.database,
    timezone: MYSQL_TIMEZONE,
    dateStrings: false,
    supportBigNumbers: true,
    bigNumberStrings: false,
    poolSize: MYSQL_POOL_SIZE,
    charset: "utf8mb4",
    // mysql2 otherwise captures a stack trace for every query, in case it fails: 5 % of the MES's
    // CPU on the REST write path (issue 19). A failed query's error keeps its code and message.
    extra: { trace: false },
  };
}

/**
 * Driver error codes that mean "the database cannot be reached now", not "this query is wrong":
 * the doors answer them as a temporary outage (HTTP 503, OPC UA BadResourceUnavailable).
 */
export const UNREACHABLE_ERROR_CODES = {
  /** better-sqlite3: the file is gone or unreadable, the disk failed or is full, or a lock outlasted busy_timeout. */
  sqlite: ["SQLITE_CANTOPEN", "SQLITE_IOERR", "SQLITE_BUSY", "SQLITE_FULL", "SQLITE_READONLY", "SQLITE_NOTADB"],
  /**
   * mysql2: the server refused, dropped or shut the connection, or has no connection left for us;
   * or it is a Galera node outside the Primary component (ER_UNKNOWN_COM_ERROR, "WSREP has not yet
   * prepared node for application use") once the store's retries did not outlast it.
   */
  mysql: ["ER_UNKNOWN_COM_ERROR", "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "PROTOCOL_CONNECTION_LOST", "PROTOCOL_SEQUENCE_TIMEOUT", "ER_SERVER_SHUTDOWN", "ER_CON_COUNT_ERROR", "ER_CONNECTION_KILLED", "ER_NET_READ_ERROR", "ER_NET_WRITE_INTERRUPTED"],
} as const;
/** mysql2 reports a pooled connection the server closed by message only, without a code. */
const MYSQL_CLOSED_CONNECTION = /connection is in closed state|Connection lost|connect ETIMEDOUT/i;

/** Whether `error` (or the driver error TypeORM wrapped in it) says the database is unreachable. */
export function isUnreachableError(dialect: DatabaseTarget["dialect"], error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && UNREACHABLE_ERROR_CODES[dialect].some((known) => code === known || code.startsWith(`${known}_`))) return true;
    if (dialect === "mysql" && MYSQL_CLOSED_CONNECTION.test(String((e as { message?: unknown }).message ?? ""))) return true;
    e = (e as { driverError?: unknown }).driverError ?? (e as { cause?: unknown }).cause;
  }
  return false;
}
