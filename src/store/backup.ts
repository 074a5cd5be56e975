import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from "node:fs";
import path from "node:path";
import { parseDatabaseUrl, redact, type DatabaseTarget } from "./database-url.js";
import { MIGRATIONS } from "./migrations/index.js";
import { backupMysql, mysqlLastHeartbeat, mysqlRowCounts, mysqlTables, readMysqlBackup, restoreMysql } from "./mysql-backup.js";
import { backupSqlite, readSqliteBackup, restoreSqlite, sqliteLastHeartbeat, sqliteTables } from "./sqlite-backup.js";

/**
 * A restore over a database whose MES wrote a heartbeat this recently is refused: that MES still
 * runs (it writes one with every production flush, every second or so) and would go on writing
 * over the restored records with what it holds in memory. Stop it first.
 */
const RUNNING_MES_HEARTBEAT_S = 60;
/** The first bytes of every SQLite 3 file. */
const SQLITE_MAGIC = Buffer.from("SQLite format 3\0", "latin1");

/** What a backup holds: the schema's migrations (its version) and how many rows each table had. */
export interface BackupSummary {
  readonly file: string;
  readonly dialect: DatabaseTarget["dialect"];
  readonly migrations: readonly string[];
  readonly rows: Readonly<Record<string, number>>;
  readonly bytes: number;
}

/** The migrations this code knows, by name, in order. */
export const KNOWN_MIGRATIONS: readonly string[] = MIGRATIONS.map((migration) => migration.name);

/**
 * Backs up the database `url` names into `destination` (which must not exist) while the MES runs:
 * SQLite through its online backup API into a .sqlite copy, MySQL/MariaDB as a logical dump of one
 * consistent snapshot into a .sql file (gzip-compressed when the name ends in .gz).
 */
export async function backupDatabase(url: string, destination: string): Promise<BackupSummary> {
  const target = parseDatabaseUrl(url);
  const file = path.resolve(destination);
  if (existsSync(file)) throw new Error(`${file} exists already: a backup never overwrites a file`);
  mkdirSync(path.dirname(file), { recursive: true });
  if (target.dialect === "sqlite") {
    if (target.file === ":memory:") throw new Error("an in-memory database cannot be backed up: it lives only in the MES's process");
    const contents = await backupSqlite(target.file, file);
    return { file, dialect: "sqlite", ...contents, bytes: statSync(file).size };
  }
  const contents = await backupMysql(target, file, file.endsWith(".gz"));
  return { file, dialect: "mysql", ...contents, bytes: statSync(file).size };
}

/** Reads and checks a backup file without restoring it: what `restoreDatabase` would put in. */
export async function inspectBackup(backupFile: string): Promise<BackupSummary> {
  const file = path.resolve(backupFile);
  if (!existsSync(file)) throw new Error(`there is no backup file ${file}`);
  const bytes = statSync(file).size;
  if (startsWith(file, SQLITE_MAGIC)) return { file, dialect: "sqlite", ...readSqliteBackup(file), bytes };
  const { header, rows } = await readMysqlBackup(file);
  return { file, dialect: "mysql", migrations: header.migrations, rows, bytes };
}

export interface RestoreOptions {
  /** Replace what the target database holds; without it only an empty or missing database is restored into. */
  readonly replace?: boolean;
  readonly now?: Date;
}

/**
 * Restores a backup into the database `url` names, after checking it whole: a backup of the other
 * dialect, one cut short, one that fails its integrity check, or one made by a newer opcua-mes
 * (a migration this code does not know) is refused before anything is written. An older backup
 * is fine: the MES brings its schema up to date when it next starts. The target must be empty
 * unless `replace` is given, and no MES may be writing to it.
 */
export async function restoreDatabase(backupFile: string, url: string, options: RestoreOptions = {}): Promise<BackupSummary> {
  const target = parseDatabaseUrl(url);
  const backup = await inspectBackup(backupFile);
  if (backup.dialect !== target.dialect) throw new Error(`${backup.file} is a ${backup.dialect} backup; ${redact(url)} is a ${target.dialect} database`);
  const unknown = backup.migrations.filter((name) => !KNOWN_MIGRATIONS.includes(name));
  if (unknown.length > 0) {
    throw new Error(`${backup.file} was made by a newer opcua-mes: its schema has migrations this version does not know (${unknown.join(", ")}); restore it with that version or a later one`);
  }

  const tables = target.dialect === "sqlite" ? sqliteTables(target.file) : await mysqlTables(target);
  if (tables.length > 0 && !options.replace) throw new Error(`${redact(url)} is not empty (${tables.length} tables): restore into an empty database, or give --replace to overwrite it`);
  const heartbeat = target.dialect === "sqlite" ? sqliteLastHeartbeat(target.file) : await mysqlLastHeartbeat(target);
  const now = options.now ?? new Date();
  if (heartbeat && now.getTime() - heartbeat.getTime() < RUNNING_MES_HEARTBEAT_S * 1000) {
    throw new Error(`a MES is writing to ${redact(url)} (its last heartbeat was ${Math.round((now.getTime() - heartbeat.getTime()) / 1000)} s ago): stop it, then restore`);
  }

  if (target.dialect === "sqlite") {
    if (target.file === ":memory:") throw new Error("cannot restore into an in-memory database");
    mkdirSync(path.dirname(target.file), { recursive: true });
    await restoreSqlite(backup.file, target.file);
    const restored = readSqliteBackup(target.file);
    checkRows(backup, restored.rows);
  } else {
    await restoreMysql(backup.file, target, options.replace ?? false);
    checkRows(backup, await mysqlRowCounts(target));
  }
  return backup;
}

/** The restored database has the tables and row counts the backup says it holds, or the restore failed. */
function checkRows(backup: BackupSummary, restored: Record<string, number>): void {
  const wrong = [...new Set([...Object.keys(backup.rows), ...Object.keys(restored)])].filter((table) => backup.rows[table] !== restored[table]);
  if (wrong.length > 0) throw new Error(`the restored database differs from ${backup.file} in ${wrong.map((table) => `${table} (${restored[table] ?? "missing"} rows, backup ${backup.rows[table] ?? "none"})`).join(", ")}`);
}

function startsWith(file: string, magic: Buffer): boolean {
  const fd = openSync(file, "r");
  try {
    const head = Buffer.alloc(magic.length);
    return readSync(fd, head, 0, magic.length, 0) === magic.length && head.equals(magic);
  } finally {
    closeSync(fd);
  }
}
