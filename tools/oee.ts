import path from "node:path";
import { parseArgs } from "node:util";
import { buildCore } from "../src/compose/mes-core.js";
import { loadConfig } from "../src/config/load-config.js";
import { silentLog } from "../src/services/log.js";

/**
 * `npm run oee -- rebuild [--from <ISO date-time>] [--to <ISO date-time>] [--equipment <id>]`:
 * recomputes the OEE hour summaries from the raw state intervals and production records (and the
 * day summaries from the hours), for
 * every work unit below --equipment (default: the whole plant), over [from, to) (default: from
 * the first recorded state until now). The MES refills a missing or invalidated hour by itself
 * when a report first needs it; a rebuild does it ahead (after a restore, an import of history,
 * or a changed OEE policy in oee.yaml) so the first report is fast. Prints one JSON line.
 */
const { positionals, values } = parseArgs({ allowPositionals: true, options: { from: { type: "string" }, to: { type: "string" }, equipment: { type: "string" } } });
const time = (name: string, text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) throw new Error(`--${name}: "${text}" is not an ISO 8601 date-time`);
  return at;
};
try {
  if (positionals[0] !== "rebuild" || positionals.length !== 1) throw new Error("usage: npm run oee -- rebuild [--from <ISO date-time>] [--to <ISO date-time>] [--equipment <id>]");
  const config = loadConfig(path.resolve(process.env.MES_CONFIG_DIR ?? "config"), process.env);
  const core = await buildCore(config, { log: silentLog });
  try {
    const unitIds = core.oee.workUnitsOf(values.equipment ?? config.plant.enterprise.id);
    const first = await core.store.read.stateIntervals.firstStartedAt(unitIds);
    const from = time("from", values.from) ?? first?.getTime() ?? Date.now();
    const to = time("to", values.to) ?? Date.now();
    const started = Date.now();
    const hours = await core.oee.windows.rebuild(unitIds, from, to);
    console.log(JSON.stringify({ rebuilt: hours, workUnits: unitIds.length, from: new Date(from).toISOString(), to: new Date(to).toISOString(), ms: Date.now() - started }));
  } finally {
    await core.stop();
  }
} catch (error) {
  console.error(`oee failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
