import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import mysql from "mysql2/promise";
import { freePort } from "../../tools/free-port.js";

/**
 * A MariaDB Galera cluster of three nodes on loopback, started by the test itself: each node its own
 * data folder and ports under one temporary folder, removed by stop(). Needs Debian's galera-4 and
 * mariadb-server (.ci/run installs them); suites skip when `galeraAvailable()` says no.
 */
export const GALERA_PROVIDER = "/usr/lib/galera/libgalera_smm.so";
const MARIADBD = "/usr/sbin/mariadbd";
const INSTALL_DB = "mariadb-install-db";
/** Joiners copy the bootstrap node's snapshot with rsync (no extra tools, works offline). */
const SST_METHOD = "rsync";
/** Starting a node can include a state transfer: a guard against hanging, not a figure. */
const NODE_START_TIMEOUT_MS = 60_000;

/** Whether this machine can run the cluster: galera-4, mariadbd and rsync, and root (the nodes and the rsync daemon run as root). */
export function galeraAvailable(): boolean {
  if (process.getuid?.() !== 0) return false;
  if (!existsSync(GALERA_PROVIDER) || !existsSync(MARIADBD)) return false;
  return spawnSync("sh", ["-c", `command -v ${INSTALL_DB} && command -v rsync`], { stdio: "ignore" }).status === 0;
}

interface NodePorts {
  readonly sql: number;
  readonly group: number;
  readonly ist: number;
  readonly sst: number;
}

interface Node {
  readonly name: string;
  readonly dir: string;
  readonly ports: NodePorts;
  process: ChildProcess | null;
  exited: Promise<void> | null;
}

export interface GaleraClusterOptions {
  readonly nodes?: number;
}

export class GaleraCluster {
  private readonly nodes: Node[] = [];
  private root = "";
  /** Seconds start() took to a Primary cluster with every node Synced (printed by the suites that care). */
  startSeconds = 0;
  private readonly killOnExit = (): void => {
    for (const node of this.nodes) node.process?.kill("SIGKILL");
  };

  constructor(private readonly options: GaleraClusterOptions = {}) {}

  get size(): number {
    return this.options.nodes ?? 3;
  }

  /** Installs one data folder, copies it for each node, bootstraps node 0 and lets the others join. */
  async start(): Promise<void> {
    const started = performance.now();
    this.root = mkdtempSync(path.join(tmpdir(), "mes-galera-"));
    process.once("exit", this.killOnExit);
    const template = path.join(this.root, "template");
    const install = spawnSync(INSTALL_DB, ["--no-defaults", `--datadir=${template}`, "--user=root", "--auth-root-authentication-method=normal", "--skip-test-db", "--skip-name-resolve", ...SMALL_SERVER], { encoding: "utf8" });
    if (install.status !== 0) throw new Error(`${INSTALL_DB} failed: ${install.stderr || install.stdout}`);
    for (let i = 0; i < this.size; i++) {
      const dir = path.join(this.root, `node${i + 1}`);
      mkdirSync(dir);
      cpSync(template, path.join(dir, "data"), { recursive: true });
      this.nodes.push({ name: `node${i + 1}`, dir, ports: { sql: await freePort(), group: await freePort(), ist: await freePort(), sst: await freePort() }, process: null, exited: null });
    }
    rmSync(template, { recursive: true, force: true });
    await this.launchWithRetry(0, true);
    // One joiner at a time: a donor serves one state transfer, the next joiner would wait for it anyway.
    for (let i = 1; i < this.size; i++) await this.launchWithRetry(i, false);
    await this.waitForClusterSize(this.size);
    this.startSeconds = (performance.now() - started) / 1000;
  }

  /** mysql://root@127.0.0.1:<port>/<database> of node `index` (0-based). */
  url(index: number, database = ""): string {
    return `mysql://root@127.0.0.1:${this.node(index).ports.sql}/${database}`;
  }

  /** Creates `database` through node `index`; Galera replicates the DDL to the others. */
  async createDatabase(name: string, index = 0): Promise<void> {
    await this.query(index, `CREATE DATABASE IF NOT EXISTS \`${name}\``);
  }

