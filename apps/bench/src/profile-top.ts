/**
 * `tsx apps/bench/src/profile-top.ts <file.cpuprofile> [n] [from-seconds]`: the functions with
 * the most self time in a V8 CPU profile (e.g. the gateway's, from `BENCH_GATEWAY_PROF=<dir>
 * pnpm bench`), and the share by package, as percentages of the busy (non-idle) time from
 * `from-seconds` on (skip the start-up: module loading, schema building, the warm-up), so that a
 * profile can be summarised in ARCHITECTURE.md.
 */
import { readFileSync } from "node:fs";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
const [file, count, from] = process.argv.slice(2);
if (!file) throw new Error("usage: profile-top.ts <file.cpuprofile> [n]");
const prof = JSON.parse(readFileSync(file, "utf8")) as {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
};
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
const skip = Number(from ?? 0) * 1e6;
let clock = 0;
prof.samples.forEach((id, i) => {
  clock += prof.timeDeltas[i] ?? 0;
  if (clock < skip || byId.get(id)?.callFrame.functionName === "(idle)") return;
  self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0));
});
const total = [...self.values()].reduce((a, b) => a + b, 0);
const where = (url: string) => {
  const m = url.match(/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/);
  if (m) return m[1]!;
  const w = url.match(/\/(packages|apps)\/([^/]+)\//);
  if (w) return `${w[1]}/${w[2]}`;
  return url.startsWith("node:") ? "node" : url ? "other" : "(native/idle)";
};
const fns = new Map<string, number>();
const pkgs = new Map<string, number>();
for (const [id, us] of self) {
  const n = byId.get(id)!;
  const f = n.callFrame;
  const key = `${f.functionName || "(anonymous)"} ${where(f.url)}${f.url ? `:${f.lineNumber + 1}` : ""}`;
  fns.set(key, (fns.get(key) ?? 0) + us);
  pkgs.set(where(f.url), (pkgs.get(where(f.url)) ?? 0) + us);
}
const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)}%`;
console.log(`busy ${(total / 1e6).toFixed(2)} s of ${(clock / 1e6).toFixed(2)} s sampled`);
for (const [k, us] of [...pkgs].sort((a, b) => b[1] - a[1]).slice(0, 15))
  console.log(`${pct(us)}  ${k}`);
console.log("");
for (const [k, us] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, Number(count ?? 25)))
  console.log(`${pct(us)}  ${k}`);
