import { readFileSync } from "node:fs";

/**
 * Where the time of a CPU profile went (`npm run bench -- --oee-profile DIR` writes them):
 * `tsx tools/bench/profile-summary.ts FILE.cpuprofile [top]` prints the self time by package or
 * source file, and the inclusive time of the project's own functions, in % of the samples.
 */
interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg] = process.argv.slice(2);
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const selfUs = new Map<number, number>();
// Not the profiler's own session calls (an in-process Session spends its start and stop in "dispatch"), nor idle time.
const ignored = (node: Node) => (node.callFrame.functionName === "dispatch" && !node.callFrame.url) || node.callFrame.functionName === "(idle)";
profile.samples.forEach((id, i) => {
  if (!ignored(byId.get(id)!)) selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);

const placeOf = (url: string, name: string) => {
  if (!url) return name.startsWith("(") ? name : `(native) ${name}`;
  const modules = url.match(/node_modules\/((@[^/]+\/)?[^/]+)/);
  if (modules) return modules[1];
  const own = url.match(/\/(src|tools)\/.*$/);
  if (own) return own[0].slice(1);
  return url.startsWith("node:") ? "node:" : url;
};
const selfByPlace = new Map<string, number>();
const selfByFunction = new Map<string, number>();
const inclusive = new Map<string, number>();
for (const [id, us] of selfUs) {
  const node = byId.get(id)!;
  const place = placeOf(node.callFrame.url, node.callFrame.functionName);
  selfByPlace.set(place, (selfByPlace.get(place) ?? 0) + us);
  const fn = `${node.callFrame.functionName || "(anonymous)"} ${place}:${node.callFrame.lineNumber + 1}`;
  selfByFunction.set(fn, (selfByFunction.get(fn) ?? 0) + us);
  // Inclusive time of own functions: each frame once per sample stack.
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const frame = byId.get(at)!.callFrame;
    if (!/\/src\//.test(frame.url)) continue;
    const key = `${frame.functionName || "(anonymous)"} ${frame.url.replace(/.*\/src\//, "src/")}:${frame.lineNumber + 1}`;
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + us);
  }
}
const pct = (us: number) => `${((100 * us) / totalUs).toFixed(1).padStart(5)} %`;
console.log(`${file}: ${(totalUs / 1000).toFixed(0)} ms sampled`);
console.log("self time by place:");
for (const [place, us] of [...selfByPlace].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(us)}  ${place}`);
console.log("self time by function:");
for (const [fn, us] of [...selfByFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(us)}  ${fn}`);
console.log("inclusive time of the project's functions:");
for (const [key, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(us)}  ${key}`);