  async query<T = unknown>(index: number, sql: string): Promise<T> {
    const connection = await mysql.createConnection({ host: "127.0.0.1", port: this.node(index).ports.sql, user: "root" });
    try {
      const [rows] = await connection.query(sql);
      return rows as T;
    } finally {
      await connection.end();
    }
  }

  /** A wsrep status variable of node `index`, e.g. "wsrep_cluster_size". */
  async status(index: number, variable: string): Promise<string | undefined> {
    const rows = await this.query<Array<{ Value: string }>>(index, `SHOW GLOBAL STATUS LIKE '${variable}'`);
    return rows[0]?.Value;
  }

  /** A clean shutdown: the node leaves the cluster and later rejoins with an incremental transfer. */
  async stopNode(index: number): Promise<void> {
    const node = this.node(index);
    if (!node.process) return;
    node.process.kill("SIGTERM");
    await node.exited;
  }

  /** As if its host died: the others notice it gone once the group's suspect timeout ran out. */
  async killNode(index: number): Promise<void> {
    const node = this.node(index);
    if (!node.process) return;
    node.process.kill("SIGKILL");
    await node.exited;
  }

  /** Starts a stopped or killed node again; it rejoins the running nodes (IST, or SST when its state is unknown). */
  async startNode(index: number): Promise<void> {
    if (this.node(index).process) return;
    await this.launch(index, false);
  }

  running(index: number): boolean {
    return this.node(index).process !== null;
  }

  async stop(): Promise<void> {
    for (const node of this.nodes) node.process?.kill("SIGKILL");
    await Promise.all(this.nodes.map((node) => node.exited));
    process.removeListener("exit", this.killOnExit);
    // MES_TEST_GALERA_KEEP=1 leaves the data folders and error logs for a look after a failure.
    if (this.root && !process.env.MES_TEST_GALERA_KEEP) rmSync(this.root, { recursive: true, force: true });
  }

  /** The node's error log, for a failure message. */
  log(index: number): string {
    const file = path.join(this.node(index).dir, "error.log");
    return existsSync(file) ? readFileSync(file, "utf8") : "";
  }

  private node(index: number): Node {
    const node = this.nodes[index];
    if (!node) throw new Error(`no Galera node ${index}`);
    return node;
  }

  /** A node that fails its first start (a free port taken meanwhile, a transfer cut short) gets new ports and one more try. */
  private async launchWithRetry(index: number, bootstrap: boolean): Promise<void> {
    try {
      await this.launch(index, bootstrap);
    } catch (error) {
      const node = this.node(index);
      node.process?.kill("SIGKILL");
      await node.exited;
      this.nodes[index] = { ...node, ports: { sql: await freePort(), group: await freePort(), ist: await freePort(), sst: await freePort() }, process: null, exited: null };
      try {
        await this.launch(index, bootstrap);
      } catch {
        throw error;
      }
    }
  }

  private async launch(index: number, bootstrap: boolean): Promise<void> {
    const node = this.node(index);
    const peers = bootstrap ? "" : this.nodes.filter((other) => other !== node).map((other) => `127.0.0.1:${other.ports.group}`).join(",");
    const data = path.join(node.dir, "data");
    // A node killed mid-transfer, or the bootstrap's first start, needs leave to start a new cluster.
    if (bootstrap) writeSafeToBootstrap(data);
    openToTransfers(this.root, data);
    const args = [
      "--no-defaults",
      `--datadir=${data}`,
      `--socket=${path.join(node.dir, "mysqld.sock")}`,
      `--pid-file=${path.join(node.dir, "mysqld.pid")}`,
      `--log-error=${path.join(node.dir, "error.log")}`,
      "--user=root",
      "--bind-address=127.0.0.1",
      `--port=${node.ports.sql}`,
      "--skip-name-resolve",
      ...SMALL_SERVER,
      ...GALERA_REQUIREMENTS,
      "--wsrep-on=ON",
      `--wsrep-provider=${GALERA_PROVIDER}`,
      "--wsrep-cluster-name=mes-test",
      `--wsrep-node-name=${node.name}`,
      "--wsrep-node-address=127.0.0.1",
      `--wsrep-cluster-address=gcomm://${peers}`,
      `--wsrep-provider-options=${providerOptions(node.ports)}`,
      `--wsrep-sst-method=${SST_METHOD}`,
      `--wsrep-sst-receive-address=127.0.0.1:${node.ports.sst}`,
      ...(bootstrap ? ["--wsrep-new-cluster"] : []),
    ];
    const child = spawn(MARIADBD, args, { stdio: "ignore" });
    node.process = child;
    node.exited = new Promise((resolve) =>
      child.once("exit", () => {
        node.process = null;
        resolve();
      }),
    );
    try {
      await this.waitForSynced(index);
    } catch (error) {
      throw new Error(`Galera ${node.name} did not join: ${(error as Error).message}\n${this.log(index).split("\n").slice(-30).join("\n")}`, { cause: error });
    }
  }

