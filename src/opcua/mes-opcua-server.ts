import { mkdirSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { MessageSecurityMode, OPCUACertificateManager, SecurityPolicy, type AddressSpace } from "node-opcua";
import type { Plant } from "../domain/plant/plant.js";
import { PACKAGE_VERSION as version } from "../package-root.js";
import type { Log } from "../services/log.js";
import type { AccessService } from "../services/access-service.js";
import type { UserService } from "../services/user-service.js";
import { checkCallPermissionFirst, observeOnly, type MethodCaller } from "./access-control.js";
import type { HistoryServerCapabilities } from "./history/history-capabilities.js";
import { EventQueueingOpcuaServer } from "./event-queues.js";
import type { SessionTimeouts } from "./guarded-opcua-server.js";
import { clientOf, MesUserManager } from "./mes-user-manager.js";
import { NODESET_FILES } from "./nodeset-files.js";
import { buildPlantAddressSpace, defaultPlantNamespaceUri, type PlantNodes } from "./plant-address-space.js";
import { ensureServerCertificate, serverCertificateFile, serverIdentityOf, type IdentitySettings } from "./server-identity.js";
import { removeUserManagement } from "./user-management.js";
import { SessionLimits, type SessionLimitSettings } from "./session-limits.js";
import { guardUserCertificates } from "./user-certificate-guard.js";

/** Subscriptions one session may hold (node-opcua's default); the server's total is this times maxSessions. */
const SUBSCRIPTIONS_PER_SESSION = 10;

/** The server's own settings (mes.yaml `opcua`). */
export interface OpcuaServerSettings extends IdentitySettings {
  readonly port: number;
  readonly resourcePath: string;
  readonly applicationName: string;
  readonly maxSessions: number;
  readonly maxConnectionsPerEndpoint: number;
  /** What one client may hold, and how soon sessions nobody uses are closed (opcua.limits). */
  readonly limits: Omit<SessionLimitSettings, "maxSessions"> & SessionTimeouts;
  /** Offer SecurityPolicy None besides the secure policies. */
  readonly allowUnsecured: boolean;
  readonly allowAnonymous: boolean;
  /** The plant's namespace URI; absent: urn:opcua-mes:plant:<enterprise id>. */
  readonly namespaceUri?: string;
  /** The queue an event item asked with queue size 0 or 1 gets (OPC 10000-4 §7.21); absent: 1,000. */
  readonly eventQueueSize?: number;
}

const DEFAULT_EVENT_QUEUE_SIZE = 1000;

export interface MesOpcuaServerOptions {
  settings: OpcuaServerSettings;
  plant: Plant;
  /** Where the server's certificate/PKI live (e.g. data/pki), created if missing. */
  pkiFolder: string;
  /** For the endpoint URL, over opcua.advertisedHostnames; tests pass "127.0.0.1". */
  hostname?: string;
  /** The accounts OPC UA users sign in with (UserName or X.509 user tokens). */
  users: UserService;
  access: AccessService;
  log: Log;
}

export interface MesOpcuaServer {
  /** opc.tcp://<host>:<port><resourcePath> */
  readonly endpointUrl: string;
  readonly plant: PlantNodes;
  /** The plant's namespace URI (its index follows the load order: look it up). */
  readonly plantNamespaceUri: string;
  /** For later adapters (job control, OEE). */
  readonly addressSpace: AddressSpace;
  /** What runs a Call request's methods (the role checks wrap it; so may later adapters). */
  readonly methodCaller: MethodCaller;
  /** What Server.ServerCapabilities.HistoryServerCapabilities reads (node-opcua binds its properties to this object). */
  readonly historyServerCapabilities: HistoryServerCapabilities;
  /** What the Server object's ServerDiagnosticsSummary (OPC 10000-5) counts now, for the metrics. */
  counts(): { sessions: number; subscriptions: number; rejectedSessions: number };
  /** Closes sessions, shuts down. */
  stop(): Promise<void>;
}

/**
 * Policies current in OPC 10000-7 (Basic128Rsa15 and Basic256 are deprecated there). None only
 * when the configuration asks for it: secure by default (STYLE.md lesson 11).
 */
const SECURE_POLICIES = [SecurityPolicy.Basic256Sha256, SecurityPolicy.Aes128_Sha256_RsaOaep, SecurityPolicy.Aes256_Sha256_RsaPss];
const SECURE_MODES = [MessageSecurityMode.Sign, MessageSecurityMode.SignAndEncrypt];

/** Endpoint descriptions are built before the socket listens, so port 0 must become a real port first. */
async function resolvePort(port: number): Promise<number> {
  if (port !== 0) return port;
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, () => {
      const { port: free } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(free));
    });
  });
}

