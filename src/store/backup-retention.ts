import { readdirSync, rmSync } from "node:fs";
import path from "node:path";

/** mes-20250131T221500Z.sqlite, mes-20250131T221500Z.sql.gz: sortable by name, one per run. */
const BACKUP_NAME = /^mes-\d{8}T\d{6}Z\.(sqlite|sql|sql\.gz)$/;

/** The name of a backup taken at `at`: UTC, so names sort in time order across DST changes. */
export function backupFileName(at: Date, dialect: "sqlite" | "mysql"): string {
  const stamp = at.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  return `mes-${stamp}.${dialect === "sqlite" ? "sqlite" : "sql.gz"}`;
}

/**
 * Keeps the newest `keep` backups of a folder and deletes the older ones. Only files named as
 * backupFileName names them are counted or touched, so nothing else in the folder is at risk.
 */
export function pruneBackups(folder: string, keep: number): string[] {
  if (!Number.isInteger(keep) || keep < 1) throw new Error(`keep ${keep}: at least the newest backup is kept`);
  const backups = readdirSync(folder).filter((name) => BACKUP_NAME.test(name)).sort();
  const removed = backups.slice(0, Math.max(0, backups.length - keep)).map((name) => path.join(folder, name));
  for (const file of removed) rmSync(file);
  return removed;
}
