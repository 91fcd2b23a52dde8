// `npm run demo`: a scripted MCP client walking the pipeline on the bundled example skills:
// compile -> serve over stdio -> discover -> load a skill -> run its scripts -> read resources.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { Client } from "@modelcontextprotocol/client";
import { z } from "zod";
import { compileSkills } from "../src/compiler/index.js";

const work = await mkdtemp(join(tmpdir(), "skvm-demo-"));
const compiled = join(work, "compiled");
const say = (title: string) => console.log(`\n== ${title}`);
const ms = (t0: number) => `${Math.round(performance.now() - t0)} ms`;
const text = (r: unknown) => ((r as { content?: { type: string; text?: string }[] }).content ?? []).find((c) => c.type === "text")?.text ?? "";

try {
  say("1. compile skills/ (AOT)");
  let t0 = performance.now();
  const report = await compileSkills({ skillsRoot: "skills", outRoot: compiled });
  for (const r of report.results) console.log(`   ${r.name.padEnd(16)} ${r.status.padEnd(9)} ${r.manifest?.scripts.length ?? 0} script(s) routed to run_script`);
  console.log(`   ${report.results.length} skills compiled in ${ms(t0)}`);
  t0 = performance.now();
  const again = await compileSkills({ skillsRoot: "skills", outRoot: compiled });
  console.log(`   recompile with nothing changed: ${ms(t0)} (${again.results.filter((r) => r.status === "fresh").length} fresh)`);

  say("2. start `skvm serve` over stdio and connect an MCP client");
  t0 = performance.now();
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [resolve("dist/bin/skvm.js"), "serve", "--skills", "skills", "--compiled", compiled],
    // A fresh state folder: the JIT part below starts from zero matches every time.
    env: { ...(process.env as Record<string, string>), SKVM_LOG_LEVEL: "warn", SKVM_HOME: join(work, "home") },
    stderr: "inherit",
  });
  const client = new Client({ name: "skvm-demo", version: "0" });
  await client.connect(transport);
  const { tools } = await client.listTools();
  const { prompts } = await client.listPrompts();
  const { resources } = await client.listResources();
  console.log(`   connected in ${ms(t0)}: ${tools.length} tools, ${prompts.length} prompts, ${resources.length} resources`);
  console.log(`   tools: ${tools.map((t) => t.name).join(", ")}`);

  say("3. discover skills (list_skills, and SEP-2640 skills/list)");
  const listing = JSON.parse(text(await client.callTool({ name: "list_skills", arguments: {} })));
  for (const s of listing.skills) console.log(`   ${s.name.padEnd(16)} ${s.ready ? "ready    " : "NOT READY"} ${s.description.slice(0, 60)}...`);
  const sep = await client.request({ method: "skills/list", params: {} } as never, z.object({ skills: z.array(z.object({ uri: z.string(), resources: z.array(z.unknown()) })) }));
  console.log(`   skills/list: ${sep.skills.map((s) => `${s.uri} (${s.resources.length} files)`).join(", ")}`);

  say("4. environment (PASS-2): what git-changelog needs, and env_setup as a dry run");
  const manifest = JSON.parse(await readFile(join(compiled, "git-changelog", "manifest.json"), "utf8"));
  for (const [kind, reqs] of Object.entries(manifest.env.requires as Record<string, { name: string; origins: string[] }[]>)) {
    if (reqs.length) console.log(`   ${kind.padEnd(6)} ${reqs.map((r) => `${r.name} (${r.origins.length} mentions, e.g. ${r.origins[0]})`).join(", ")}`);
  }
  t0 = performance.now();
  const setup = await client.callTool({ name: "env_setup", arguments: { skill: "git-changelog", dryRun: true } });
  console.log(`   env_setup dry run in ${ms(t0)}: ${text(setup).split("\n").pop()}`);

  say("5. load_skill csv-report with a task");
  const loaded = await client.callTool({ name: "load_skill", arguments: { name: "csv-report", task: "Profile sales.csv" } });
  const body = text(loaded);
  // The first command of the workflow and the run_script note the compiler put under it.
  const lines = body.split("\n");
  const note = lines.findIndex((l) => l.includes("**skvm:**"));
  console.log(lines.slice(Math.max(0, note - 4), note + 2).map((l) => `   ${l.slice(0, 150)}`).join("\n"));

  say("6. run the skill's workflow through run_script (argv only, no shell)");
  const csv = join(work, "sales.csv");
  await writeFile(csv, ["region,units,price", ...Array.from({ length: 400 }, (_, i) => `r${i % 7},${(i * 37) % 101},${(i % 13) + 0.5}`), "r1,9999,1.5"].join("\n"));
  const steps: [string, string[]][] = [
    ["scripts/validate.py", [csv, "--out", join(work, "validation.json")]],
    ["scripts/column_stats.py", [csv, "--validation", join(work, "validation.json"), "--out", join(work, "stats.json")]],
    ["scripts/histograms.py", [csv, "--validation", join(work, "validation.json"), "--out", join(work, "histograms.json")]],
    ["scripts/outliers.py", [csv, "--validation", join(work, "validation.json"), "--out", join(work, "outliers.json")]],
    ["scripts/assemble.py", ["--validation", join(work, "validation.json"), "--stats", join(work, "stats.json"), "--histograms", join(work, "histograms.json"), "--outliers", join(work, "outliers.json"), "--out", join(work, "report.md")]],
  ];
  const total = performance.now();
  for (const [script, args] of steps) {
    t0 = performance.now();
    const r = await client.callTool({ name: "run_script", arguments: { skill: "csv-report", script, args, cwd: work } });
    console.log(`   ${script.padEnd(24)} ${r.isError ? "FAILED" : "ok"} in ${ms(t0)}`);
  }
  console.log(`   workflow (run one step after another) in ${ms(total)}; report:`);
  console.log((await readFile(join(work, "report.md"), "utf8")).split("\n").slice(0, 8).map((l) => `   | ${l}`).join("\n"));

  say("6b. the same workflow as a DAG (PASS-3): run_workflow, steps 2-4 in parallel");
  t0 = performance.now();
  const dag = await client.callTool({ name: "run_workflow", arguments: { skill: "csv-report", inputs: { "data.csv": csv }, cwd: work } });
  const run = dag.structuredContent as {
    concurrency: number;
    concurrencyReason: string;
    peakConcurrency: number;
    durationMs: number;
    nodes: { id: string; status: string; startedMs?: number; durationMs?: number }[];
    criticalPath: { nodes: string[]; durationMs: number };
    parallelism: { realized: number; possible: number };
  };
  for (const n of run.nodes) console.log(`   ${n.id.padEnd(7)} ${n.status.padEnd(9)} ${n.durationMs === undefined ? "(the model's part)" : `start ${n.startedMs} ms, ${n.durationMs} ms`}`);
  console.log(`   run_workflow in ${ms(t0)}: wall ${run.durationMs} ms, critical path ${run.criticalPath.nodes.join(" -> ")} (${run.criticalPath.durationMs} ms); parallelism ${run.parallelism.realized}x of ${run.parallelism.possible}x possible`);
  console.log(`   concurrency: up to ${run.concurrency} at once (${run.concurrencyReason}), ${run.peakConcurrency} at most did`);

  say("7. read a bundled reference as a skill:// resource");
  const ref = await client.readResource({ uri: "skill://png-tools/references/png-format.md" });
  console.log(`   ${(ref.contents[0] as { text: string }).text.split("\n")[0]}`);

  say("8. JIT: the model keeps retyping a text-stats template through run_code");
  const skillMd = await readFile("skills/text-stats/SKILL.md", "utf8");
  const template = /## Template: word frequency\n\n```python\n([\s\S]*?)```/.exec(skillMd)?.[1] ?? "";
  const drafts = ["draft1.txt", "draft2.txt", "draft3.txt", "draft4.txt"];
  for (const [i, name] of drafts.entries()) await writeFile(join(work, name), `Draft ${i} of the essay. The essay talks about skills and models. Models run skills; skills help models.\n`.repeat(i + 2));
  // Each run is how another model would write it: its own names, comments and values.
  const retyped = (file: string, top: number) =>
    template.replace('"notes.txt"', JSON.stringify(file)).replace("top_n = 20", `top_n = ${top}`).replace(/\bcounts\b/g, "freq").replace("import re", "import re  # regex");
  for (const [i, name] of drafts.entries()) {
    t0 = performance.now();
    const r = await client.callTool({ name: "run_code", arguments: { skill: "text-stats", language: "python", code: retyped(name, 3 + i), cwd: work } });
    const s = r.structuredContent as { match: { kind: string; template?: string; params: Record<string, unknown> }; served: boolean };
    const note = text(r).split("\n").find((l) => l.startsWith("[skvm]")) ?? "";
    console.log(`   run ${i + 1}: ${s.match.kind} match of ${s.match.template}, params ${JSON.stringify({ path: s.match.params.path, top_n: s.match.params.top_n })}, ${s.served ? "SERVED" : "ran as given"} in ${ms(t0)}`);
    console.log(`          ${note.slice(0, 140)}`);
  }
  const direct = (await client.listTools()).tools.find((t) => t.name === "text-stats__word-frequency");
  console.log(`   new tool: ${direct?.name} (${Object.keys(direct?.inputSchema.properties ?? {}).join(", ")})`);
  t0 = performance.now();
  const viaTool = await client.callTool({ name: "text-stats__word-frequency", arguments: { path: "draft4.txt", top_n: 3, cwd: work } });
  console.log(`   text-stats__word-frequency {path: "draft4.txt", top_n: 3} in ${ms(t0)}:`);
  console.log(text(viaTool).split("\n").slice(1, 6).map((l) => `   | ${l}`).join("\n"));
  const { loadTokenCounter } = await import("../src/jit/engine.js");
  const count = await loadTokenCounter();
  const codeCall = count(JSON.stringify({ name: "run_code", arguments: { skill: "text-stats", language: "python", code: retyped("draft4.txt", 3) } }));
  const toolCall = count(JSON.stringify({ name: "text-stats__word-frequency", arguments: { path: "draft4.txt", top_n: 3 } }));
  console.log(`   tokens the model writes: ${codeCall} for the code vs ${toolCall} for the tool call (${(codeCall / toolCall).toFixed(1)}x fewer, o200k_base)`);

  await client.close();
  console.log("\nDone. Connect your own client with mcp.json, or see README.md.");
} finally {
  await rm(work, { recursive: true, force: true });
}