export async function startMesOpcuaServer(options: MesOpcuaServerOptions): Promise<MesOpcuaServer> {
  const { settings, plant, pkiFolder } = options;
  mkdirSync(pkiFolder, { recursive: true });
  // Application certificates (the secure channel) and user certificates (X.509 user tokens) have trust lists of their own.
  const serverCertificateManager = new OPCUACertificateManager({ rootFolder: pkiFolder, automaticallyAcceptUnknownCertificate: false });
  await serverCertificateManager.initialize();
  const identity = serverIdentityOf(settings, options.hostname);
  await ensureServerCertificate(serverCertificateManager, identity, (message) => options.log.warn(message));
  const userCertificateManager = new OPCUACertificateManager({ rootFolder: path.join(pkiFolder, "user"), automaticallyAcceptUnknownCertificate: false });
  await userCertificateManager.initialize();
  guardUserCertificates(userCertificateManager, {
    async accountRefusal(commonName) {
      const account = await options.users.refresh(commonName);
      if (!account) return `no account "${commonName}"`;
      return account.disabled ? `the account "${commonName}" is disabled` : null;
    },
    async refused(commonName, why) {
      options.log.warn(`OPC UA X.509 user login refused for "${commonName.slice(0, 64)}": ${why}`);
      await options.access.auditLoginFailure(commonName || "(no common name)", "opcua", { reason: why }).catch((error) => options.log.error("a refused X.509 login was not audited", error));
    },
  });

  const limits = new SessionLimits({ maxSessions: settings.maxSessions, ...settings.limits });
  const server = new EventQueueingOpcuaServer({
    port: await resolvePort(settings.port),
    hostname: identity.hostname,
    alternateHostname: [...identity.alternateHostnames],
    resourcePath: settings.resourcePath,
    nodesets: [...NODESET_FILES],
    buildInfo: { productName: "opcua-mes", productUri: "urn:opcua-mes", manufacturerName: "opcua-mes contributors", softwareVersion: version },
    serverInfo: { applicationName: { text: settings.applicationName }, applicationUri: identity.applicationUri, productUri: "urn:opcua-mes" },
    // node-opcua's 100 subscriptions in all would stop 50 HMI sessions of a fast, a slow and an alarm subscription each.
    serverCapabilities: { maxSessions: settings.maxSessions, maxSubscriptions: settings.maxSessions * SUBSCRIPTIONS_PER_SESSION, maxSubscriptionsPerSession: SUBSCRIPTIONS_PER_SESSION },
    maxConnectionsPerEndpoint: settings.maxConnectionsPerEndpoint,
    serverCertificateManager,
    certificateFile: serverCertificateFile(serverCertificateManager),
    userCertificateManager,
    userManager: new MesUserManager(options.users, options.access, options.log),
    securityPolicies: settings.allowUnsecured ? [SecurityPolicy.None, ...SECURE_POLICIES] : SECURE_POLICIES,
    securityModes: settings.allowUnsecured ? [MessageSecurityMode.None, ...SECURE_MODES] : SECURE_MODES,
    allowAnonymous: settings.allowAnonymous,
  }, limits, settings.limits, options.log);
  server.useEventQueueSize(settings.eventQueueSize ?? DEFAULT_EVENT_QUEUE_SIZE);
  const plantNamespaceUri = settings.namespaceUri ?? defaultPlantNamespaceUri(plant);

  try {
    await server.initialize();
    const addressSpace = server.engine.addressSpace!;
    removeUserManagement(addressSpace);
    const plantNodes = buildPlantAddressSpace(addressSpace, plant, plantNamespaceUri);
    observeOnly(addressSpace, plantNodes.namespace);
    // node-opcua's accessor has callMethod, its interface does not declare it.
    checkCallPermissionFirst(server.engine.addressSpaceAccessor as unknown as MethodCaller, addressSpace, options.log);
    // Every signed-in session is audited; its roles are read again, as another MES instance may have changed the account.
    server.on("session_activated", (session) => {
      const name = session.sessionContext.getUserName();
      if (!name || name === "anonymous") return;
      options.users
        .refresh(name)
        .then((user) => user && options.access.auditLogin(user, "opcua", `session:${session.nodeId.toString()}`, clientOf(session)))
        .catch((error) => options.log.error(`OPC UA login of ${name} not audited`, error));
    });
    await server.start();
    const endpointUrl = server.getEndpointUrl();
    return {
      endpointUrl,
      plant: plantNodes,
      plantNamespaceUri,
      addressSpace,
      methodCaller: server.engine.addressSpaceAccessor as unknown as MethodCaller,
      historyServerCapabilities: server.engine.historyServerCapabilities as unknown as HistoryServerCapabilities,
      counts: () => ({ sessions: server.currentSessionCount, subscriptions: server.currentSubscriptionCount, rejectedSessions: server.rejectedSessionCount }),
      async stop() {
        await server.shutdown(0);
        await serverCertificateManager.dispose();
        await userCertificateManager.dispose();
      },
    };
  } catch (error) {
    await server.shutdown(0).catch(() => undefined);
    await serverCertificateManager.dispose();
    await userCertificateManager.dispose();
    throw error;
  }
}
