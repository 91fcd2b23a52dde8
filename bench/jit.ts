// JIT benchmarks: match latency vs index size, a served solidified call vs running the same
// program directly, and tokens a model writes to regenerate a template vs calling its tool.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { Client } from "@modelcontextprotocol/client";
import { programArgs, TemplateIndex, type Template } from "../src/jit/index.js";
import { buildTemplate, loadTokenCounter, matchCode } from "../src/jit/engine.js";
import { Manifest } from "../src/compiler/index.js";
import { loadParsers } from "../src/syntax/index.js";
import { median, percentile, sample, type BenchRow } from "./stats.js";

const run = promisify(execFile);
const CLI = resolve("dist/bin/skvm.js");
const EXAMPLES = ["csv-report", "git-changelog", "json-transform", "png-tools", "text-stats"];

async function exampleTemplates(): Promise<{ skill: string; manifest: Manifest }[]> {
  return Promise.all(EXAMPLES.map(async (skill) => ({ skill, manifest: Manifest.parse(JSON.parse(await readFile(`compiled/${skill}/manifest.json`, "utf8"))) })));
}

/** A template of its own structure (a distinct call), the way a registry of skills would hold many. */
const synthetic = (i: number) => `import json
path = "input${i}.json"
with open(path, encoding="utf-8") as fh:
    rows = [line.strip() for line in fh if line.strip()]
result = json.loads(rows[0]).get_${i}(limit=${i % 50})
print(len(rows), result)
`;

/** The word-frequency template as a model retypes it: other names, values, layout and comments. */
const WORD_FREQUENCY_VARIANT = `from collections import Counter
import re
# count words
path = 'draft.md'
top_n = 7
min_length = 4
stopwords = {"the", "a"}
with open(path, encoding='utf-8') as f:
    toks = re.findall(r"[^\\W\\d_]+(?:['’-][^\\W\\d_]+)*", f.read().lower())
counts = Counter(w for w in toks if len(w) >= min_length and w not in stopwords)
print(f"{len(toks)} words, {len(set(toks))} unique")
for rank, (word, n) in enumerate(counts.most_common(top_n), start=1):
    print(f"{rank:>3}. {word:<20} {n}")
`;
const UNRELATED = `import os\nfor name in sorted(os.listdir(".")):\n    print(name.upper())\n`;

async function benchMatch(runs: number, sizes: readonly number[]): Promise<BenchRow[]> {
  const parsers = await loadParsers();
  const count = await loadTokenCounter();
  const examples = await exampleTemplates();
  const pool: Template[] = [];
  const largest = Math.max(...sizes);
  for (let i = 0; pool.length < largest; i++) {
    const built = buildTemplate({ id: `t${i}`, lang: "python", kind: "code-block", title: "synthetic", code: synthetic(i), origin: "SKILL.md:L1" }, parsers, { bundled: new Set() }, count);
    if (built.ok) pool.push(built.template);
  }
  const rows: BenchRow[] = [];
  const byCase: Record<string, number[]> = {};
  // Warm V8 up on the matcher first: otherwise the first index size measured pays for it.
  const warm = new TemplateIndex();
  warm.set("text-stats", examples.find((e) => e.skill === "text-stats")!.manifest.templates ?? []);
  for (let i = 0; i < 500; i++) matchCode(warm, parsers, { lang: "python", code: i % 2 ? WORD_FREQUENCY_VARIANT : UNRELATED, context: { bundled: new Set() } });
  for (const size of sizes) {
    // text-stats (the skill being matched), then synthetic skills of 10 templates each, up to `size`.
    const index = new TemplateIndex();
    const textStats = examples.find((e) => e.skill === "text-stats")!.manifest.templates ?? [];
    index.set("text-stats", textStats.slice(0, size));
    const extra = Math.max(0, size - index.size);
    for (let s = 0; s * 10 < extra; s++) index.set(`synthetic-${s}`, pool.slice(s * 10, Math.min(extra, s * 10 + 10)));
    const context = { bundled: new Set<string>() };
    const timeOne = (code: string, skill?: string) => () => {
      const t0 = performance.now();
      const r = matchCode(index, parsers, { lang: "python", code, context, ...(skill ? { skill } : {}) });
      const ms = performance.now() - t0;
      if (code === WORD_FREQUENCY_VARIANT && r.kind !== "exact") throw new Error(`bench variant did not match exactly: ${JSON.stringify(r)}`);
      return Promise.resolve(ms);
    };
    const cases: [string, () => Promise<number>][] = [
      ["exact match, run_code scope (one skill)", timeOne(WORD_FREQUENCY_VARIANT, "text-stats")],
      ["exact match, all skills", timeOne(WORD_FREQUENCY_VARIANT)],
      ["no match (near search), all skills", timeOne(UNRELATED)],
    ];
    for (const [name, fn] of cases) {
      const samples = await sample(runs * 20, fn, 20);
      byCase[`${name}@${size}`] = samples;
      const base = byCase[`${name}@${sizes[0]}`]!;
      const isLargest = size === largest;
      rows.push({
        suite: "jit",
        case: `${name}, ${index.size} templates (p99 ${percentile(samples, 99).toFixed(2)} ms)`,
        median: median(samples),
        unit: "ms",
        ...(size !== sizes[0] ? { baseline: `${sizes[0]} templates`, ratio: median(samples) / median(base) } : {}),
        ...(isLargest && name.startsWith("exact") ? { target: "p50 < 1 ms; <= 2x the 10-template index", met: median(samples) < 1 && median(samples) / median(base) <= 2 } : {}),
      });
    }
  }
  return rows;
}

