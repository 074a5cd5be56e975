import { once } from "node:events";
import { createReadStream, createWriteStream, renameSync, rmSync } from "node:fs";
import type { Readable, Writable } from "node:stream";
import { createGunzip, createGzip } from "node:zlib";
import mysqlCallbacks from "mysql2";
import mysql from "mysql2/promise";
import type { DatabaseTarget } from "./database-url.js";
import { MIGRATIONS_TABLE } from "./dialect.js";
import { SqlStatementSplitter, type SqlItem } from "./sql-statements.js";

type MysqlTarget = Extract<DatabaseTarget, { dialect: "mysql" }>;

/** The first line of a backup: what it is, for restore to check before it runs anything. */
export const BACKUP_HEADER = "-- opcua-mes backup ";
/** The last line: a file without it was cut short (disk full, killed) and is refused. */
export const BACKUP_TRAILER = "-- opcua-mes backup complete ";

export interface MysqlBackupHeader {
  readonly format: 1;
  readonly dialect: "mysql";
  readonly createdAt: string;
  readonly migrations: string[];
}

/**
 * One INSERT carries rows up to about this many bytes: far below MariaDB's default
 * max_allowed_packet (16 MiB) and MySQL 8's (64 MiB), big enough that a restore is not one round
 * trip per row. A single larger row (a big audit snapshot) goes alone.
 */
const INSERT_BYTES = 1024 * 1024;
/** gzip's magic bytes: a .sql.gz backup is read through gunzip whatever its name. */
const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);

/**
 * Dates and big numbers as the server's own text, so they go back byte for byte (no time-zone or
 * float round trip); one connection, so the whole dump is one snapshot.
 */
function connect(target: MysqlTarget, database: string | undefined = target.database) {
  return mysql.createConnection({
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    database,
    charset: "utf8mb4",
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
  });
}

/**
 * A logical dump of the database through the MES's own driver (no mysqldump needed): every base
 * table's CREATE TABLE and its rows as INSERTs, all read in one transaction WITH CONSISTENT
 * SNAPSHOT, so the dump is one moment of the database while the MES goes on writing (InnoDB's
 * MVCC; no table is locked). Written under a temporary name and renamed when whole.
 */
