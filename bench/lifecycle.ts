import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { compileSkills } from "../src/compiler/index.js";
import { generateSkills } from "./generate.js";
import { median, type BenchRow } from "./stats.js";

const CLI = resolve("dist/bin/skvm.js");
const IDLE_MS = 3_000;
const SKILL = "gen-skill-0000";
const URI = `skill://${SKILL}/SKILL.md`;

interface Served {
  client: Client;
  pid: number;
  stderr: () => string;
  close: () => Promise<void>;
}

async function serve(skills: string, compiled: string, home: string, extra: string[] = []): Promise<Served & { startMs: number }> {
  const t0 = performance.now();
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, "serve", "--skills", skills, "--compiled", compiled, ...extra],
    stderr: "pipe",
    env: { ...(process.env as Record<string, string>), SKVM_LOG_LEVEL: "info", SKVM_HOME: home },
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: "bench", version: "0" });
  await client.connect(transport);
  await client.listTools();
  const startMs = performance.now() - t0;
  return { client, pid: transport.pid!, stderr: () => stderr, close: () => client.close(), startMs };
}

/** CPU time (user + system, ms) the process has used so far, from /proc (Linux). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  // utime and stime are fields 14 and 15 of the line, 12 and 13 after "pid (comm) ".
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`bench lifecycle: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** ms from saving SKILL.md to the client holding the new text: resources/updated, then resources/read. */
async function saveToSeen(served: Served, skills: string, edits: number): Promise<number[]> {
  let updates = 0;
  served.client.setNotificationHandler('notifications/resources/updated', () => void updates++);
  await served.client.subscribeResource({ uri: URI });
  const times: number[] = [];
  for (let i = 0; i < edits; i++) {
    const marker = `edit-${i}-${Date.now()}`;
    const before = updates;
    const t0 = performance.now();
    await writeFile(join(skills, SKILL, "SKILL.md"), `---\nname: ${SKILL}\ndescription: Benchmark skill, edit ${i}.\n---\n# ${marker}\n`);
    await until(() => updates > before, 30_000, "resources/updated");
    const read = await served.client.readResource({ uri: URI });
    if (!String((read.contents[0] as { text?: string }).text).includes(marker)) throw new Error("bench lifecycle: updated, but the old text was read");
    times.push(performance.now() - t0);
  }
  return times;
}

/** The way to see an edit without watching: restart the server and load the skill. */
async function restartToSeen(skills: string, compiled: string, home: string, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const marker = `restart-${i}-${Date.now()}`;
    const t0 = performance.now();
    await writeFile(join(skills, SKILL, "SKILL.md"), `---\nname: ${SKILL}\ndescription: Benchmark skill, restart ${i}.\n---\n# ${marker}\n`);
    const served = await serve(skills, compiled, home, ["--no-watch"]);
    const read = await served.client.readResource({ uri: URI });
    if (!String((read.contents[0] as { text?: string }).text).includes(marker)) throw new Error("bench lifecycle: restart read the old text");
    times.push(performance.now() - t0);
    await served.close();
  }
  return times;
}

/** CPU the server uses over IDLE_MS once settled (watches in place), with and without watching. */
async function idleCpu(served: Served, watching: boolean): Promise<number> {
  if (watching) await until(() => served.stderr().includes("watching skills"), 120_000, "the watches to be in place");
  await served.client.callTool({ name: "load_skill", arguments: { name: SKILL } });
  const before = cpuMs(served.pid);
  await new Promise((r) => setTimeout(r, IDLE_MS));
  return cpuMs(served.pid) - before;
}

const percentile = (xs: readonly number[], p: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

export async function benchLifecycle(runs: number, edits: number, size: number): Promise<BenchRow[]> {
  const root = await mkdtemp(join(tmpdir(), "skvm-bench-lifecycle-"));
  const skills = join(root, "skills");
  const compiled = join(root, "compiled");
  const home = join(root, "home");
  try {
    await generateSkills(skills, size);
    await compileSkills({ skillsRoot: skills, outRoot: compiled });
    const rows: BenchRow[] = [];

    const restart = await restartToSeen(skills, compiled, home, runs);
    const restartMs = median(restart);
    const live = await serve(skills, compiled, home);
    await until(() => live.stderr().includes("watching skills"), 120_000, `the watches to be in place (server said: ${live.stderr().slice(-500)})`);
    const seen = await saveToSeen(live, skills, edits);
    await live.close();
    const baseline = `restart + read, --no-watch (${Math.round(restartMs)} ms, same run)`;
    rows.push({ suite: "lifecycle", case: `save SKILL.md -> client reads new text, restarting (${size} skills)`, median: restartMs, unit: "ms" });
    rows.push({ suite: "lifecycle", case: `save SKILL.md -> resources/updated + new text, live (${size} skills), p50`, median: median(seen), unit: "ms", baseline, ratio: median(seen) / restartMs, target: "< 1000 ms", met: median(seen) < 1000 });
    rows.push({ suite: "lifecycle", case: `save SKILL.md -> resources/updated + new text, live (${size} skills), p90`, median: percentile(seen, 90), unit: "ms", baseline, ratio: percentile(seen, 90) / restartMs });

    // Watching's cost: startup (spawn -> tools/list) and CPU at idle, with against without, alternately.
    const starts = { watch: [] as number[], still: [] as number[] };
    const idle = { watch: [] as number[], still: [] as number[] };
    for (let i = 0; i < runs; i++) {
      for (const watching of [false, true]) {
        const served = await serve(skills, compiled, home, watching ? [] : ["--no-watch"]);
        (watching ? starts.watch : starts.still).push(served.startMs);
        (watching ? idle.watch : idle.still).push(await idleCpu(served, watching));
        await served.close();
      }
    }
    const still = { start: median(starts.still), idle: median(idle.still) };
    rows.push({ suite: "lifecycle", case: `startup, ${size} skills, --no-watch: spawn -> tools/list`, median: still.start, unit: "ms" });
    rows.push({ suite: "lifecycle", case: `startup, ${size} skills, watching: spawn -> tools/list`, median: median(starts.watch), unit: "ms", baseline: `--no-watch (${Math.round(still.start)} ms, same run)`, ratio: median(starts.watch) / still.start });
    rows.push({ suite: "lifecycle", case: `CPU at idle over ${IDLE_MS / 1000} s, ${size} skills, --no-watch`, median: still.idle, unit: "ms" });
    rows.push({ suite: "lifecycle", case: `CPU at idle over ${IDLE_MS / 1000} s, ${size} skills, watching`, median: median(idle.watch), unit: "ms", baseline: `--no-watch (${still.idle.toFixed(0)} ms CPU, same run)`, ratio: still.idle > 0 ? median(idle.watch) / still.idle : undefined });
    return rows;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
