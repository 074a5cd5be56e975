import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { PlcSimConfig } from "../../tools/plc-sim/config.js";
import type { PlcSimulator } from "../../tools/plc-sim/simulator.js";
import { freePort } from "../../tools/free-port.js";
import type { GaleraCluster } from "./galera-cluster.js";
import { restCall, type RestAnswer } from "./rest-call.js";
import { waitFor } from "./wait-for.js";

/** tsx's loader by absolute URL: `--import tsx` would resolve from the child's working directory. */
const TSX_LOADER = import.meta.resolve("tsx");
/** What a failure message shows of an instance's log: its last lines, not a run's worth of request lines. */
const KEPT_OUTPUT_CHARS = 200_000;
/** The repository, whatever the working directory (the benchmark runs this too). */
const REPO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The demo's machines that count parts on PLC counters, the work unit each feeds and the area the unit is in. */
export const COUNTING_MACHINES = [
  { unit: "press-1", plcId: "plc-assembly", machine: "Press1", area: "fabrication" },
  { unit: "press-2", plcId: "plc-assembly", machine: "Press2", area: "fabrication" },
  { unit: "welder-1", plcId: "plc-assembly", machine: "Welder1", area: "fabrication" },
  { unit: "packer-1", plcId: "plc-packaging", machine: "Filler1", area: "assembly" },
  { unit: "labeler-1", plcId: "plc-packaging", machine: "Labeler1", area: "assembly" },
] as const;
export type CountingMachine = (typeof COUNTING_MACHINES)[number];

/** The PLCs serving each area's counting machines: the owner of the area alone holds sessions to them. */
export const PLCS_OF_AREA: Record<string, readonly string[]> = { fabrication: ["plc-assembly"], assembly: ["plc-packaging"] };

/**
 * The demo simulation with its breakdowns, idles and changeovers kept short, so a test of a few
 * minutes sees parts made all along (and states changing) rather than a press waiting out a
 * two-minute repair. The machines still break down, idle and change over at random.
 */
export function busyPlant(config: PlcSimConfig): void {
  for (const plc of config.plcs) {
    for (const machine of plc.machines) {
      machine.meanRepairMs = Math.min(machine.meanRepairMs, 3000);
      machine.meanIdleMs = Math.min(machine.meanIdleMs, 2000);
      machine.setupMs = Math.min(machine.setupMs, 2000);
    }
  }
}

/** Runs the simulated machines in real time (startDemoSimulator leaves them still) until stop(): they count nothing more after it. */
export function startProduction(sim: PlcSimulator, tickMs = 100): { stop(): void } {
  const timer = setInterval(() => sim.tick(), tickMs);
  return { stop: () => clearInterval(timer) };
}

export interface Counts {
  good: number;
  scrap: number;
}

/** What each counting machine's PLC counters say now: the truth the stored production is held against. */
export function plcCounters(sim: PlcSimulator): Map<string, Counts> {
  return new Map(
    COUNTING_MACHINES.map((m) => {
      const machine = sim.plc(m.plcId).machine(m.machine);
      return [m.unit, { good: machine.goodCount, scrap: machine.rejectCount }];
    }),
  );
}

/** The parts stored per counting unit (every production record, whoever wrote it), read through one Galera node. */
export async function storedCounts(galera: GaleraCluster, node: number, database: string): Promise<Map<string, Counts>> {
  const units = COUNTING_MACHINES.map((m) => `'${m.unit}'`).join(",");
  const rows = await galera.query<Array<{ equipment_id: string; good: string | number; scrap: string | number }>>(
    node,
    `SELECT equipment_id, SUM(good) AS good, SUM(scrap) AS scrap FROM \`${database}\`.production_record WHERE equipment_id IN (${units}) GROUP BY equipment_id`,
  );
  const counts = new Map<string, Counts>(COUNTING_MACHINES.map((m) => [m.unit, { good: 0, scrap: 0 }]));
  for (const row of rows) counts.set(row.equipment_id, { good: Number(row.good), scrap: Number(row.scrap) });
  return counts;
}

