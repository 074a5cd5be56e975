import { existsSync, renameSync, rmSync } from "node:fs";
import Database from "better-sqlite3";
import { MIGRATIONS_TABLE, SQLITE_BUSY_TIMEOUT_MS } from "./dialect.js";

/**
 * Every page in one backup step: one read transaction, so the copy is one consistent moment, and
 * WAL lets the MES go on writing meanwhile. With small steps SQLite starts the copy again each time
 * another process (the running MES) writes, which under a busy PLC path may never finish.
 */
const PAGES_PER_STEP = 0x7fffffff;

/** What a SQLite backup file holds, as read from the file itself. */
export interface SqliteContents {
  readonly migrations: string[];
  readonly rows: Record<string, number>;
}

/**
 * Copies the live database file with SQLite's online backup API, while the MES runs, into
 * `destination` (which must not exist). The copy is checked (PRAGMA integrity_check) and made a
 * single self-contained file (rollback journal instead of WAL) before it takes its name, so a
 * file of that name is always a whole backup.
 */
export async function backupSqlite(file: string, destination: string): Promise<SqliteContents> {
  if (!existsSync(file)) throw new Error(`there is no database file ${file}`);
  const partial = `${destination}.partial`;
  rmSync(partial, { force: true });
  const source = new Database(file, { fileMustExist: true });
  try {
    source.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    await source.backup(partial, { progress: () => PAGES_PER_STEP });
  } finally {
    source.close();
  }
  try {
    const copy = new Database(partial, { fileMustExist: true });
    try {
      copy.pragma("journal_mode = DELETE");
    } finally {
      copy.close();
    }
    const contents = readSqliteBackup(partial);
    renameSync(partial, destination);
    return contents;
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}

/** Checks a SQLite backup file and says what it holds; throws for a file that is no sound SQLite database. */
export function readSqliteBackup(file: string): SqliteContents {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new Error(`${file} is no SQLite database: ${(error as Error).message}`, { cause: error });
  }
  try {
    const problems = (db.pragma("integrity_check") as { integrity_check: string }[]).map((row) => row.integrity_check);
    if (problems.join() !== "ok") throw new Error(`${file} fails SQLite's integrity check: ${problems.slice(0, 5).join("; ")}`);
    const tables = tablesOf(db);
    if (!tables.includes(MIGRATIONS_TABLE)) throw new Error(`${file} is no opcua-mes database: it has no ${MIGRATIONS_TABLE} table`);
    const migrations = (db.prepare(`SELECT name FROM "${MIGRATIONS_TABLE}" ORDER BY id`).all() as { name: string }[]).map((row) => row.name);
    const rows = Object.fromEntries(tables.map((table) => [table, (db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n]));
    return { migrations, rows };
  } catch (error) {
    if ((error as { code?: string }).code === "SQLITE_NOTADB") throw new Error(`${file} is no SQLite database`, { cause: error });
    throw error;
  } finally {
    db.close();
  }
}

/** The tables of a SQLite database file, or [] when there is no such file. */
export function sqliteTables(file: string): string[] {
  if (!existsSync(file)) return [];
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return tablesOf(db);
  } finally {
    db.close();
  }
}

/**
 * Writes a checked backup into the database file `target` through the backup API, so SQLite itself
 * writes the target's pages and journal (a target opened elsewhere sees a whole database, never
 * half of one). Whatever the target held is replaced: the caller has made sure that is wanted.
 */
export async function restoreSqlite(backupFile: string, target: string): Promise<void> {
  const backup = new Database(backupFile, { readonly: true, fileMustExist: true });
  try {
    await backup.backup(target, { progress: () => PAGES_PER_STEP });
  } finally {
    backup.close();
  }
}

/** The newest heartbeat in a SQLite database (when the MES last wrote one), or null. */
export function sqliteLastHeartbeat(file: string): Date | null {
  if (!sqliteTables(file).includes("equipment_heartbeat")) return null;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const { at } = db.prepare(`SELECT MAX(last_known_at) AS at FROM equipment_heartbeat`).get() as { at: string | null };
    return at === null ? null : new Date(`${at.replace(" ", "T")}Z`);
  } finally {
    db.close();
  }
}

function tablesOf(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((row) => row.name);
}
