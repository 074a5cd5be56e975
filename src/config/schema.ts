import { z } from "zod";
import { DEFAULT_OUTPUT_LOT_RULE, lotRuleProblem } from "../domain/inventory/lot-numbering.js";
import { PLC_SECURITY_MODES, PLC_SECURITY_POLICIES } from "../domain/plant/plc.js";
import { MACHINE_STATES } from "../domain/machine-state.js";
import { ALARM_KINDS } from "../domain/alarms/alarm-kinds.js";
import { ROLES } from "../domain/roles.js";
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
  /** Record its changes (value, status, source timestamp) for OPC UA HistoryRead (history.retentionDays). */
  historize: z.boolean().optional(),
});

const stateSignal = signal.extend({
  /** PLC value (as written in YAML) -> MES machine state; a value not listed reads as "unknown". */
  map: z.record(z.string(), z.enum(MACHINE_STATES)),
});

const counterSignal = signal.extend({
  /** The value at which the PLC counter wraps to 0 (2^16, 2^31, 2^32); absent: a drop is a reset. */
  rolloverAt: z.number().int().positive().optional(),
});

/** OPC 10000-8 §5.6.3: a UNECE Recommendation 20 common code (CEL, SEC, P1), or a unit without one by its symbol. */
const engineeringUnit = z.union([
  z.string().regex(/^[A-Z0-9]{2,3}$/, "a UNECE Recommendation 20 common code such as CEL, SEC or P1"),
  z.strictObject({ symbol: z.string().min(1).max(32), description: z.string().max(256).optional() }),
]);

const euRange = z
  .strictObject({ low: z.number(), high: z.number() })
  .refine((range) => range.low < range.high, { message: "low must be below high" });

const tag = z
  .strictObject({
    name: tagName,
    nodeId: plcNodeId,
    description: z.string().optional(),
    /** An analog tag's unit: it is published as an AnalogItemType with EngineeringUnits and EURange. */
    unit: engineeringUnit.optional(),
    /** The range an analog tag normally takes (EURange), for HMI scales and plausibility. */
    euRange: euRange.optional(),
    /** Record its changes (value, status, source timestamp) for OPC UA HistoryRead (history.retentionDays). */
    historize: z.boolean().optional(),
  })
  .refine((t) => (t.unit === undefined) === (t.euRange === undefined), { message: "an analog tag names both unit and euRange", path: ["euRange"] });

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

