import os from "node:os";
import path from "node:path";
import { OPCUACertificateManager } from "node-opcua";
import type { PlcSimConfig } from "./config.js";
import { SimulatedPlc } from "./simulated-plc.js";

export interface PlcSimulatorOptions {
  /** false: nothing moves on its own; tests drive machines and time (tick/advance). Default true. */
  readonly autoRun?: boolean;
  readonly host?: string;
  /** Where the simulated PLCs keep their certificate; default a folder in the OS temp dir. */
  readonly pkiFolder?: string;
  /** The time the PLCs stamp their values with; default the real one. */
  readonly now?: () => Date;
}

export interface PlcSimulator {
  readonly plcs: SimulatedPlc[];
  plc(id: string): SimulatedPlc;
  /** Advances simulated time by one tick of every machine (autoRun does this on a timer). */
  tick(): void;
  advance(ms: number): void;
  stop(): Promise<void>;
}

export async function startPlcSimulator(config: PlcSimConfig, options: PlcSimulatorOptions = {}): Promise<PlcSimulator> {
  const host = options.host ?? "127.0.0.1";
  const certificateManager = new OPCUACertificateManager({
    rootFolder: options.pkiFolder ?? path.join(os.tmpdir(), "opcua-mes-plc-sim-pki"),
    automaticallyAcceptUnknownCertificate: true,
  });
  await certificateManager.initialize();
  // A secured PLC has a trust list of its own that accepts nobody unknown, as a real one would.
  const ownManagers = new Map<string, { application: OPCUACertificateManager; user: OPCUACertificateManager }>();
  for (const plc of config.plcs.filter((candidate) => candidate.security)) {
    const root = path.join(certificateManager.rootDir, "secured", plc.id);
    const application = new OPCUACertificateManager({ rootFolder: root, automaticallyAcceptUnknownCertificate: false });
    const user = new OPCUACertificateManager({ rootFolder: path.join(root, "user"), automaticallyAcceptUnknownCertificate: false });
    await application.initialize();
    await user.initialize();
    ownManagers.set(plc.id, { application, user });
  }
  const plcs = config.plcs.map((plc) => new SimulatedPlc(plc, config.seed, host, ownManagers.get(plc.id)?.application ?? certificateManager, options.now, ownManagers.get(plc.id)?.user));
  // One after the other: they share a certificate folder, and its first creation must not race.
  for (const plc of plcs) await plc.start();

  const tick = () => plcs.forEach((plc) => plc.tick(config.tickMs));
  let timer: NodeJS.Timeout | undefined;
  if (options.autoRun ?? true) {
    timer = setInterval(tick, config.tickMs);
    for (const plc of plcs) {
      plc.station?.run();
      plc.bench?.run();
    }
  }

  return {
    plcs,
    plc(id) {
      const plc = plcs.find((p) => p.id === id);
      if (!plc) throw new Error(`no simulated PLC ${id}`);
      return plc;
    },
    tick,
    advance(ms) {
      for (let t = 0; t < ms; t += config.tickMs) tick();
    },
    async stop() {
      clearInterval(timer);
      for (const plc of plcs) {
        plc.station?.stop();
        plc.bench?.stop();
        plc.machinery?.stop();
        await plc.stop();
      }
      for (const { application, user } of ownManagers.values()) {
        await application.dispose();
        await user.dispose();
      }
      await certificateManager.dispose();
    },
  };
}
