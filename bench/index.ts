// `npm run bench`: every benchmark, a table of medians and ratios against baselines measured
// in the same run, and the JSON under bench/results/.
import { mkdir, writeFile } from "node:fs/promises";
import { availableParallelism, cpus, loadavg } from "node:os";
import { benchCapability } from "./capability.js";
import { benchCompile } from "./compile.js";
import { benchDag } from "./dag.js";
import { benchEnv } from "./env.js";
import { benchExec } from "./exec.js";
import { benchHttp } from "./http.js";
import { benchJit } from "./jit.js";
import { benchPass1 } from "./pass1.js";
import { benchLifecycle } from "./lifecycle.js";
import { benchProfile } from "./profile.js";
import { benchStartup } from "./startup.js";
import type { BenchRow } from "./stats.js";

const quick = process.argv.includes("--quick");
const runs = quick ? 3 : 9;

// `--only=jit,dag` runs just those suites (each still measures its own baseline).
const only = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length).split(",");
const suites: [string, () => Promise<BenchRow[]>][] = [
  ["startup", () => benchStartup(runs, quick ? [10, 100] : [10, 100, 1000, 5000])],
  ["compile", () => benchCompile(quick ? 2 : 5, quick ? 200 : 1000)],
  ["env", () => benchEnv(quick ? 2 : 3, quick ? 20 : 100)],
  ["http", () => benchHttp(runs)],
  ["jit", () => benchJit(runs, quick ? [10, 1000] : [10, 1000, 10_000])],
  ["dag", () => benchDag(quick ? 3 : 7)],
  ["exec", () => benchExec(quick ? 15 : 40)],
  ["profile", () => benchProfile(quick)],
  ["capability", () => benchCapability(quick ? 3 : 9)],
  ["pass1", () => benchPass1(quick ? 1 : 3)],
  ["lifecycle", () => benchLifecycle(quick ? 3 : 5, quick ? 10 : 30, quick ? 200 : 1000)],
];
const rows: BenchRow[] = [];
for (const [name, run] of suites) if (!only || only.includes(name)) rows.push(...(await run()));

const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(2));
const table = [
  ["suite", "case", "median", "baseline", "ratio", "target", "met"],
  ...rows.map((r) => [r.suite, r.case, `${fmt(r.median)} ${r.unit}`, r.baseline ?? "", r.ratio ? `${r.ratio.toFixed(2)}x` : "", r.target ?? "", r.met === undefined ? "" : r.met ? "yes" : "NO"]),
];
const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
console.log(table.map((row) => row.map((c, i) => c.padEnd(widths[i]!)).join(" | ")).join("\n"));

const result = {
  date: new Date().toISOString(),
  node: process.version,
  machine: { cpus: cpus().length, availableParallelism: availableParallelism(), loadavg: loadavg() },
  runs,
  rows,
};
await mkdir("bench/results", { recursive: true });
const stamp = result.date.replace(/[:.]/g, "-");
await writeFile(`bench/results/bench-${stamp}.json`, `${JSON.stringify(result, null, 2)}\n`);
// A partial run must not replace the full run the README quotes.
const latest = only ? `bench/results/latest-${only.join("-")}.json` : "bench/results/latest.json";
await writeFile(latest, `${JSON.stringify(result, null, 2)}\n`);
console.log(`\nwrote bench/results/bench-${stamp}.json and ${latest}`);