/** The stored counter checkpoints (good and reject) per counting unit. */
export async function storedCheckpoints(galera: GaleraCluster, node: number, database: string): Promise<Map<string, Counts>> {
  const rows = await galera.query<Array<{ equipment_id: string; counter: string; value: string | number }>>(node, `SELECT equipment_id, counter, value FROM \`${database}\`.counter_checkpoint`);
  const counts = new Map<string, Counts>();
  for (const row of rows) {
    const entry = counts.get(row.equipment_id) ?? { good: 0, scrap: 0 };
    if (row.counter === "good") entry.good = Number(row.value);
    else entry.scrap = Number(row.value);
    counts.set(row.equipment_id, entry);
  }
  return counts;
}

/** The holder of an equipment lease as the database has it, and whether it is live now. */
export async function leaseHolder(galera: GaleraCluster, node: number, database: string, equipmentId: string): Promise<{ holder: string; live: boolean } | null> {
  const rows = await galera.query<Array<{ holder: string; expires_at: string | number }>>(node, `SELECT holder, expires_at FROM \`${database}\`.cluster_lease WHERE name = 'equipment:${equipmentId}'`);
  const row = rows[0];
  return row ? { holder: row.holder, live: Number(row.expires_at) > Date.now() } : null;
}

/** How many production records the database has for these units. */
export async function recordCount(galera: GaleraCluster, node: number, database: string, units: readonly string[]): Promise<number> {
  const rows = await galera.query<Array<{ n: string | number }>>(node, `SELECT COUNT(*) AS n FROM \`${database}\`.production_record WHERE equipment_id IN (${units.map((u) => `'${u}'`).join(",")})`);
  return Number(rows[0]?.n ?? 0);
}

export interface MesInstanceSpec {
  /** cluster.instanceId (MES_INSTANCE_ID). */
  readonly id: string;
  /** cluster.owns (MES_OWNS): empty for a standby. */
  readonly owns: readonly string[];
  /** cluster.takeOver: whether it takes the equipment of an instance whose lease lapsed. */
  readonly takeOver: boolean;
  /** Its database (MES_DB_URL): one Galera node's. */
  readonly databaseUrl: string;
  readonly leaseSeconds: number;
}

/**
 * One MES instance in its own process (`node --import tsx src/main.ts`, as `npm start` runs it), on
 * a copy of the demo configuration of its own: its PLCs are the test's simulator, its cluster
 * settings its spec's, one shift around the clock (every moment is planned time), no demo job orders.
 */
export class MesInstance {
  private text = "";
  private exit: Promise<void>;

  private constructor(
    readonly spec: MesInstanceSpec,
    readonly base: string,
    private readonly child: ChildProcess,
  ) {
    const keep = (chunk: Buffer) => {
      this.text += chunk;
      if (this.text.length > 2 * KEPT_OUTPUT_CHARS) this.text = this.text.slice(-KEPT_OUTPUT_CHARS);
    };
    child.stdout!.on("data", keep);
    child.stderr!.on("data", keep);
    this.exit = new Promise((resolve) => child.once("exit", () => resolve()));
  }

  get id(): string {
    return this.spec.id;
  }

