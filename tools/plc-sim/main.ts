import path from "node:path";
import { parseArgs } from "node:util";
import { ConfigError } from "../../src/config/config-error.js";
import { loadPlcSimConfig } from "./config.js";
import { startPlcSimulator } from "./simulator.js";

/** `npm run plc-sim [-- --config config/plc-sim.yaml]`: the simulated PLCs as their own process. */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { config: { type: "string", default: "config/plc-sim.yaml" }, host: { type: "string", default: "127.0.0.1" } } });
  const simulator = await startPlcSimulator(loadPlcSimConfig(path.resolve(values.config!)), { host: values.host });
  for (const plc of simulator.plcs) console.log(`PLC ${plc.id}: ${plc.endpointUrl}`);
  const stop = () => simulator.stop().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? `Configuration error in ${error.message}` : error);
  process.exit(1);
});