  private async waitForSynced(index: number): Promise<void> {
    const node = this.node(index);
    const deadline = Date.now() + NODE_START_TIMEOUT_MS;
    let last = "";
    for (;;) {
      if (!node.process) throw new Error("mariadbd exited");
      try {
        const state = await this.status(index, "wsrep_local_state_comment");
        const ready = await this.status(index, "wsrep_ready");
        if (state === "Synced" && ready === "ON") return;
        last = `state ${state}, ready ${ready}`;
      } catch (error) {
        last = (error as Error).message;
      }
      if (Date.now() > deadline) throw new Error(`timed out (${last})`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Waits until node 0 sees `size` members in a Primary component. */
  async waitForClusterSize(size: number, index = 0): Promise<void> {
    const deadline = Date.now() + NODE_START_TIMEOUT_MS;
    for (;;) {
      const [members, status] = await Promise.all([this.status(index, "wsrep_cluster_size"), this.status(index, "wsrep_cluster_status")]).catch(() => [undefined, undefined]);
      if (Number(members) === size && status === "Primary") return;
      if (Date.now() > deadline) throw new Error(`Galera cluster did not reach ${size} nodes (has ${members}, ${status})`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * What the MES needs of every Galera node (the README's "Galera" paragraph says the same): row-based
 * replication of InnoDB tables, interleaved auto-increment locks, and causal reads
 * (wsrep_sync_wait=1: a read on one node waits until that node applied what other nodes committed
 * before it, so every instance answers what any instance already confirmed).
 */
const GALERA_REQUIREMENTS = ["--binlog-format=ROW", "--default-storage-engine=InnoDB", "--innodb-autoinc-lock-mode=2", "--wsrep-sync-wait=1"];

/** A small, fast server: tests need correctness, not durability across power loss. */
const SMALL_SERVER = ["--innodb-buffer-pool-size=32M", "--innodb-log-file-size=16M", "--innodb-flush-log-at-trx-commit=0", "--performance-schema=OFF", "--skip-log-bin"];

/**
 * Loopback ports of their own, and group timeouts short enough that a killed node is noticed in a
 * few seconds rather than the defaults' 15 s (a LAN cluster keeps the defaults).
 */
function providerOptions(ports: NodePorts): string {
  return [
    `gmcast.listen_addr=tcp://127.0.0.1:${ports.group}`,
    `ist.recv_addr=127.0.0.1:${ports.ist}`,
    "gcache.size=64M",
    "evs.suspect_timeout=PT3S",
    "evs.inactive_timeout=PT6S",
    "evs.inactive_check_period=PT1S",
    "evs.keepalive_period=PT1S",
    "pc.wait_prim_timeout=PT10S",
  ].join(";");
}

/**
 * rsync's SST daemon, started by root, runs as nobody: the joiner's data folder must be nobody's
 * (and the folders above it, which mkdtemp makes private, open to it). mariadbd runs as root and
 * reads and writes them anyway.
 */
function openToTransfers(root: string, data: string): void {
  chmodSync(root, 0o755);
  chmodSync(path.dirname(data), 0o755);
  const given = spawnSync("chown", ["-R", "nobody:", data], { encoding: "utf8" });
  if (given.status !== 0) throw new Error(`cannot open ${data} to the state transfer: ${given.stderr}`);
}

/** The bootstrap node must be marked safe to start a new cluster (Galera refuses otherwise after a crash). */
function writeSafeToBootstrap(data: string): void {
  const file = path.join(data, "grastate.dat");
  if (!existsSync(file)) return;
  writeFileSync(file, readFileSync(file, "utf8").replace(/safe_to_bootstrap:\s*0/, "safe_to_bootstrap: 1"));
}
