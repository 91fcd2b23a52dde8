import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { Client } from "@modelcontextprotocol/client";
import { compileSkills } from "../src/compiler/index.js";
import { generateSkills } from "./generate.js";
import { median, sample, type BenchRow } from "./stats.js";

const CLI = resolve("dist/src/cli.js");
const BARE = resolve("dist/bench/bare-server.js");

/** ms from spawn to the tools/list answer (or to a first load_skill's); closing is not timed. */
async function startOnce(args: string[], home: string, firstSkill?: string): Promise<number> {
  const t0 = performance.now();
  const transport = new StdioClientTransport({
    command: process.execPath,
    args,
    stderr: "ignore",
    env: { ...(process.env as Record<string, string>), SKVM_LOG_LEVEL: "silent", SKVM_HOME: home },
  });
  const client = new Client({ name: "bench", version: "0" });
  await client.connect(transport);
  await client.listTools();
  if (firstSkill) await client.callTool({ name: "load_skill", arguments: { name: firstSkill } });
  const elapsed = performance.now() - t0;
  await client.close();
  return elapsed;
}

/**
 * Samples the bare server and skvm alternately, so both see the same machine state (a 2-core
 * machine drifts as page cache and writeback from generating skills settle); returns medians.
 */
async function interleaved(runs: number, a: () => Promise<number>, b: () => Promise<number>): Promise<[number, number]> {
  await a();
  await b();
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < runs; i++) {
    as.push(await a());
    bs.push(await b());
  }
  return [median(as), median(bs)];
}

export async function benchStartup(runs: number, sizes: number[]): Promise<BenchRow[]> {
  const root = await mkdtemp(join(tmpdir(), "skvm-bench-startup-"));
  const home = join(root, "home");
  const bareOnce = () => startOnce([BARE], home);
  try {
    const rows: BenchRow[] = [];
    for (const n of sizes) {
      const skills = join(root, `skills-${n}`);
      const compiled = join(root, `compiled-${n}`);
      await generateSkills(skills, n);
      await compileSkills({ skillsRoot: skills, outRoot: compiled });
      const serve = [CLI, "serve", "--skills", skills, "--compiled", compiled];
      // The first (warm-up) run leaves the compile cache a restart reads.
      const [bare, warm] = await interleaved(runs, bareOnce, () => startOnce(serve, home));
      const vsBare = (ms: number) => ({ baseline: `bare SDK server (${Math.round(bare)} ms, same run)`, ratio: ms / bare });
      const target = n === 1000 ? { target: "<= 1.5x bare", met: warm / bare <= 1.5 } : {};
      rows.push({ suite: "startup", case: `bare SDK server, 1 tool: spawn -> tools/list (beside ${n} skills)`, median: bare, unit: "ms" });
      rows.push({ suite: "startup", case: `skvm serve, ${n} skills: spawn -> tools/list`, median: warm, unit: "ms", ...vsBare(warm), ...target });
      const verified = median(await sample(runs, () => startOnce(serve, home, "gen-skill-0000")));
      rows.push({ suite: "startup", case: `skvm serve, ${n} skills: spawn -> first load_skill (sources and environment verified)`, median: verified, unit: "ms", ...vsBare(verified) });
      let fresh = 0;
      const cold = median(await sample(Math.min(runs, 5), () => startOnce(serve, join(root, `cold-home-${n}-${fresh++}`)), 0));
      rows.push({ suite: "startup", case: `skvm serve, ${n} skills: spawn -> tools/list, no compile cache (first start)`, median: cold, unit: "ms", ...vsBare(cold) });
    }
    return rows;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
