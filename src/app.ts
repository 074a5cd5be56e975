import path from "node:path";
import { declaredRoutes, type DeclaredRoute } from "./api/auth/route-access.js";
import { startHttpDoor } from "./compose/http-door.js";
import { buildCore, type MesCore } from "./compose/mes-core.js";
import { startOpcuaDoor } from "./compose/opcua-door.js";
import { startPlcDoor } from "./compose/plc-door.js";
import { StopList } from "./compose/stop-list.js";
import type { MesConfig } from "./config/load-config.js";
import type { MesOpcuaServer } from "./opcua/mes-opcua-server.js";
import type { Clock, IdGenerator } from "./services/clock.js";
import { consoleLog, type Log } from "./services/log.js";

export interface StartOptions {
  /** Where the MES keeps its certificates; default data/pki. */
  readonly pkiFolder?: string;
  /** Host name in the OPC UA endpoint URL (tests use 127.0.0.1). */
  readonly hostname?: string;
  readonly log?: Log;
  readonly clock?: Clock;
  readonly newId?: IdGenerator;
}

/** The whole MES: its core, with the OPC UA, PLC and HTTP doors open. */
export interface RunningMes extends Omit<MesCore, "start" | "stop"> {
  readonly core: MesCore;
  readonly opcua: MesOpcuaServer;
  readonly opcuaEndpoint: string;
  readonly httpUrl: string;
  /** The REST routes with the access each declares. */
  readonly httpRoutes: readonly DeclaredRoute[];
  stop(): Promise<void>;
}

/**
 * The MES on a loaded configuration: the core, then the OPC UA door (so the address space sees
 * every event), the core's background jobs, the PLC door and last the HTTP door; stopped in
 * reverse, so nothing is written after the database is closed. Simulated PLCs are no part of it:
 * `npm start` (src/main.ts) starts them beside the MES when the settings ask for them.
 */
export async function startMes(config: MesConfig, options: StartOptions = {}): Promise<RunningMes> {
  const log = options.log ?? consoleLog;
  const pkiFolder = options.pkiFolder ?? path.resolve("data/pki");
  const core = await buildCore(config, { clock: options.clock, newId: options.newId, log, pkiFolder });
  const stops = new StopList(log);
  stops.push(() => core.stop());
  try {
    const opcua = await startOpcuaDoor(core, { pkiFolder, hostname: options.hostname });
    stops.push(() => opcua.stop());
    await core.start();
    const plcs = await startPlcDoor(core, { pkiFolder });
    stops.push(() => plcs.stop());
    const http = await startHttpDoor(core);
    stops.push(() => http.stop());
    return {
      ...core,
      core,
      opcua: opcua.server,
      opcuaEndpoint: opcua.server.endpointUrl,
      httpUrl: http.url,
      httpRoutes: declaredRoutes(http.router),
      stop: () => stops.stopAll(),
    };
  } catch (error) {
    await stops.stopAll();
    throw error;
  }
}
