import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config/load-config.js";
import { backupDatabase } from "../src/store/backup.js";
import { backupFileName, pruneBackups } from "../src/store/backup-retention.js";
import { parseDatabaseUrl, redact } from "../src/store/database-url.js";

/**
 * `npm run backup -- [--to <folder or file>] [--keep <n>]`: a backup of the MES's database (the one
 * mes.yaml or MES_DB_URL names, or --db), taken while the MES runs.
 *   --to data/backups       a folder (the default): the backup is named mes-<UTC time>.sqlite or .sql.gz
 *   --to file.sqlite|.sql|.sql.gz   that file, which must not exist
 *   --keep 14               after a good backup, delete all but the newest 14 of the folder
 * Prints one JSON line (file, bytes, rows per table, migrations); exits non-zero on any failure,
 * so a scheduler (cron, a systemd timer) reports it.
 */
const { values } = parseArgs({ options: { to: { type: "string" }, keep: { type: "string" }, db: { type: "string" } } });
try {
  const url = values.db ?? loadConfig(path.resolve(process.env.MES_CONFIG_DIR ?? "config"), process.env).settings.database.url;
  const to = path.resolve(values.to ?? "data/backups");
  const toFile = /\.(sqlite|sql|sql\.gz)$/.test(to);
  const file = toFile ? to : path.join(to, backupFileName(new Date(), parseDatabaseUrl(url).dialect));
  const started = Date.now();
  const summary = await backupDatabase(url, file);
  const removed = values.keep === undefined ? [] : pruneBackups(path.dirname(file), Number(values.keep));
  console.log(JSON.stringify({ database: redact(url), ...summary, ms: Date.now() - started, removed }));
} catch (error) {
  console.error(`backup failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
