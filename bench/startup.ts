import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { Client } from "@modelcontextprotocol/client";
import { compileSkills } from "../src/compiler/index.js";
import { generateSkills } from "./generate.js";
import { median, sample, type BenchRow } from "./stats.js";

const CLI = resolve("dist/bin/skvm.js");
// The same CLI as tsc wrote it, module by module: what the bundle in dist/bin/ saves.
const UNBUNDLED_CLI = resolve("dist/src/cli.js");
const BARE = resolve("dist/bench/bare-server.js");

/**
 * The bare server bundled the way dist/bin/ is (SDK and zod inlined), written into `dir`: the
 * ratio against it says how much of skvm's start is its own work rather than module loading.
 */
async function bundleBareServer(dir: string): Promise<string> {
  const { build } = await import("rolldown");
  await build({ input: { bare: BARE }, platform: "node", logLevel: "warn", external: [/^node:/], output: { dir, format: "esm", entryFileNames: "[name].js" } });
  return join(dir, "bare.js");
}

/** Spawns a server and connects a client over stdio. */
async function connect(args: string[], home: string): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args,
    stderr: "ignore",
    env: { ...(process.env as Record<string, string>), SKVM_LOG_LEVEL: "silent", SKVM_HOME: home },
  });
  const client = new Client({ name: "bench", version: "0" });
  await client.connect(transport);
  return client;
}

/** ms from spawn to the tools/list answer (or to a first load_skill's); closing is not timed. */
async function startOnce(args: string[], home: string, firstSkill?: string): Promise<number> {
  const t0 = performance.now();
  const client = await connect(args, home);
  await client.listTools();
  if (firstSkill) await client.callTool({ name: "load_skill", arguments: { name: firstSkill } });
  const elapsed = performance.now() - t0;
  await client.close();
  return elapsed;
}

/**
 * find_skills on a started server: the first query right after the first tools/list (as a
 * client that searches at once would send it), and later queries (median).
 */
async function findSkillsTimes(args: string[], home: string, n: number, runs: number): Promise<{ first: number; later: number }> {
  const client = await connect(args, home);
  try {
    await client.listTools();
    const query = (i: number) => ({ name: "find_skills", arguments: { query: `transform sample data set ${(i * 7919) % n}` } });
    const t0 = performance.now();
    await client.callTool(query(1));
    const first = performance.now() - t0;
    const later = median(await sample(runs, () => client.callTool(query(2 + Math.floor(Math.random() * n)))));
    return { first, later };
  } finally {
    await client.close();
  }
}

/**
 * Samples the bare server and skvm's variants alternately, so all see the same machine state (a
 * 2-core machine drifts as page cache and writeback from generating skills settle); returns
 * medians in the order given. Each is run once first, unmeasured.
 */
async function interleaved(runs: number, ...starts: (() => Promise<number>)[]): Promise<number[]> {
  for (const start of starts) await start();
  const times = starts.map((): number[] => []);
  for (let i = 0; i < runs; i++) for (const [j, start] of starts.entries()) times[j]!.push(await start());
  return times.map(median);
}

/** Forgets the find_skills index the servers saved beside the compile cache, so the next start builds it. */
async function dropSavedIndexes(home: string): Promise<void> {
  const folder = join(home, "compile-cache");
  const files = await readdir(folder).catch(() => []);
  await Promise.all(files.filter((f) => f.endsWith(".search.bin")).map((f) => rm(join(folder, f), { force: true })));
}

/** find_skills first-query and later-query medians over up to 5 starts. */
async function findSkillsRows(serve: string[], home: string, n: number, runs: number, saved: boolean): Promise<{ first: number; later: number }> {
  const firsts: number[] = [];
  const laters: number[] = [];
  for (let i = 0; i < Math.min(runs, 5); i++) {
    if (!saved) await dropSavedIndexes(home);
    const { first, later } = await findSkillsTimes(serve, home, n, runs);
    firsts.push(first);
    laters.push(later);
  }
  return { first: median(firsts), later: median(laters) };
}

