import { z } from "zod";
import { MACHINE_STATES } from "../domain/machine-state.js";
import { dispatchSchema } from "./dispatch-schema.js";

/** Ids become OPC UA string NodeIds, REST path segments and database keys: keep them plain. */
const id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, "use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");

/** Browse names of mirrored tags: readable in UaExpert, no characters that need escaping in a RelativePath. */
const tagName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, "use 1-64 letters, digits or '_', starting with a letter");

/** A PLC node: `ns=3;s="DB".tag`, `i=2258`, or `nsu=<namespace URI>;s=...` (resolved against the PLC's namespace array). */
const plcNodeId = z.string().regex(/^(ns=\d+;|nsu=[^;]+;)?[isgb]=.+$/, "expected an OPC UA NodeId such as ns=3;s=Tag or nsu=urn:x;s=Tag");

const signal = z.strictObject({
  nodeId: plcNodeId,
});

const stateSignal = signal.extend({
  /** PLC value (as written in YAML) -> MES machine state; a value not listed reads as "unknown". */
  map: z.record(z.string(), z.enum(MACHINE_STATES)),
});

const counterSignal = signal.extend({
  /** The value at which the PLC counter wraps to 0 (2^16, 2^31, 2^32); absent: a drop is a reset. */
  rolloverAt: z.number().int().positive().optional(),
});

const tag = z.strictObject({
  name: tagName,
  nodeId: plcNodeId,
  description: z.string().optional(),
});

const signals = z.strictObject({
  state: stateSignal.optional(),
  goodCount: counterSignal.optional(),
  rejectCount: counterSignal.optional(),
  currentJob: signal.optional(),
  tags: z.array(tag).default([]),
});

const named = {
  id,
  name: z.string().min(1).max(128),
  description: z.string().max(1000).optional(),
};

export const workUnitSchema = z.strictObject({
  ...named,
  plc: id,
  signals: signals.default({ tags: [] }),
  dispatch: dispatchSchema,
});

export const workCenterSchema = z.strictObject({
  ...named,
  workUnits: z.array(workUnitSchema).min(1),
});

export const storageZoneSchema = z.strictObject({ ...named });

export const areaSchema = z.strictObject({
  ...named,
  workCenters: z.array(workCenterSchema).min(1),
  storageZones: z.array(storageZoneSchema).optional(),
});

export const siteSchema = z.strictObject({
  ...named,
  location: z.string().max(256).optional(),
  areas: z.array(areaSchema).min(1),
});

export const enterpriseSchema = z.strictObject({
  ...named,
  sites: z.array(siteSchema).min(1),
});

export const plcSchema = z.strictObject({
  id,
  name: z.string().min(1).max(128).optional(),
  endpointUrl: z.string().regex(/^opc\.tcp:\/\/[^\s/]+(:\d+)?(\/\S*)?$/, "expected opc.tcp://host:port/path"),
  /** How often the PLC sends changes; 100 ms keeps the mirror live without flooding a small PLC. */
  publishingIntervalMs: z.number().int().min(0).max(60_000).default(100),
  /** 0 asks for exception-based sampling: the PLC reports each change, none missed between samples. */
  samplingIntervalMs: z.number().int().min(0).max(60_000).default(0),
  reconnect: z
    .strictObject({
      initialDelayMs: z.number().int().min(50).max(60_000).default(500),
      maxDelayMs: z.number().int().min(100).max(600_000).default(10_000),
    })
    .default({ initialDelayMs: 500, maxDelayMs: 10_000 }),
});

export const plantSchema = z.strictObject({
  enterprise: enterpriseSchema,
  plcs: z.array(plcSchema).min(1),
});

const securitySchema = z
  .strictObject({
    /** "production" refuses SecurityPolicy None, anonymous OPC UA access and demo accounts; "demo" allows them when asked. */
    profile: z.enum(["demo", "production"]).default("production"),
    /** Demo only: accounts for every role with the published passwords of the README, added when missing. */
    demoAccounts: z.boolean().default(false),
    /** A web session lasts one shift and a bit; after that the browser signs in again. */
    sessionTtlMinutes: z.number().int().min(5).max(7 * 24 * 60).default(10 * 60),
    /** An API token lives at most this long, so a forgotten one does not stay valid for ever. */
    maxTokenDays: z.number().int().min(1).max(3650).default(365),
    login: z
      .strictObject({
        /** Failed logins per account and per client address within the window before login waits. */
        maxFailures: z.number().int().min(1).max(1000).default(5),
        windowSeconds: z.number().int().min(1).max(86_400).default(300),
      })
      .prefault({}),
  })
  .prefault({});