/** A `skvm serve` over the bench's skills, connected over stdio. */
async function connectServer(root: string): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, "serve", "--skills", join(root, "skills"), "--compiled", join(root, "compiled")],
    env: { ...(process.env as Record<string, string>), SKVM_HOME: join(root, "home"), SKVM_LOG_LEVEL: "silent" },
    cwd: root,
  });
  const client = new Client({ name: "bench", version: "0" });
  await client.connect(transport);
  return client;
}

/** A served solidified call over MCP (first and steady state) vs running the same canonical program directly. */
async function benchServed(runs: number): Promise<BenchRow[]> {
  const root = await mkdtemp(join(tmpdir(), "skvm-bench-jit-"));
  try {
    const skillDir = join(root, "skills", "wordcount");
    await mkdir(skillDir, { recursive: true });
    const template = `path = "notes.txt"\nlimit = 3\nwith open(path, encoding="utf-8") as fh:\n    words = fh.read().split()\nprint(len(words), words[:limit])\n`;
    await writeFile(join(skillDir, "SKILL.md"), `---\nname: wordcount\ndescription: Counts words in a file\n---\n# Count\n\n\`\`\`python\n${template}\`\`\`\n`);
    const notes = join(root, "notes.txt");
    await writeFile(notes, "one two three four five six\n".repeat(200));
    const client = await connectServer(root);
    for (let i = 0; i < 3; i++) {
      const r = await client.callTool({ name: "run_code", arguments: { skill: "wordcount", language: "python", code: template.replace("limit = 3", `limit = ${i + 1}`), cwd: root } });
      if (r.isError) throw new Error(`run_code failed: ${JSON.stringify(r.content)}`);
    }
    const tool = (await client.listTools()).tools.find((t) => t.name.startsWith("wordcount__"));
    if (!tool) throw new Error("the template was not solidified");
    const manifest = Manifest.parse(JSON.parse(await readFile(join(root, "compiled", "wordcount", "manifest.json"), "utf8")));
    const compiled = manifest.templates![0]!;
    const program = join(root, "compiled", "wordcount", compiled.file);
    // Alternate the two so machine noise hits both alike; a fresh limit each call defeats the result cache.
    const served: number[] = [];
    const direct: number[] = [];
    const cached: number[] = [];
    for (let i = 0; i < runs * 4 + 2; i++) {
      const limit = 1000 + i;
      let t0 = performance.now();
      const r = await client.callTool({ name: tool.name, arguments: { path: notes, limit } });
      if (r.isError) throw new Error(`direct tool failed: ${JSON.stringify(r.content)}`);
      const s = performance.now() - t0;
      t0 = performance.now();
      await run("python3", [program, ...programArgs("python", compiled.params, { path: notes, limit })], { cwd: root });
      const d = performance.now() - t0;
      t0 = performance.now();
      await client.callTool({ name: tool.name, arguments: { path: notes, limit } });
      const c = performance.now() - t0;
      if (i < 2) continue;
      served.push(s);
      direct.push(d);
      cached.push(c);
    }
    await client.close();
    // The first call of a fresh server process (after a restart; spawn and connect not timed)
    // vs the first run of the program with python3, alternated.
    const first: number[] = [];
    const firstDirect: number[] = [];
    for (let i = 0; i < runs; i++) {
      const fresh = await connectServer(root);
      const args = { path: notes, limit: 5000 + i };
      let t0 = performance.now();
      const r = await fresh.callTool({ name: tool.name, arguments: args });
      first.push(performance.now() - t0);
      if (r.isError) throw new Error(`first direct call failed: ${JSON.stringify(r.content)}`);
      await fresh.close();
      t0 = performance.now();
      await run("python3", [program, ...programArgs("python", compiled.params, args)], { cwd: root });
      firstDirect.push(performance.now() - t0);
    }
    return [
      versusDirect(`first direct call of a restarted server vs the program's first run with python3 (${median(firstDirect).toFixed(0)} ms)`, first, firstDirect),
      { suite: "jit", case: "run the canonical program directly (python3, execFile)", median: median(direct), unit: "ms", baseline: "baseline" },
      versusDirect("served solidified call through MCP (stdio), steady state", served, direct),
      { suite: "jit", case: "served call, same parameters again (result cache: read-only template)", median: median(cached), unit: "ms", baseline: "direct run", ratio: median(cached) / median(direct) },
    ];
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** A served call's samples against the direct runs of the same program, with the overhead target. */
function versusDirect(what: string, served: number[], direct: number[]): BenchRow {
  const overhead = median(served) - median(direct);
  const ratio = median(served) / median(direct);
  return { suite: "jit", case: `${what}, overhead ${overhead.toFixed(1)} ms`, median: median(served), unit: "ms", baseline: "direct run", ratio, target: "overhead <= 10% or <= 5 ms", met: overhead <= 5 || ratio <= 1.1 };
}

/** Output speed assumed for the time figures below: a model, not a measurement. */
const MODEL_TOKENS_PER_SECOND = 50;

/** The code of a template as the skill shows it (the lines its origin names). */
function templateCode(skillMd: readonly string[], origin: string): string {
  const [from, to] = (/L(\d+)(?:-L(\d+))?/.exec(origin) ?? []).slice(1).map(Number);
  if (!to) return (skillMd[from! - 1] ?? "").trim();
  return skillMd.slice(from!, to - 1).join("\n");
}

/**
 * Tokens a model writes to regenerate each example template (a run_code call carrying the code)
 * vs to call its direct tool with one value changed, both as tool-call JSON (o200k_base).
 */
async function benchTokens(): Promise<BenchRow[]> {
  const count = await loadTokenCounter();
  const rows: { kind: string; code: number; call: number }[] = [];
  for (const { skill, manifest } of await exampleTemplates()) {
    const skillMd = (await readFile(`skills/${skill}/SKILL.md`, "utf8")).split("\n");
    for (const t of manifest.templates ?? []) {
      const code = count(JSON.stringify({ name: "run_code", arguments: { skill, language: t.lang, code: templateCode(skillMd, t.origin) } }));
      const call = count(JSON.stringify({ name: `${skill}__${t.id}`, arguments: Object.fromEntries(t.params.slice(0, 1).map((p) => [p.name, p.default])) }));
      rows.push({ kind: t.kind, code, call });
    }
  }
  const out: BenchRow[] = [];
  for (const kind of ["code-block", "script"] as const) {
    const picked = rows.filter((r) => r.kind === kind);
    const ratios = picked.map((r) => r.code / r.call);
    const code = picked.reduce((s, r) => s + r.code, 0);
    const call = picked.reduce((s, r) => s + r.call, 0);
    const tenfold = ratios.filter((r) => r >= 10).length;
    out.push({
      suite: "jit",
      case: `tokens, ${picked.length} ${kind} templates: run_code with the code (${code} in all) vs the direct tool (${call}); range ${Math.min(...ratios).toFixed(1)}-${Math.max(...ratios).toFixed(1)}x, >= 10x for ${tenfold}; at ${MODEL_TOKENS_PER_SECOND} tok/s (a model, not measured) ${(code / MODEL_TOKENS_PER_SECOND).toFixed(0)} s vs ${(call / MODEL_TOKENS_PER_SECOND).toFixed(0)} s`,
      median: median(ratios),
      unit: "x fewer",
      baseline: "run_code call",
      ...(kind === "code-block" ? { target: ">= 10x fewer", met: median(ratios) >= 10 } : {}),
    });
  }
  return out;
}

export async function benchJit(runs: number, sizes: readonly number[]): Promise<BenchRow[]> {
  return [...(await benchMatch(runs, sizes)), ...(await benchServed(runs)), ...(await benchTokens())];
}