  /** Starts the process and waits until its REST door answers (the HTTP line is printed once every door is up). */
  static async start(root: string, spec: MesInstanceSpec, sim: PlcSimulator, startTimeoutMs = 120_000): Promise<MesInstance> {
    const dir = path.join(root, spec.id);
    const configDir = writeInstanceConfig(dir, spec, sim);
    const httpPort = await freePort();
    const child = spawn(process.execPath, ["--import", TSX_LOADER, path.join(REPO_DIR, "src/main.ts")], {
      cwd: dir,
      env: {
        ...process.env,
        MES_CONFIG_DIR: configDir,
        MES_DB_URL: spec.databaseUrl,
        MES_OPCUA_PORT: String(await freePort()),
        MES_HTTP_PORT: String(httpPort),
        MES_SIMULATOR: "off",
        MES_INSTANCE_ID: spec.id,
        MES_OWNS: spec.owns.join(","),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const instance = new MesInstance(spec, `http://127.0.0.1:${httpPort}`, child);
    let exited = false;
    void instance.exit.then(() => (exited = true));
    try {
      await waitFor(`${spec.id}'s endpoints to be printed`, () => {
        if (exited) throw new Error(`${spec.id} exited`);
        return /HTTP\s+http:\/\/localhost:\d+/.test(instance.text);
      }, startTimeoutMs, 100);
    } catch (error) {
      child.kill("SIGKILL");
      throw new Error(`${(error as Error).message}\n${instance.output().slice(-4000)}`, { cause: error });
    }
    return instance;
  }

  /** The process's log so far (its last part). */
  output(): string {
    return this.text;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** One REST call with `token` (an Admin's API token: tokens live in the shared database, so one serves every instance). */
  call(token: string, method: string, route: string, body?: unknown): Promise<RestAnswer> {
    return restCall(this.base, method, route, body, { token });
  }

  /** A GET that must answer 200; its body. */
  async get(token: string, route: string): Promise<any> {
    const answer = await this.call(token, "GET", route);
    if (answer.status !== 200) throw new Error(`${this.id} GET ${route}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  /** The state of each of its PLC sessions, as /healthz says. */
  async plcStates(): Promise<Map<string, string>> {
    const health = (await (await fetch(`${this.base}/healthz`)).json()) as { plcs: { id: string; connectionState: string }[] };
    return new Map(health.plcs.map((plc) => [plc.id, plc.connectionState]));
  }

  /** Waits until it holds a session to each of these PLCs. */
  async connectedTo(plcIds: readonly string[], timeoutMs = 60_000): Promise<void> {
    await waitFor(`${this.id} connected to ${plcIds.join(", ")}`, async () => {
      const states = await this.plcStates();
      return plcIds.every((id) => states.get(id) === "connected");
    }, timeoutMs, 100);
  }

  /** As if its host died: no shutdown of any kind, its leases left to lapse. */
  async kill(): Promise<void> {
    if (this.alive) this.child.kill("SIGKILL");
    await this.exit;
  }

  /** A clean stop (SIGTERM: sessions closed, records flushed), SIGKILL if it hangs. */
  async stop(): Promise<void> {
    if (!this.alive) return;
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 20_000);
    this.child.kill("SIGTERM");
    await this.exit;
    clearTimeout(timer);
  }
}

/** An Admin API token, issued through an instance's REST door with the demo's admin login. */
export async function adminToken(instance: MesInstance): Promise<string> {
  const login = await fetch(`${instance.base}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ user: "admin", password: "admin-demo-pass" }) });
  if (login.status !== 200) throw new Error(`admin login on ${instance.id}: ${login.status} ${await login.text()}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const issued = await fetch(`${instance.base}/api/v1/users/admin/tokens`, { method: "POST", headers: { "content-type": "application/json", cookie, "x-csrf-token": csrfToken }, body: JSON.stringify({ name: "cluster-test" }) });
  if (issued.status !== 201) throw new Error(`token on ${instance.id}: ${issued.status} ${await issued.text()}`);
  return ((await issued.json()) as { token: string }).token;
}

/** The demo configuration copied to `dir/config`, rewritten for this instance; returns the folder. */
function writeInstanceConfig(dir: string, spec: MesInstanceSpec, sim: PlcSimulator): string {
  const configDir = path.join(dir, "config");
  mkdirSync(dir, { recursive: true });
  cpSync(path.join(REPO_DIR, "config"), configDir, { recursive: true });
  const edit = (file: string, change: (text: string) => string) => {
    const full = path.join(configDir, file);
    const before = readFileSync(full, "utf8");
    const after = change(before);
    writeFileSync(full, after);
  };
  edit("plant.yaml", (text) => text.replace(/(- id: (\S+)\n(?:\s+name: .*\n)?\s+endpointUrl: )\S+/g, (_all, head: string, id: string) => `${head}${sim.plc(id).endpointUrl}`));
  edit("oee.yaml", (text) =>
    text.replace(/\ncalendars:\n(?:\s+.*\n)+?(?=\S)/, '\ncalendars:\n  all-day:\n    name: All day\n    timeZone: UTC\n    shifts: [{ name: Day, start: "00:00", end: "00:00", days: [Mon, Tue, Wed, Thu, Fri, Sat, Sun] }]\n    equipmentIds: [plant-1]\n'),
  );
  edit("mes.yaml", (text) =>
    replaceSetting(replaceSetting(replaceSetting(text, "leaseSeconds", String(spec.leaseSeconds)), "takeOver", String(spec.takeOver)), "startDemoJobOrders", "false"),
  );
  return configDir;
}

/** Sets `key: value` on the one line of mes.yaml that has the key; a key gone from the file is a broken harness, said at once. */
function replaceSetting(text: string, key: string, value: string): string {
  const pattern = new RegExp(`^(\\s+${key}:) .*$`, "m");
  if (!pattern.test(text)) throw new Error(`config/mes.yaml has no ${key} any more`);
  return text.replace(pattern, `$1 ${value}`);
}
