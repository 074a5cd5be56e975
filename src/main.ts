import path from "node:path";
// The entry point is the one file of src/ that reaches into tools/: the demo's simulated PLCs run
// beside the MES, never inside its composition (test/unit/src-imports.test.ts keeps it so).
import { loadPlcSimConfig } from "../tools/plc-sim/config.js";
import { startPlcSimulator, type PlcSimulator } from "../tools/plc-sim/simulator.js";
import { startMes, type RunningMes } from "./app.js";
import { ConfigError } from "./config/config-error.js";
import { loadConfig, type MesConfig } from "./config/load-config.js";
import { DEMO_ACCOUNTS } from "./services/demo-accounts.js";
import { consoleLog } from "./services/log.js";
import { logFor } from "./services/pino-log.js";

/** `npm start`: runs the MES on the configuration in MES_CONFIG_DIR (default ./config) until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const configDir = path.resolve(process.env.MES_CONFIG_DIR ?? "config");
  const config = loadConfig(configDir, process.env);
  const { settings } = config;
  const log = logFor(settings.logging);
  process.off("unhandledRejection", earlyRejection);
  // A stray rejection in a library callback (a PLC hanging up mid-request) must not take the plant's MES down.
  process.on("unhandledRejection", (reason) => log.error("unhandled rejection (the MES keeps running)", reason));
  const simulator = await startSimulator(config);
  let mes: RunningMes;
  try {
    mes = await startMes(config, { log });
  } catch (error) {
    await simulator?.stop();
    throw error;
  }
  const database = settings.database.url.replace(/\/\/[^@]*@/, "//***@");
  log.info(`opcua-mes is running (database: ${database})`, { event: "mes.started", database, opcua: mes.opcuaEndpoint, http: mes.httpUrl });
  log.info(`OPC UA  ${mes.opcuaEndpoint}`);
  log.info(`HTTP    ${mes.httpUrl}  (REST: ${mes.httpUrl}/api/v1/equipment, OpenAPI: ${mes.httpUrl}/api/openapi.json${settings.metrics.enabled ? `, metrics: ${mes.httpUrl}/metrics` : ""})`);
  if (simulator) log.info(`PLC simulator: ${simulator.plcs.map((plc) => plc.endpointUrl).join(", ")}`);
  if (settings.security.demoAccounts) log.info(`Demo accounts (security.demoAccounts): ${DEMO_ACCOUNTS.map((account) => account.id).join(", ")}, each with the password <name>-demo-pass`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: stopping (closing sessions, flushing records)...`, { event: "mes.stopping", signal });
    // The MES first, so it disconnects from the simulated PLCs rather than watching them vanish.
    mes
      .stop()
      .then(() => simulator?.stop())
      .then(
        () => process.exit(0),
        (error) => {
          log.error("stop failed", error);
          process.exit(1);
        },
      );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

/** Until the settings are read, a stray rejection goes to the console. */
const earlyRejection = (reason: unknown) => consoleLog.error("unhandled rejection (the MES keeps running)", reason);
process.on("unhandledRejection", earlyRejection);

/** The simulated PLCs of the demo (settings.simulator), started before the MES connects to them. */
async function startSimulator(config: MesConfig): Promise<PlcSimulator | undefined> {
  const { simulator } = config.settings;
  if (!simulator.enabled) return undefined;
  return startPlcSimulator(loadPlcSimConfig(path.join(config.dir, simulator.config)));
}

main().catch((error) => {
  if (error instanceof ConfigError) {
    console.error(`Configuration error in ${error.message}`);
  } else {
    consoleLog.error("opcua-mes could not start", error);
  }
  process.exit(1);
});
