import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";

/** How much of a child's latest output is kept, for the patterns waited for and the error messages. */
const OUTPUT_KEPT = 256 * 1024;

/** tsx's loader by absolute URL: `--import tsx` would resolve from the child's working directory. */
const TSX_LOADER = import.meta.resolve("tsx");

export interface Child {
  readonly process: ChildProcess;
  /** The child's latest output (its last OUTPUT_KEPT characters at least). */
  output(): string;
  /** Resolves when a line of the child's output matches, with the match. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** CPU seconds (user + system) the child has used so far, from /proc. */
  cpuSeconds(): number;
  rssBytes(): number;
  stop(): Promise<void>;
}

/** A TypeScript entry point in its own Node.js process, as a separate program would run. */
export function startTsChild(entry: string, args: string[], env: NodeJS.ProcessEnv, cwd: string, extraNodeArgs: readonly string[] = []): Child {
  // BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=prof") profiles the process under the bench's load.
  const nodeArgs = [...(process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean), ...extraNodeArgs];
  const child = spawn(process.execPath, [...nodeArgs, "--import", TSX_LOADER, entry, ...args], { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: Buffer) => {
    output += chunk;
    // Only the tail: the MES logs every request, and the bench's own heap must not grow with a run.
    if (output.length > 2 * OUTPUT_KEPT) output = output.slice(-OUTPUT_KEPT);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const ticks = 100; // USER_HZ on Linux
  return {
    process: child,
    output: () => output,
    waitFor: (pattern, timeoutMs = 120_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern} in:\n${output.slice(-2000)}`)), timeoutMs);
        const check = () => {
          const match = output.match(pattern);
          if (match) {
            clearTimeout(timer);
            child.stdout!.off("data", check);
            child.stderr!.off("data", check);
            resolve(match);
          }
        };
        child.stdout!.on("data", check);
        child.stderr!.on("data", check);
        child.once("exit", (code) => reject(new Error(`exited with ${code} before ${pattern}:\n${output.slice(-2000)}`)));
        check();
      }),
    cpuSeconds: () => {
      const fields = readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1].split(" ");
      return (Number(fields[11]) + Number(fields[12])) / ticks;
    },
    rssBytes: () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))![1]) * 1024,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}
