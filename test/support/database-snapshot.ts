import Database from "better-sqlite3";
import mysql from "mysql2/promise";

/** Columns that change on a read and are no part of what a request may or may not alter. */
const VOLATILE = new Set(["last_used_at"]);
/**
 * The MES's own liveness, written with every production flush whatever the requests do, and the
 * samples of historized PLC tags, written whenever the PLC sends them, and the OEE hour summaries,
 * a cache of the raw rows that a report fills for the hours it reads.
 */
const VOLATILE_TABLES = new Set(["equipment_heartbeat", "signal_sample", "oee_hour_summary", "oee_hour_product"]);

/**
 * Every row of every table, read straight from the database file or server (not through the MES),
 * so a test can show that a request changed nothing at all.
 */
export async function databaseSnapshot(url: string): Promise<Record<string, string[]>> {
  const tables: Record<string, Record<string, unknown>[]> = {};
  if (url.startsWith("sqlite:")) {
    const db = new Database(url.slice("sqlite:".length), { readonly: true });
    try {
      for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]) {
        tables[name] = db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[];
      }
    } finally {
      db.close();
    }
  } else {
    const connection = await mysql.createConnection(url);
    try {
      const [names] = await connection.query("SHOW TABLES");
      for (const row of names as Record<string, string>[]) {
        const name = Object.values(row)[0];
        tables[name] = (await connection.query(`SELECT * FROM \`${name}\``))[0] as Record<string, unknown>[];
      }
    } finally {
      await connection.end();
    }
  }
  return Object.fromEntries(
    Object.entries(tables)
      .filter(([name]) => !VOLATILE_TABLES.has(name))
      .map(([name, rows]) => [name, rows.map((row) => JSON.stringify(Object.entries(row).filter(([column]) => !VOLATILE.has(column)))).sort()]),
  );
}
