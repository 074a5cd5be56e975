import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadPlcSimConfig, type PlcSimConfig } from "../../tools/plc-sim/config.js";
import { startPlcSimulator, type PlcSimulator } from "../../tools/plc-sim/simulator.js";
import { freePort } from "../../tools/free-port.js";
import { startMes, type RunningMes } from "../../src/app.js";
import { loadConfig } from "../../src/config/load-config.js";
import type { Clock } from "../../src/services/clock.js";
import { silentLog, type Log } from "../../src/services/log.js";
import type { Plant } from "../../src/domain/plant/plant.js";
import { mapWorkUnits } from "./plant-edit.js";
import type { MesSettings } from "../../src/config/schema.js";
import { useDefaultToken } from "./rest-call.js";

/** The demo's simulated PLCs on free ports, standing still until a test moves them; `tweak` may change the simulation first. */
export async function startDemoSimulator(tweak: (config: PlcSimConfig) => void = () => {}, now?: () => Date): Promise<PlcSimulator> {
  const config = loadPlcSimConfig(path.resolve("config/plc-sim.yaml"));
  tweak(config);
  for (const plc of config.plcs) plc.port = await freePort();
  return startPlcSimulator(config, { autoRun: false, now });
}

/** The MES on the demo plant, wired to `sim`, with its SQLite file, certificates and ports of its own. */
export async function startDemoMes(
  dir: string,
  sim: PlcSimulator,
  databaseUrl = `sqlite:${path.join(dir, "mes.sqlite")}`,
  tweakPlant: (plant: Plant) => Plant = (plant) => plant,
  clock?: Clock,
  log: Log = silentLog,
  tweakSettings: (settings: MesSettings) => MesSettings = (settings) => settings,
): Promise<RunningMes> {
  const config = loadConfig(path.resolve("config"), { MES_DB_URL: databaseUrl, MES_OPCUA_PORT: String(await freePort()), MES_HTTP_PORT: "0" });
  const mes = await startMes(
    {
      ...config,
      // The demo's running job orders stay off unless a test turns them on (withDemoJobOrders), so a test's own jobs are the only ones.
      settings: tweakSettings({ ...config.settings, http: { ...config.settings.http, host: "127.0.0.1" }, masterData: { ...config.settings.masterData, startDemoJobOrders: false } }),
      plant: tweakPlant({
        ...config.plant,
        // Fast reconnects keep the tests short; the back-off logic itself is unit-tested.
        plcs: config.plant.plcs.map((plc) => ({ ...plc, endpointUrl: sim.plc(plc.id).endpointUrl, reconnect: { initialDelayMs: 100, maxDelayMs: 400 } })),
      }),
    },
    { clock, pkiFolder: path.join(dir, "pki"), hostname: "127.0.0.1", log },
  );
  // The demo's admin account signs the tests' REST calls, as an ERP's machine account would.
  useDefaultToken(mes.httpUrl, (await mes.access.issueToken("admin", { name: "tests" }, { id: "test-setup", role: null, door: "config" })).token);
  return mes;
}

/** The demo plant with these work units on the `methods` dispatch driver. */
export function withMethodsDriver(...workUnitIds: string[]): (plant: Plant) => Plant {
  return (plant) => mapWorkUnits(plant, (unit) => (workUnitIds.includes(unit.id) ? { ...unit, dispatch: { driver: "methods" } } : unit));
}

/** The demo's settings with its seeded job orders stored and started, as `npm start` has them. */
export function withDemoJobOrders(settings: MesSettings): MesSettings {
  return { ...settings, masterData: { ...settings.masterData, startDemoJobOrders: true } };
}

/** The demo plant as `npm start` runs it with its demo job orders on: simulator, MES, a folder of its own, and one stop for all three. */
export async function startDemoPlantWithJobOrders(prefix: string): Promise<{ sim: PlcSimulator; mes: RunningMes; stop(): Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const sim = await startDemoSimulator();
  const mes = await startDemoMes(dir, sim, undefined, undefined, undefined, undefined, withDemoJobOrders).catch(async (error) => {
    await sim.stop();
    throw error;
  });
  return {
    sim,
    mes,
    async stop() {
      await mes.stop();
      await sim.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