/** How the MES secures its link to a PLC; left out: SecurityPolicy None, anonymous, as PLCs have been. */
const plcSecuritySchema = z
  .strictObject({
    policy: z.enum(PLC_SECURITY_POLICIES).default("None"),
    mode: z.enum(PLC_SECURITY_MODES).default("None"),
    /** An account of the PLC's; its password comes from the environment variable passwordEnv, never from this file. */
    user: z.string().min(1).max(128).optional(),
    passwordEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "an environment variable name").optional(),
    /** An X.509 user certificate instead of a user name: PEM files, relative to the working directory. */
    certificate: z.strictObject({ certificateFile: z.string().min(1), privateKeyFile: z.string().min(1) }).optional(),
    /** Let the production profile accept this PLC's unsecured link (policy or mode None): say so PLC by PLC. */
    allowUnsecured: z.boolean().default(false),
  })
  .superRefine((security, ctx) => {
    if ((security.policy === "None") !== (security.mode === "None")) {
      ctx.addIssue({ code: "custom", path: ["mode"], message: `policy ${security.policy} goes with mode ${security.policy === "None" ? "None" : "Sign or SignAndEncrypt"}` });
    }
    if (security.user !== undefined && security.passwordEnv === undefined) ctx.addIssue({ code: "custom", path: ["passwordEnv"], message: "a user needs passwordEnv, the environment variable holding its password" });
    if (security.passwordEnv !== undefined && security.user === undefined) ctx.addIssue({ code: "custom", path: ["user"], message: "passwordEnv needs the user it is the password of" });
    if (security.user !== undefined && security.certificate !== undefined) ctx.addIssue({ code: "custom", path: ["certificate"], message: "either a user or a certificate, not both" });
    // OPC 10000-4 §7.36: a password or certificate user token over an unsecured channel would travel readable.
    if ((security.user !== undefined || security.certificate !== undefined) && security.policy === "None") {
      ctx.addIssue({ code: "custom", path: ["policy"], message: "a user name or certificate needs a secured link (a policy other than None)" });
    }
  })
  .prefault({});

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
  security: plcSecuritySchema,
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
        /**
         * A successful password check is remembered this long (an HMAC in memory, never the
         * password), so many clients of one account signing in at once run scrypt once, not once
         * each. 0: every login runs scrypt (overlapping checks of one account still share a run).
         */
        verifiedCacheSeconds: z.number().int().min(0).max(86_400).default(600),
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
      /**
       * Host names or IP addresses clients reach the server by; the first is the endpoint URL's host,
       * and the certificate names them all. Empty: the machine's host name.
       */
      advertisedHostnames: z.array(z.string().regex(/^([A-Za-z0-9]([A-Za-z0-9-]{0,62})(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*|[0-9.]+|[0-9A-Fa-f:]+)$/, "a host name or an IP address")).max(20).default([]),
      /** OPC 10000-6 §6.2.2 ApplicationUri, unique per installation; also the certificate's URI. Absent: urn:<host name>:opcua-mes. */
      applicationUri: z.string().regex(/^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/, "a URI such as urn:acme:berlin:mes").max(256).optional(),
      /** X.500 subject of the server's self-signed certificate. Absent: /CN=<applicationName>/O=opcua-mes. */
      certificateSubject: z.string().regex(/^(\/(CN|O|OU|L|ST|C|DC)=[^/]+)+$/, "a subject such as /CN=opcua-mes/O=Acme/L=Berlin/C=DE").max(512).optional(),
      /**
       * The URI of the plant's namespace (equipment, signals, job control, OEE): fixed, so the `nsu=`
       * NodeIds a SCADA stores outlive host names. Absent: urn:opcua-mes:plant:<enterprise id>.
       */
      namespaceUri: z.string().regex(/^[A-Za-z][A-Za-z0-9+.-]*:[^\s;]+$/, "a URI without ';' such as urn:acme:plant").max(256).optional(),
      /**
       * OPC 10000-4 §7.21: the queue an event item asked with queue size 0 or 1 gets. A burst of job
       * transitions between two publishes must not be cut to the last one (node-opcua caps queues at 5,000).
       */
      eventQueueSize: z.number().int().min(1).max(5000).default(1000),
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
  history: z
    .strictObject({
      /** The period each raw value of an Oee variable's history covers; "shift" falls back to the calendar day where no calendar is set. */
      oeePeriod: z.enum(["shift", "hour", "day"]).default("shift"),
      /** Values one HistoryRead operation returns at most (HistoryServerCapabilities.MaxReturnDataValues): more come with a continuation point. */
      maxReturnDataValues: z.number().int().min(1).max(1_000_000).default(10_000),
      /** Raw values one ReadProcessed call aggregates at most, so a long request over a busy tag cannot pin the server. */
      maxValuesPerAggregate: z.number().int().min(1).max(10_000_000).default(1_000_000),
      /** Samples of historized signals older than this are pruned (by the time the MES received them). */
      retentionDays: z.number().min(1 / 24).max(36_500).default(365),
      /** How often the prune runs. */
      pruneIntervalMs: z.number().int().min(1000).max(86_400_000).default(3_600_000),
      /** Samples of historized signals are written in one transaction at most once per interval. */
      flushIntervalMs: z.number().int().min(50).max(60_000).default(1000),
      /** Samples held while the database cannot take them; beyond it the oldest are dropped, and that is logged. */
      maxPendingSamples: z.number().int().min(1).max(10_000_000).default(100_000),
    })
    .prefault({}),
  alarms: z
    .strictObject({
      /** A stop (stopped or faulted) longer than this raises a long-stop alarm; it clears when the unit leaves the stop. */
      longStopMinutes: z.number().min(0.01).max(1440).default(10),
      /** The longest an alarm may be shelved, timed or one-shot (OPC 10000-9 MaxTimeShelved). */
      maxShelvingMinutes: z.number().min(0.01).max(10_080).default(480),
      /** Characters one alarm comment may have (acknowledge, confirm, AddComment). */
      maxCommentLength: z.number().int().min(1).max(10_000).default(1000),
      /** Severity (1..1000) per alarm kind, over the defaults the README lists. */
      severities: z.partialRecord(z.enum(ALARM_KINDS), z.number().int().min(1).max(1000)).default({}),
    })
    .prefault({}),
  dispatch: z
    .strictObject({
      /** Job orders one receiver holds at once (OPC 10031-4 MaxDownloadableJobOrders): a PLC-side list must stay small. */
      maxDownloadableJobOrders: z.number().int().min(1).max(65535).default(100),
      /**
       * One progress report (Dispatch.ReportProgress, a machine's count) may carry at most this
       * multiple of the parts its job still has to make (at least one): more is a broken counter,
       * refused and audited, not production.
       */
      maxReportedMultiple: z.number().min(1).max(1_000_000).default(10),
    })
    .prefault({}),
  masterData: z
    .strictObject({
      /** File name inside the config folder with starting materials and products; each is added only when missing. */
      seedFile: z.string().optional(),
      /** Store and start the seed file's `demoJobOrders` when they are missing (the demo's live consumption and genealogy). */
      startDemoJobOrders: z.boolean().default(false),
    })
    .prefault({}),
  inventory: z
    .strictObject({
      /** How a job order's output lot is numbered, e.g. "{product}-{yyyyMMdd}-{seq:4}" (see lot-numbering.ts for the fields). */
      outputLotNumber: z
        .string()
        .default(DEFAULT_OUTPUT_LOT_RULE)
        .superRefine((rule, ctx) => {
          const problem = lotRuleProblem(rule);
          if (problem) ctx.addIssue({ code: "custom", message: problem });
        }),
      /** Material consumed and produced callbacks of one job order within this time go to the ERP as one; 0 sends one per booking. */
      callbackBatchMs: z.number().int().min(0).max(3_600_000).default(10_000),
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
  logging: z
    .strictObject({
      /** debug, info (one line per request, PLC connection change and refusal), warn (refusals and trouble only), error, silent. */
      level: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
      /** json: one JSON object per line, for a log collector; text: plain lines for a terminal. */
      format: z.enum(["json", "text"]).default("json"),
    })
    .prefault({}),
  metrics: z
    .strictObject({
      /** GET /metrics in the Prometheus text format. */
      enabled: z.boolean().default(true),
      /** Roles whose API token may scrape: the figures show the plant's load and its failures, which is nobody else's business. */
      allowRoles: z.array(z.enum(ROLES)).max(ROLES.length).default(["Admin"]),
      /**
       * Client addresses (127.0.0.1, ::1) or networks (10.0.0.0/8) that may scrape without a token,
       * for a Prometheus beside the MES. None by default: a token or nothing.
       */
      allowAddresses: z.array(z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()])).max(100).default([]),
    })
    .prefault({}),
  cluster: z
    .strictObject({
      /**
       * This instance's name, unique among the MES instances sharing the database. Absent: this MES
       * is the only one, owns the whole plant and takes no leases (the single-plant default).
       */
      instanceId: z
        .string()
        .regex(/^[A-Za-z0-9._-]{1,100}$/, "letters, digits, '.', '_' or '-', at most 100")
        .optional(),
      /** The equipment this instance owns whenever no other holds it: ids of sites, areas, work centers or work units. Empty: a standby only. */
      owns: z.array(z.string().min(1).max(64)).max(1000).default([]),
      /** Take over the equipment of an instance whose lease lapsed (it died or lost the database). */
      takeOver: z.boolean().default(true),
      /** A lease runs this long unless renewed (every third of it): a dead owner's equipment is taken over after it. */
      leaseSeconds: z.number().int().min(3).max(300).default(10),
      /** A command for equipment another instance owns waits this long for that owner's answer. */
      commandTimeoutMs: z.number().int().min(500).max(120_000).default(10_000),
      /**
       * How often an instance reads what the others stored for the equipment they own (states,
       * counts, job-order transitions, alarms) and shows it as its own: how far behind its REST,
       * UI and OPC UA reads of their equipment may be.
       */
      followEveryMs: z.number().int().min(100).max(60_000).default(1000),
    })
    .prefault({}),
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
