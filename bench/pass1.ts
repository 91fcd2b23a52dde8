// PASS-1 over real collections: per bundled profile, how many skills have gaps, which primitives,
// which transforms were applied, tokens of the variants against their bases (the JIT's tokenizer),
// guard violations (must be 0), and compile time with PASS-1 (capability pass + lowering for the
// three profiles) against without (neither), measured in the same run.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { artifactDir, compileSkills, PassManager } from "../src/compiler/index.js";
import { lowerSkill, prepareLowering, readLoweringInput, type LoweringProfile } from "../src/compiler/lowering/index.js";
import { builtinPasses } from "../src/compiler/passes/index.js";
import { loadTokenCounter } from "../src/jit/tokenizer.js";
import { findProfile } from "../src/profile/store.js";
import { median, sample, type BenchRow } from "./stats.js";

const PROFILES = ["bare-agent/qwen--qwen3.5-9b", "bare-agent/anthropic--claude-opus-4.6", "openclaw/anthropic--claude-haiku-4.5"];

/**
 * Collections to measure: the bundled skills/, plus `SKVM_PASS1_CORPORA` (`label=dir,...`),
 * folders of skills fetched locally (anthropics/skills, openclaw/skills), never committed.
 */
function corpora(): { label: string; dir: string }[] {
  const extra = (process.env.SKVM_PASS1_CORPORA ?? "").split(",").filter(Boolean).map((entry) => {
    const [label, dir] = entry.includes("=") ? entry.split("=") : [entry, entry];
    return { label: label!, dir: resolve(dir!) };
  });
  return [{ label: "skills/ (bundled)", dir: resolve("skills") }, ...extra];
}

interface ProfileTally {
  skills: number;
  withGaps: number;
  variants: number;
  edits: number;
  violations: number;
  primitives: Map<string, number>;
  transforms: Map<string, number>;
  baseTokens: number;
  variantTokens: number;
}

export async function benchPass1(runs: number): Promise<BenchRow[]> {
  const profiles: LoweringProfile[] = [];
  for (const id of PROFILES) profiles.push({ id, capabilities: (await findProfile(id)).profile.capabilities });
  const tokens = await loadTokenCounter();
  await prepareLowering();
  const rows: BenchRow[] = [];
  const tables: string[] = [];
  let warmed = false;
  for (const corpus of corpora()) {
    const root = await mkdtemp(join(tmpdir(), "skvm-bench-pass1-"));
    try {
      let round = 0;
      let last: { outRoot: string; report: Awaited<ReturnType<typeof compileSkills>> } | undefined;
      const compile = async (withPass1: boolean) => {
        const outRoot = join(root, `out-${round++}`);
        const passes = new PassManager(withPass1 ? builtinPasses : builtinPasses.filter((p) => p.name !== "capability"));
        const t0 = performance.now();
        const report = await compileSkills({ skillsRoot: corpus.dir, outRoot, cache: false, passes, ...(withPass1 ? { profiles } : {}) });
        const ms = performance.now() - t0;
        last = { outRoot, report };
        return ms;
      };
      // One untimed compile first loads the passes' parsers, which every later compile shares.
      const without = median(await sample(runs, () => compile(false), warmed ? 0 : 1));
      warmed = true;
      const withPass1 = median(await sample(runs, () => compile(true), 0));
      // The tally lowers the last compile's base artifacts again, in process, for the details.
      const report = last!.report;
      const tallies = await tally(report.results, last!.outRoot, profiles, tokens);
      rows.push({ suite: "pass1", case: `${corpus.label}: compile, ${report.results.length} skills, without PASS-1`, median: without, unit: "ms" });
      rows.push({ suite: "pass1", case: `${corpus.label}: compile with PASS-1 (analysis + 3 profiles)`, median: withPass1, unit: "ms", baseline: "without PASS-1", ratio: withPass1 / without });
      for (const [id, t] of tallies) {
        const model = id.split("/")[1]!;
        rows.push({ suite: "pass1", case: `${corpus.label} ${model}: skills with gaps (of ${t.skills})`, median: t.withGaps, unit: "skills" });
        rows.push({ suite: "pass1", case: `${corpus.label} ${model}: variants, edits`, median: t.variants, unit: `variants, ${t.edits} edits` });
        rows.push({ suite: "pass1", case: `${corpus.label} ${model}: variant tokens vs base`, median: t.variantTokens, unit: "tokens", baseline: `${t.baseTokens} base tokens`, ratio: t.baseTokens ? t.variantTokens / t.baseTokens : 1 });
        rows.push({ suite: "pass1", case: `${corpus.label} ${model}: guard violations`, median: t.violations, unit: "", target: "0", met: t.violations === 0 });
      }
      tables.push(markdownTable(corpus.label, tallies));
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }
  console.log(`\nPASS-1 per profile\n\n${tables.join("\n\n")}\n`);
  return rows;
}

/** Lowers every compiled skill for every profile in process (the same pure function compile uses) and counts. */
async function tally(results: Awaited<ReturnType<typeof compileSkills>>["results"], outRoot: string, profiles: readonly LoweringProfile[], tokens: (text: string) => number): Promise<Map<string, ProfileTally>> {
  const tallies = new Map(profiles.map((p) => [p.id, { skills: 0, withGaps: 0, variants: 0, edits: 0, violations: 0, primitives: new Map(), transforms: new Map(), baseTokens: 0, variantTokens: 0 } as ProfileTally]));
  for (const r of results) {
    if (!r.manifest) continue;
    const compiledDir = artifactDir(outRoot, r.name);
    for (const profile of profiles) {
      const t = tallies.get(profile.id)!;
      const input = await readLoweringInput({ compiledDir, sourceDir: r.dir, manifest: r.manifest }, profile);
      if (!input) continue;
      t.skills++;
      const result = lowerSkill(input);
      if (result.gaps.length) t.withGaps++;
      for (const g of result.gaps) bump(t.primitives, g.id);
      for (const e of result.edits) bump(t.transforms, e.transform);
      if (!result.variant || !result.guard) continue;
      t.violations += result.guard.violations.length;
      if (!result.guard.ok) continue;
      t.variants++;
      t.edits += result.edits.length;
      t.baseTokens += tokens(input.base);
      t.variantTokens += tokens(result.variant);
    }
  }
  return tallies;
}

const bump = (m: Map<string, number>, key: string) => m.set(key, (m.get(key) ?? 0) + 1);
const top = (m: Map<string, number>, n = 6) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${k} ${v}`).join(", ") || "-";

function markdownTable(label: string, tallies: Map<string, ProfileTally>): string {
  const rows = [...tallies].map(([id, t]) => `| ${label} | ${id} | ${t.withGaps} / ${t.skills} | ${top(t.primitives)} | ${t.variants} | ${top(t.transforms)} (${t.edits} edits) | ${t.baseTokens} -> ${t.variantTokens} (${t.baseTokens ? ((t.variantTokens / t.baseTokens - 1) * 100).toFixed(1) : "0.0"}%) | ${t.violations} |`);
  return ["| collection | profile | skills with gaps | gaps by primitive | variants | transforms applied | tokens base -> variant | guard violations |", "|---|---|---|---|---|---|---|---|", ...rows].join("\n");
}
