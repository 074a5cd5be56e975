import path from "node:path";
import { startMes } from "./app.js";
import { ConfigError } from "./config/config-error.js";
import { DEMO_ACCOUNTS } from "./services/demo-accounts.js";
import { consoleLog } from "./services/log.js";

/** `npm start`: runs the MES on the configuration in MES_CONFIG_DIR (default ./config) until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const configDir = path.resolve(process.env.MES_CONFIG_DIR ?? "config");
  const mes = await startMes({ configDir });
  const { settings } = mes.config;
  console.log(`opcua-mes is running (database: ${settings.database.url.replace(/\/\/[^@]*@/, "//***@")})`);
  console.log(`  OPC UA  ${mes.opcuaEndpoint}`);
  console.log(`  HTTP    ${mes.httpUrl}  (REST: ${mes.httpUrl}/api/v1/equipment, OpenAPI: ${mes.httpUrl}/api/openapi.json)`);
  if (mes.simulator) console.log(`  PLC simulator: ${mes.simulator.plcs.map((plc) => plc.endpointUrl).join(", ")}`);
  if (settings.security.demoAccounts) console.log(`  Demo accounts (security.demoAccounts): ${DEMO_ACCOUNTS.map((account) => account.id).join(", ")}, each with the password <name>-demo-pass`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping (closing sessions, flushing records)...`);
    mes.stop().then(
      () => process.exit(0),
      (error) => {
        consoleLog.error("stop failed", error);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  // A stray rejection in a library callback (a PLC hanging up mid-request) must not take the plant's MES down.
  process.on("unhandledRejection", (reason) => consoleLog.error("unhandled rejection (the MES keeps running)", reason));
}

main().catch((error) => {
  if (error instanceof ConfigError) {
    console.error(`Configuration error in ${error.message}`);
  } else {
    consoleLog.error("opcua-mes could not start", error);
  }
  process.exit(1);
});