export async function backupMysql(target: MysqlTarget, destination: string, gzip: boolean): Promise<{ migrations: string[]; rows: Record<string, number> }> {
  const connection = await connect(target);
  const partial = `${destination}.partial`;
  const file = createWriteStream(partial);
  const out: Writable = gzip ? createGzip() : file;
  if (gzip) out.pipe(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, "drain");
  };
  try {
    await connection.query("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
    await connection.query("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
    const [tableRows] = await connection.query("SHOW FULL TABLES WHERE Table_type = 'BASE TABLE'");
    const tables = (tableRows as Record<string, string>[]).map((row) => Object.values(row)[0]).sort();
    if (!tables.includes(MIGRATIONS_TABLE)) throw new Error(`${target.database} is no opcua-mes database: it has no ${MIGRATIONS_TABLE} table`);
    const [migrationRows] = await connection.query(`SELECT name FROM \`${MIGRATIONS_TABLE}\` ORDER BY id`);
    const header: MysqlBackupHeader = { format: 1, dialect: "mysql", createdAt: new Date().toISOString(), migrations: (migrationRows as { name: string }[]).map((row) => row.name) };
    await write(`${BACKUP_HEADER}${JSON.stringify(header)}\n`);
    // Restore replays into an empty database: no checks to defer, and an id 0 stays 0.
    await write("SET NAMES utf8mb4;\nSET FOREIGN_KEY_CHECKS = 0;\nSET UNIQUE_CHECKS = 0;\nSET SQL_MODE = 'NO_AUTO_VALUE_ON_ZERO';\n");
    const rows: Record<string, number> = {};
    for (const table of tables) {
      const [[created]] = (await connection.query(`SHOW CREATE TABLE ${mysql.escapeId(table)}`)) as unknown as [[Record<string, string>]];
      await write(`\n${created["Create Table"]};\n`);
      rows[table] = await dumpRows(connection, table, write);
    }
    await connection.query("COMMIT");
    await write(`${BACKUP_TRAILER}${JSON.stringify({ rows })}\n`);
    out.end();
    await once(file, "close");
    renameSync(partial, destination);
    return { migrations: header.migrations, rows };
  } catch (error) {
    out.destroy();
    file.destroy();
    rmSync(partial, { force: true });
    throw error;
  } finally {
    await connection.end();
  }
}

async function dumpRows(connection: mysql.Connection, table: string, write: (text: string) => Promise<void>): Promise<number> {
  // The row stream of the callback connection under the promise one: a big table is never all in memory.
  const raw = (connection as unknown as { connection: mysqlCallbacks.Connection }).connection;
  const stream = raw.query(`SELECT * FROM ${mysql.escapeId(table)}`).stream() as Readable;
  let count = 0;
  let head = "";
  let values: string[] = [];
  let bytes = 0;
  const flush = async () => {
    if (values.length > 0) await write(`${head}${values.join(",\n")};\n`);
    values = [];
    bytes = 0;
  };
  for await (const row of stream as AsyncIterable<Record<string, unknown>>) {
    if (count === 0) head = `INSERT INTO ${mysql.escapeId(table)} (${Object.keys(row).map((column) => mysql.escapeId(column)).join(", ")}) VALUES\n`;
    const tuple = `(${Object.values(row).map((value) => mysql.escape(value as Parameters<typeof mysql.escape>[0])).join(", ")})`;
    if (bytes + tuple.length > INSERT_BYTES) await flush();
    values.push(tuple);
    bytes += tuple.length;
    count++;
  }
  await flush();
  return count;
}

/** Every statement and comment of a backup file, in order, as the file is read. */
async function* readBackup(file: string): AsyncGenerator<SqlItem> {
  const head = await firstBytes(file, GZIP_MAGIC.length);
  const raw = createReadStream(file);
  const stream = head.equals(GZIP_MAGIC) ? raw.pipe(createGunzip()) : raw;
  stream.setEncoding("utf8");
  const splitter = new SqlStatementSplitter();
  for await (const chunk of stream as AsyncIterable<string>) {
    yield* splitter.push(chunk);
  }
  if (splitter.rest()) throw new Error(`${file} ends inside a statement: the backup is incomplete`);
}

async function firstBytes(file: string, count: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of createReadStream(file, { start: 0, end: count - 1 })) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The header and the row counts of a MySQL backup, after reading it to its end; throws for a file that is not a whole backup. */
export async function readMysqlBackup(file: string): Promise<{ header: MysqlBackupHeader; rows: Record<string, number> }> {
  let header: MysqlBackupHeader | null = null;
  let rows: Record<string, number> | null = null;
  let first = true;
  for await (const item of readBackup(file)) {
    if (first && !item.comment?.startsWith(BACKUP_HEADER)) throw new Error(`${file} is no opcua-mes MySQL backup (it does not start with "${BACKUP_HEADER.trim()}")`);
    if (first) header = JSON.parse(item.comment!.slice(BACKUP_HEADER.length)) as MysqlBackupHeader;
    else if (item.comment?.startsWith(BACKUP_TRAILER)) rows = (JSON.parse(item.comment.slice(BACKUP_TRAILER.length)) as { rows: Record<string, number> }).rows;
    else if (rows) throw new Error(`${file} goes on after its last line: it is no backup this MES wrote`);
    first = false;
  }
  if (!header) throw new Error(`${file} is empty`);
  if (!rows) throw new Error(`${file} has no "${BACKUP_TRAILER.trim()}" line: the backup was cut short and cannot be restored`);
  return { header, rows };
}

/** The base tables of the database `target` names; [] when the database does not exist yet. */
export async function mysqlTables(target: MysqlTarget): Promise<string[]> {
  const connection = await connect(target, undefined);
  try {
    const [rows] = await connection.query("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE'", [target.database]);
    return (rows as { name: string }[]).map((row) => row.name);
  } finally {
    await connection.end();
  }
}

/** The newest heartbeat in the database (when the MES last wrote one), or null. */
export async function mysqlLastHeartbeat(target: MysqlTarget): Promise<Date | null> {
  if (!(await mysqlTables(target)).includes("equipment_heartbeat")) return null;
  const connection = await connect(target);
  try {
    const [[row]] = (await connection.query("SELECT MAX(last_known_at) AS at FROM equipment_heartbeat")) as unknown as [[{ at: string | null }]];
    return row.at === null ? null : new Date(`${row.at.replace(" ", "T")}Z`);
  } finally {
    await connection.end();
  }
}

/**
 * Replays a checked backup into the database `target` names, created if missing. With `replace`
 * its tables are dropped first; otherwise the caller has made sure it has none.
 */
export async function restoreMysql(file: string, target: MysqlTarget, replace: boolean): Promise<void> {
  const admin = await connect(target, undefined);
  try {
    await admin.query(`CREATE DATABASE IF NOT EXISTS ${mysql.escapeId(target.database)} CHARACTER SET utf8mb4`);
  } finally {
    await admin.end();
  }
  const connection = await connect(target);
  try {
    await connection.query("SET FOREIGN_KEY_CHECKS = 0");
    if (replace) for (const table of await mysqlTables(target)) await connection.query(`DROP TABLE ${mysql.escapeId(table)}`);
    for await (const item of readBackup(file)) if (item.statement) await connection.query(item.statement);
  } finally {
    await connection.end();
  }
}

/** Row counts of every base table of the database `target` names. */
export async function mysqlRowCounts(target: MysqlTarget): Promise<Record<string, number>> {
  const connection = await connect(target);
  try {
    const counts: Record<string, number> = {};
    for (const table of (await mysqlTables(target)).sort()) {
      const [[row]] = (await connection.query(`SELECT COUNT(*) AS n FROM ${mysql.escapeId(table)}`)) as unknown as [[{ n: string | number }]];
      counts[table] = Number(row.n);
    }
    return counts;
  } finally {
    await connection.end();
  }
}
