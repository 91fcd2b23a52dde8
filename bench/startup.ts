import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { compileSkills } from "../src/compiler/index.js";
import { generateSkills } from "./generate.js";
import { median, sample, type BenchRow } from "./stats.js";

const CLI = resolve("dist/src/cli.js");
const BARE = resolve("dist/bench/bare-server.js");

/** spawn -> initialize -> tools/list, in ms. */
async function startOnce(args: string[]): Promise<void> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args,
    stderr: "ignore",
    env: { ...(process.env as Record<string, string>), SKVM_LOG_LEVEL: "silent" },
  });
  const client = new Client({ name: "bench", version: "0" });
  await client.connect(transport);
  await client.listTools();
  await client.close();
}

export async function benchStartup(runs: number, sizes: number[]): Promise<BenchRow[]> {
  const root = await mkdtemp(join(tmpdir(), "skvm-bench-startup-"));
  try {
    const bare = median(await sample(runs, () => startOnce([BARE])));
    const rows: BenchRow[] = [{ suite: "startup", case: "bare SDK server, 1 tool", median: bare, unit: "ms" }];
    for (const n of sizes) {
      const skills = join(root, `skills-${n}`);
      const compiled = join(root, `compiled-${n}`);
      await generateSkills(skills, n);
      await compileSkills({ skillsRoot: skills, outRoot: compiled });
      const ms = median(await sample(runs, () => startOnce([CLI, "serve", "--skills", skills, "--compiled", compiled])));
      const ratio = ms / bare;
      rows.push({
        suite: "startup",
        case: `skvm serve, ${n} compiled skills`,
        median: ms,
        unit: "ms",
        baseline: "bare SDK server",
        ratio,
        ...(n === 1000 ? { target: "<= 1.5x bare", met: ratio <= 1.5 } : {}),
      });
    }
    return rows;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
