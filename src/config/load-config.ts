import { existsSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "./config-error.js";
import { readYamlFile } from "./read-yaml.js";
import { checkOee } from "./check-oee.js";
import { checkPlant } from "./check-plant.js";
import { checkPlcSecurity } from "./check-plc-security.js";
import type { OeeSettings } from "../domain/oee/oee-settings.js";
import { flattenPlant } from "../domain/equipment.js";
import type { Plant } from "../domain/plant/plant.js";
import type { SchedulingSettings } from "../domain/scheduling/scheduling-settings.js";
import { oeeConfigSchema } from "./oee-schema.js";
import { toPlant } from "./plant-model.js";
import { schedulingConfigSchema } from "./scheduling-schema.js";
import { checkedMesSettingsSchema, plantSchema, type MesSettings } from "./schema.js";
import { toOeeSettings, toSchedulingSettings } from "./settings-model.js";

export const SETTINGS_FILE = "mes.yaml";
export const PLANT_FILE = "plant.yaml";
/** Optional: without it there are no calendars, so no planned time and every OEE figure is n/a. */
export const OEE_FILE = "oee.yaml";
/** Optional: without it, earliest due date, 60 days ahead, no changeovers. */
export const SCHEDULING_FILE = "scheduling.yaml";

export interface MesConfig {
  readonly dir: string;
  readonly settings: MesSettings;
  /** The runtime model, mapped from the files once: nothing past config/ sees their shape. */
  readonly plant: Plant;
  readonly oee: OeeSettings;
  readonly scheduling: SchedulingSettings;
}

/**
 * Loads `mes.yaml` (server settings), `plant.yaml` (the ISA-95 plant and its PLCs) and, when
 * present, `oee.yaml` (calendars and the OEE policy) and `scheduling.yaml` from a folder, applies
 * environment overrides and maps the files onto the runtime model. Throws ConfigError naming the file and the place.
 */
export function loadConfig(dir: string, env: NodeJS.ProcessEnv = process.env): MesConfig {
  const settingsFile = path.join(dir, SETTINGS_FILE);
  const plantFile = path.join(dir, PLANT_FILE);
  const settings = applyEnvironment(readYamlFile(settingsFile, checkedMesSettingsSchema), env);
  const parsedPlant = readYamlFile(plantFile, plantSchema);
  const problems = [...checkPlant(parsedPlant), ...checkPlcSecurity(parsedPlant, settings.security.profile, env)];
  if (problems.length > 0) throw new ConfigError(plantFile, problems);
  const oeeFile = path.join(dir, OEE_FILE);
  const oee = existsSync(oeeFile) ? readYamlFile(oeeFile, oeeConfigSchema) : oeeConfigSchema.parse({});
  const plant = toPlant(parsedPlant, oee.faultCodeTag, env);
  const equipmentIds = new Set(flattenPlant(plant.enterprise).map((node) => node.id));
  const unknownOwned = settings.cluster.owns.filter((id) => !equipmentIds.has(id));
  if (unknownOwned.length > 0) {
    throw new ConfigError(settingsFile, unknownOwned.map((id) => ({ path: "cluster.owns", message: `"${id}" is no equipment of plant.yaml (give ids of sites, areas, work centers or work units)` })));
  }
  const oeeProblems = checkOee(oee, plant);
  if (oeeProblems.length > 0) throw new ConfigError(oeeFile, oeeProblems);
  const schedulingFile = path.join(dir, SCHEDULING_FILE);
  const scheduling = existsSync(schedulingFile) ? readYamlFile(schedulingFile, schedulingConfigSchema) : schedulingConfigSchema.parse({});
  return { dir, settings, plant, oee: toOeeSettings(oee), scheduling: toSchedulingSettings(scheduling) };
}

/** MES_DB_URL, MES_OPCUA_PORT, MES_HTTP_PORT, MES_SIMULATOR (on/off), MES_INSTANCE_ID and MES_OWNS (comma-separated equipment ids) win over the files. */
export function applyEnvironment(settings: MesSettings, env: NodeJS.ProcessEnv): MesSettings {
  const port = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === "") return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0 || value > 65535) {
      throw new ConfigError(`environment variable ${name}`, [{ path: "", message: `expected a port number 0-65535, got "${raw}"` }]);
    }
    return value;
  };
  const instanceId = env.MES_INSTANCE_ID;
  if (instanceId && !/^[A-Za-z0-9._-]{1,100}$/.test(instanceId)) {
    throw new ConfigError("environment variable MES_INSTANCE_ID", [{ path: "", message: `letters, digits, '.', '_' or '-', at most 100, got "${instanceId}"` }]);
  }
  const simulator = env.MES_SIMULATOR;
  if (simulator !== undefined && !["on", "off"].includes(simulator)) {
    throw new ConfigError("environment variable MES_SIMULATOR", [{ path: "", message: `expected "on" or "off", got "${simulator}"` }]);
  }
  return {
    ...settings,
    database: { url: env.MES_DB_URL || settings.database.url },
    opcua: { ...settings.opcua, port: port("MES_OPCUA_PORT", settings.opcua.port) },
    http: { ...settings.http, port: port("MES_HTTP_PORT", settings.http.port) },
    simulator: { ...settings.simulator, enabled: simulator === undefined ? settings.simulator.enabled : simulator === "on" },
    cluster: {
      ...settings.cluster,
      instanceId: instanceId || settings.cluster.instanceId,
      owns: env.MES_OWNS === undefined ? settings.cluster.owns : env.MES_OWNS.split(",").map((id) => id.trim()).filter(Boolean),
    },
  };
}
