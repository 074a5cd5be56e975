import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { benchPlcRelay, type RelayTier } from "./plc-relay.js";

/**
 * `npm run bench [-- --relay 1000:100,10000:250 --reps 5 --seconds 10 --out bench-results/x.json]`
 * Prints one JSON document: environment, versions, settings, figures, ratios to the bare stack.
 */
const repoDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const { values } = parseArgs({
  options: {
    relay: { type: "string", default: "1000:100,10000:250" },
    reps: { type: "string", default: "5" },
    seconds: { type: "string", default: "10" },
    "publishing-interval": { type: "string", default: "100" },
    out: { type: "string" },
  },
});

const tiers: RelayTier[] = values.relay!.split(",").filter(Boolean).map((spec) => {
  const [tags, rate] = spec.split(":").map(Number);
  if (!Number.isInteger(tags) || !(rate > 0)) throw new Error(`--relay takes tags:changesPerSecond pairs, got "${spec}"`);
  return { tags, changesPerSecond: rate };
});
const probe = {
  publishingIntervalMs: Number(values["publishing-interval"]),
  samplingIntervalMs: 0,
  queueSize: 10,
  warmupSeconds: 2,
  seconds: Number(values.seconds),
};
const repetitions = Number(values.reps);

const workDir = mkdtempSync(path.join(os.tmpdir(), "mes-bench-"));
try {
  const relay = [];
  for (const tier of tiers) {
    process.stderr.write(`relay: ${tier.tags} tags at ${tier.changesPerSecond} changes/s, ${repetitions} repetitions of ${probe.seconds} s...\n`);
    relay.push(await benchPlcRelay(tier, { repetitions, probe, workDir, repoDir }));
  }
  const version = (name: string) => (JSON.parse(readFileSync(path.join(repoDir, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
  const report = {
    benchmark: "opcua-mes",
    at: new Date().toISOString(),
    environment: { node: process.version, platform: `${os.platform()} ${os.release()}`, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30) },
    versions: { "node-opcua": version("node-opcua"), typeorm: version("typeorm"), koa: version("koa") },
    settings: { repetitions, probe },
    plcRelay: relay,
  };
  const json = JSON.stringify(report, null, 2);
  console.log(json);
  if (values.out) {
    mkdirSync(path.dirname(path.resolve(values.out)), { recursive: true });
    writeFileSync(values.out, json);
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
