import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config/load-config.js";
import { inspectBackup, restoreDatabase } from "../src/store/backup.js";
import { redact } from "../src/store/database-url.js";

/**
 * `npm run restore -- <backup file> [--replace] [--check]`: puts a backup of `npm run backup` back
 * into the MES's database (the one mes.yaml or MES_DB_URL names, or --db). Stop the MES first.
 *   --check     only read and check the backup (complete, sound, not newer than this code)
 *   --replace   overwrite a database that is not empty (without it only an empty one is restored into)
 */
const { positionals, values } = parseArgs({ allowPositionals: true, options: { replace: { type: "boolean" }, check: { type: "boolean" }, db: { type: "string" } } });
const [file] = positionals;
if (!file) {
  console.error("usage: npm run restore -- <backup file> [--replace] [--check] [--db <url>]");
  process.exitCode = 2;
} else {
  try {
    if (values.check) {
      console.log(JSON.stringify(await inspectBackup(file)));
    } else {
      const url = values.db ?? loadConfig(path.resolve(process.env.MES_CONFIG_DIR ?? "config"), process.env).settings.database.url;
      const started = Date.now();
      const summary = await restoreDatabase(file, url, { replace: values.replace });
      console.log(JSON.stringify({ database: redact(url), ...summary, ms: Date.now() - started }));
    }
  } catch (error) {
    console.error(`restore failed: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
