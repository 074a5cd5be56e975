import { nodesets, OPCUACertificateManager, OPCUAServer, MessageSecurityMode, SecurityPolicy } from "node-opcua";
import { ISA95_NODESET_FILE, MES_NODESET_FILE, NODESET_FILES } from "../../src/opcua/nodeset-files.js";
import { BenchTags } from "./bench-tags.js";
import type { SimulatedPlcConfig } from "./config.js";
import { CpLabStation } from "./cplab-station.js";
import { GenericMachine } from "./generic-machine.js";
import { MachineryStation } from "./machinery-station.js";
import { deriveSeed, seededRandom } from "./random.js";
import { TagTable } from "./tag-table.js";

/**
 * What an OPC 40001-3 machine implements: Machinery Jobs and what it requires (ISA-95 Job Control),
 * with DI, IA and Machinery. Not the ISA-95 common object model (OPC 10030), which Machinery Jobs
 * does not require: its deprecated binary dictionary is what node-opcua reports as "Cannot process
 * any more dataTypeDictionary" for every address space that loads it (see the README).
 */
const MACHINERY_NODESET_FILES = NODESET_FILES.filter((file) => file !== MES_NODESET_FILE && file !== ISA95_NODESET_FILE);

/** Namespace of the generic machines and bench tags: ns=2 on a plain PLC (after companion nodesets on a Machinery one: address it by URI). */
export const SIM_NAMESPACE = "urn:opcua-mes:plc-sim";
/** An S7-1500 serves its data blocks in ns=3 under this URI; registered second, so it is ns=3. */
export const S7_NAMESPACE = "http://www.siemens.com/simatic-s7-opcua";

/**
 * One simulated PLC: its memory (tags and machine models) lives outside the OPC UA server, so
 * stop() takes the server away like a PLC that is switched off and start() brings the same node
 * ids and values back on the same port.
 */
export class SimulatedPlc {
  readonly machines = new Map<string, GenericMachine>();
  readonly station: CpLabStation | undefined;
  readonly bench: BenchTags | undefined;
  readonly machinery: MachineryStation | undefined;
  private readonly simTags: TagTable;
  private readonly s7Tags: TagTable;
  private server: OPCUAServer | undefined;
  private port: number;

  constructor(
    readonly config: SimulatedPlcConfig,
    seed: number,
    private readonly host: string,
    /** This PLC's own certificate and the client certificates it trusts (shared by the unsecured ones). */
    readonly certificateManager: OPCUACertificateManager,
    now: () => Date = () => new Date(),
    /** A secured PLC's trust list for X.509 user tokens (the MES signing in with a certificate). */
    readonly userCertificateManager?: OPCUACertificateManager,
  ) {
    this.simTags = new TagTable(now);
    this.s7Tags = new TagTable(now);
    this.port = config.port;
    for (const machine of config.machines) {
      this.machines.set(machine.name, new GenericMachine(machine, this.simTags, seededRandom(deriveSeed(seed, `${config.id}/${machine.name}`))));
    }
    if (config.cplab) this.station = new CpLabStation(config.cplab, this.s7Tags, seededRandom(deriveSeed(seed, `${config.id}/${config.cplab.name}`)));
    if (config.machinery) this.machinery = new MachineryStation(config.machinery, this.simTags, seededRandom(deriveSeed(seed, `${config.id}/${config.machinery.name}`)));
    if (config.benchTags) this.bench = new BenchTags(config.benchTags.count, config.benchTags.changesPerSecond, this.simTags);
  }

  get id(): string {
    return this.config.id;
  }

  get endpointUrl(): string {
    return `opc.tcp://${this.host}:${this.port}/plc`;
  }

  get running(): boolean {
    return this.server !== undefined;
  }

  machine(name: string): GenericMachine {
    const machine = this.machines.get(name);
    if (!machine) throw new Error(`PLC ${this.id} has no machine ${name}`);
    return machine;
  }

  async start(): Promise<void> {
    if (this.server) return;
    const server = new OPCUAServer({
      port: this.port,
      hostname: this.host,
      alternateHostname: [this.host],
      resourcePath: "/plc",
      // A Machinery Jobs machine needs the companion specifications it implements; the others stay light.
      nodeset_filename: this.machinery ? MACHINERY_NODESET_FILES : [nodesets.standard],
      serverCertificateManager: this.certificateManager,
      ...(this.config.security
        ? {
            securityModes: [MessageSecurityMode.SignAndEncrypt],
            securityPolicies: [SecurityPolicy.Basic256Sha256],
            allowAnonymous: this.config.security.users.length === 0,
            ...(this.userCertificateManager ? { userCertificateManager: this.userCertificateManager } : {}),
            userManager: { isValidUser: (userName: string, password: string) => this.config.security!.users.some((user) => user.userName === userName && user.password === password) },
          }
        : { securityModes: [MessageSecurityMode.None], securityPolicies: [SecurityPolicy.None], allowAnonymous: true }),
      maxConnectionsPerEndpoint: 100,
      serverCapabilities: { maxSessions: 100 } as never,
      buildInfo: { productName: `opcua-mes PLC simulator (${this.id})`, manufacturerName: "opcua-mes" },
    });
    await server.initialize();
    const addressSpace = server.engine.addressSpace!;
    const sim = addressSpace.registerNamespace(SIM_NAMESPACE);
    const s7 = addressSpace.registerNamespace(S7_NAMESPACE);
    this.simTags.bind(sim, addressSpace.rootFolder.objects);
    this.s7Tags.bind(s7, addressSpace.rootFolder.objects);
    this.machinery?.bind(addressSpace, sim.index);
    await server.start();
    this.port = server.endpoints[0].port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.simTags.unbind();
    this.s7Tags.unbind();
    this.machinery?.unbind();
    await server.shutdown(0);
  }

  tick(dtMs: number): void {
    for (const machine of this.machines.values()) machine.tick(dtMs);
  }
}
