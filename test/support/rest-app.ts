import path from "node:path";
import type Router from "koa-router";
import { startHttpDoor } from "../../src/compose/http-door.js";
import { buildCore, type MesCore } from "../../src/compose/mes-core.js";
import { loadConfig, type MesConfig } from "../../src/config/load-config.js";
import type { CallbackTargets } from "../../src/domain/callback-targets.js";
import type { CallbackSettings } from "../../src/services/callback-sender.js";
import { systemClock, type Clock } from "../../src/services/clock.js";
import { silentLog } from "../../src/services/log.js";
import { ROLES, type Role } from "../../src/domain/roles.js";
import type { AccessSettings } from "../../src/services/access-service.js";
import { useDefaultToken } from "./rest-call.js";

export interface RestApp extends Omit<MesCore, "start" | "stop"> {
  readonly core: MesCore;
  readonly url: string;
  readonly router: Router;
  /** An API token of an account `test-<role>` for every role; requests carry the Admin's unless they say otherwise. */
  readonly tokens: Readonly<Record<Role, string>>;
  close(): Promise<void>;
}

export interface RestAppOptions {
  readonly corsOrigins?: readonly string[];
  readonly security?: Partial<AccessSettings>;
  /** Where callbacks may go; "any", as the demo profile allows, unless a test says otherwise. */
  readonly callbackTargets?: CallbackTargets;
  /** Any other change to the demo configuration, made last. */
  readonly adjust?: (config: MesConfig) => MesConfig;
}

const TEST_ACCESS: AccessSettings = { sessionTtlMinutes: 60, maxTokenDays: 365, login: { maxFailures: 5, windowSeconds: 300 } };

/**
 * The demo configuration as the REST tests run it: their database, callback timing, access
 * settings and CORS origins; an HTTP port of its own on loopback; no demo accounts and no seeded
 * master data or personnel, so each test starts from the records it makes.
 */
export function restTestConfig(databaseUrl: string, callbacks: CallbackSettings, options: RestAppOptions = {}): MesConfig {
  const config = loadConfig(path.resolve("config"), { MES_DB_URL: databaseUrl, MES_HTTP_PORT: "0" });
  const targets = options.callbackTargets ?? "any";
  const adjusted: MesConfig = {
    ...config,
    settings: {
      ...config.settings,
      // Under the demo profile an empty list lets callbacks go anywhere.
      security: { ...config.settings.security, profile: "demo", demoAccounts: false, ...TEST_ACCESS, ...options.security, login: { ...TEST_ACCESS.login, ...options.security?.login, verifiedCacheSeconds: options.security?.login?.verifiedCacheSeconds ?? 600 } },
      callbacks: { ...callbacks, allowedOrigins: targets === "any" ? [] : [...targets] },
      http: { ...config.settings.http, host: "127.0.0.1", corsOrigins: [...(options.corsOrigins ?? [])], secureCookies: false, trustProxy: false },
      masterData: { seedFile: undefined, startDemoJobOrders: false },
    },
  };
  return options.adjust ? options.adjust(adjusted) : adjusted;
}

/** The MES core on a real database with the demo plant and its HTTP door, without PLCs or OPC UA. */
export async function startRestApp(
  databaseUrl: string,
  callbacks: CallbackSettings = { timeoutMs: 2000, maxAttempts: 5, initialDelayMs: 50, maxDelayMs: 400 },
  clock: Clock = systemClock,
  options: RestAppOptions = {},
): Promise<RestApp> {
  const core = await buildCore(restTestConfig(databaseUrl, callbacks, options), { clock, log: silentLog });
  try {
    await core.start();
    const setup = { id: "test-setup", role: null, door: "config" } as const;
    const tokens = {} as Record<Role, string>;
    for (const role of ROLES) {
      const id = `test-${role.toLowerCase()}`;
      if (!(await core.users.refresh(id))) await core.users.create({ id, name: `Test ${role}`, roles: [role], password: null }, setup);
      tokens[role] = (await core.access.issueToken(id, { name: "tests" }, setup)).token;
    }
    const http = await startHttpDoor(core, { version: "test" });
    useDefaultToken(http.url, tokens.Admin);
    return {
      ...core,
      core,
      url: http.url,
      router: http.router,
      tokens,
      async close() {
        await http.stop();
        await core.stop();
      },
    };
  } catch (error) {
    await core.stop();
    throw error;
  }
}