export const mesSettingsSchema = z.strictObject({
  opcua: z
    .strictObject({
      port: z.number().int().min(0).max(65535).default(4840),
      resourcePath: z.string().regex(/^\/[A-Za-z0-9_/-]*$/).default("/opcua-mes"),
      applicationName: z.string().default("opcua-mes"),
      /** node-opcua's default of 10 is below the 50 parallel sessions the Standard server profile asks for. */
      maxSessions: z.number().int().min(1).max(1000).default(100),
      maxConnectionsPerEndpoint: z.number().int().min(1).max(1000).default(100),
      /** So one client that opens sessions and vanishes cannot lock everyone else out (OPC 10000-4 §5.6.2). */
      limits: z
        .strictObject({
          /** Sessions one client (address + application certificate) may hold anonymous, or per signed-in user; an HMI needs a few. */
          maxSessionsPerClient: z.number().int().min(1).max(1000).default(10),
          /** Of maxSessions, this many only signed-in users can take: anonymous sessions never fill the server. */
          sessionsReservedForAuthenticated: z.number().int().min(0).max(999).default(10),
          /** Clients activate right after CreateSession; one that does not within this time is not coming back. */
          unactivatedSessionTimeoutMs: z.number().int().min(100).max(600_000).default(10_000),
          /** A session whose connection broke waits this long for its client to reconnect, then closes with its subscriptions. */
          detachedSessionTimeoutMs: z.number().int().min(100).max(3_600_000).default(60_000),
        })
        .prefault({}),
      /** The demo offers SecurityPolicy None and anonymous access; a production profile turns both off. */
      allowUnsecured: z.boolean().default(false),
      allowAnonymous: z.boolean().default(false),
    })
    .prefault({}),
  http: z
    .strictObject({
      port: z.number().int().min(0).max(65535).default(8080),
      host: z.string().default("0.0.0.0"),
      /** Browser origins (https://erp.example.com) allowed to call the REST API from their pages; none by default. */
      corsOrigins: z.array(z.string().regex(/^https?:\/\/[^\s/]+$/, "an origin such as https://erp.example.com")).max(50).default([]),
      /** Mark the session cookie Secure: set it when the UI is served over TLS (directly or behind a proxy). */
      secureCookies: z.boolean().default(false),
      /** Behind a reverse proxy, take the client address from X-Forwarded-For (the login throttle counts per client). Never without one: a client could pick its own address. */
      trustProxy: z.boolean().default(false),
    })
    .prefault({}),
  database: z
    .strictObject({
      url: z.string().default("sqlite:data/mes.sqlite"),
    })
    .prefault({}),
  production: z
    .strictObject({
      /** Counter deltas are summed per work unit and written at most once per interval: bounds DB writes on fast lines. */
      flushIntervalMs: z.number().int().min(50).max(60_000).default(1000),
      /**
       * Production records (one per work unit and job) held in memory while the database cannot take
       * them. At the bound, counts of a further job are added to the work unit's latest held record:
       * no part is lost, only which job it was made for.
       */
      maxPendingRecords: z.number().int().min(1).max(1_000_000).default(10_000),
    })
    .prefault({}),
  dispatch: z
    .strictObject({
      /** Job orders one receiver holds at once (OPC 10031-4 MaxDownloadableJobOrders): a PLC-side list must stay small. */
      maxDownloadableJobOrders: z.number().int().min(1).max(65535).default(100),
    })
    .prefault({}),
  masterData: z
    .strictObject({
      /** File name inside the config folder with starting materials and products; each is added only when missing. */
      seedFile: z.string().optional(),
    })
    .prefault({}),
  callbacks: z
    .strictObject({
      /** A receiver slower than this is treated as down: the outbox must not stall behind one ERP. */
      timeoutMs: z.number().int().min(100).max(120_000).default(5000),
      maxAttempts: z.number().int().min(1).max(100).default(12),
      initialDelayMs: z.number().int().min(10).max(600_000).default(1000),
      /** With 12 attempts doubling from 1 s up to 10 min, a callback is retried for about half an hour. */
      maxDelayMs: z.number().int().min(10).max(3_600_000).default(600_000),
      /**
       * The ERP origins (scheme://host:port) callbacks may go to. Empty: any http(s) URL under the
       * demo profile, none under production (a callback URL is the order creator's to choose).
       */
      allowedOrigins: z.array(z.url({ protocol: /^https?$/, message: "an http:// or https:// origin" })).max(100).default([]),
    })
    .prefault({}),
  security: securitySchema,
  simulator: z
    .strictObject({
      enabled: z.boolean().default(false),
      /** File name inside the config folder. */
      config: z.string().default("plc-sim.yaml"),
    })
    .prefault({}),
});

/** A production profile must not open the doors a demo may (STYLE.md lesson 11). */
export const checkedMesSettingsSchema = mesSettingsSchema.superRefine((settings, ctx) => {
  // Runs even when a section failed its own checks: look only at well-formed values.
  const opcua = settings.opcua;
  if (opcua?.limits && opcua.limits.sessionsReservedForAuthenticated >= opcua.maxSessions) {
    ctx.addIssue({ code: "custom", path: ["opcua", "limits", "sessionsReservedForAuthenticated"], message: `must be below opcua.maxSessions (${opcua.maxSessions}), or no anonymous session is left` });
  }
  if (settings.security?.profile !== "production") return;
  const refuse = (path: string[], what: string) => ctx.addIssue({ code: "custom", path, message: `${what} is not allowed with security.profile production` });
  if (settings.opcua?.allowUnsecured) refuse(["opcua", "allowUnsecured"], "SecurityPolicy None");
  if (settings.opcua?.allowAnonymous) refuse(["opcua", "allowAnonymous"], "anonymous OPC UA access");
  if (settings.security.demoAccounts) refuse(["security", "demoAccounts"], "demo accounts with published passwords");
});

/** plant.yaml as parsed; the MES runs on the domain's Plant (config/plant-model.ts maps it). */
export type PlantFile = z.infer<typeof plantSchema>;
export type WorkUnitFile = z.infer<typeof workUnitSchema>;
export type MesSettings = z.infer<typeof mesSettingsSchema>;