export async function benchStartup(runs: number, sizes: number[]): Promise<BenchRow[]> {
  const root = await mkdtemp(join(tmpdir(), "skvm-bench-startup-"));
  const home = join(root, "home");
  const bareOnce = () => startOnce([BARE], home);
  try {
    const bundledBare = await bundleBareServer(join(root, "bare-bundled"));
    const bundledBareOnce = () => startOnce([bundledBare], home);
    const rows: BenchRow[] = [];
    for (const n of sizes) {
      const skills = join(root, `skills-${n}`);
      const compiled = join(root, `compiled-${n}`);
      await generateSkills(skills, n);
      await compileSkills({ skillsRoot: skills, outRoot: compiled });
      const serve = [CLI, "serve", "--skills", skills, "--compiled", compiled];
      const unbundled = [UNBUNDLED_CLI, ...serve.slice(1)];
      // The first (warm-up) run leaves the compile cache a restart reads.
      const [bare = 0, bareBundled = 0, warm = 0, unwatched = 0, modules = 0] = await interleaved(
        runs,
        bareOnce,
        bundledBareOnce,
        () => startOnce(serve, home),
        () => startOnce([...serve, "--no-watch"], home),
        () => startOnce(unbundled, home),
      );
      const vsBare = (ms: number) => ({ baseline: `bare SDK server (${Math.round(bare)} ms, same run)`, ratio: ms / bare });
      const target = n === 1000 ? { target: "<= 1.5x bare", met: warm / bare <= 1.5 } : {};
      rows.push({ suite: "startup", case: `bare SDK server, 1 tool: spawn -> tools/list (beside ${n} skills)`, median: bare, unit: "ms" });
      rows.push({ suite: "startup", case: `bare SDK server bundled like dist/bin/ (beside ${n} skills)`, median: bareBundled, unit: "ms", ...vsBare(bareBundled) });
      rows.push({ suite: "startup", case: `skvm serve, ${n} skills: spawn -> tools/list (watching, the default)`, median: warm, unit: "ms", ...vsBare(warm), ...target });
      rows.push({ suite: "startup", case: `skvm serve, ${n} skills, vs the bundled bare server`, median: warm, unit: "ms", baseline: `bundled bare SDK server (${Math.round(bareBundled)} ms, same run)`, ratio: warm / bareBundled });
      rows.push({ suite: "startup", case: `skvm serve --no-watch, ${n} skills: spawn -> tools/list`, median: unwatched, unit: "ms", ...vsBare(unwatched) });
      rows.push({ suite: "startup", case: `skvm serve unbundled (dist/src/cli.js), ${n} skills: spawn -> tools/list`, median: modules, unit: "ms", ...vsBare(modules) });
      const verified = median(await sample(runs, () => startOnce(serve, home, "gen-skill-0000")));
      rows.push({ suite: "startup", case: `skvm serve, ${n} skills: spawn -> first load_skill (sources and environment verified)`, median: verified, unit: "ms", ...vsBare(verified) });
      let fresh = 0;
      // A first start verifies every skill: at 5,000 that is long enough to sample once.
      const coldRuns = n >= 5000 ? 1 : Math.min(runs, 5);
      const cold = median(await sample(coldRuns, () => startOnce(serve, join(root, `cold-home-${n}-${fresh++}`)), 0));
      rows.push({ suite: "startup", case: `skvm serve, ${n} skills: spawn -> tools/list, no compile cache (first start)`, median: cold, unit: "ms", ...vsBare(cold) });
      if (n !== Math.max(...sizes)) continue;
      const built = await findSkillsRows(serve, home, n, runs, false);
      const saved = await findSkillsRows(serve, home, n, runs, true);
      const firstTarget = (ms: number) => ({ target: "< 100 ms", met: ms < 100 });
      rows.push({ suite: "startup", case: `find_skills, ${n} skills: first query right after the first tools/list, index saved by an earlier start`, median: saved.first, unit: "ms", ...firstTarget(saved.first) });
      rows.push({ suite: "startup", case: `find_skills, ${n} skills: first query right after the first tools/list, no saved index (built at start)`, median: built.first, unit: "ms", ...firstTarget(built.first) });
      rows.push({ suite: "startup", case: `find_skills, ${n} skills: later queries`, median: saved.later, unit: "ms" });
    }
    return rows;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
