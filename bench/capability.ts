// PASS-1's requirement analysis over real skill collections: what skills demand, how long the
// analysis takes per skill (against loading the same skill, measured in the same run), and how
// many skills each bundled profile falls short of.
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { analyzeRequirements, findGaps } from "../src/compiler/capability/index.js";
import { BUNDLED_DIR, readProfileFile } from "../src/profile/index.js";
import { discoverSkills, loadSkill } from "../src/skill/index.js";
import type { SkillIR } from "../src/skill/ir.js";
import { mapLimit } from "../src/concurrency.js";
import { median, type BenchRow } from "./stats.js";

export interface CapabilitySurvey {
  root: string;
  skills: number;
  /** Skills the loader refused (broken frontmatter and the like): not analysed. */
  failed: number;
  requirementsPerSkill: { mean: number; median: number; none: number };
  /** Primitive -> number of skills demanding it, most common first. */
  primitives: [string, number][];
  analysisMs: number;
  loadMs: number;
  /** Profile id -> skills with at least one gap, and the primitives behind the gaps. */
  gaps: Record<string, { skills: number; primitives: [string, number][] }>;
}

const countBy = (items: readonly string[]): [string, number][] => {
  const counts = new Map<string, number>();
  for (const i of items) counts.set(i, (counts.get(i) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
};

async function bundledProfiles() {
  const names = (await readdir(BUNDLED_DIR)).filter((n) => n.endsWith(".json")).sort();
  return Promise.all(names.map(async (n) => ({ id: n.replace(/\.json$/, ""), profile: await readProfileFile(join(BUNDLED_DIR, n)) })));
}

/**
 * Loads every skill under `root`, then analyses each: once untimed (V8 compiles the rules'
 * regexes on first use), then `repeat` timed runs, one skill at a time, whose median is its time.
 */
export async function surveyCapabilities(root: string, repeat = 3): Promise<CapabilitySurvey> {
  const { skillDirs } = await discoverSkills(root);
  const loadTimes: number[] = [];
  const irs: SkillIR[] = [];
  await mapLimit(skillDirs, 4, async (dir) => {
    const t0 = performance.now();
    const loaded = await loadSkill(dir, {}).catch(() => undefined);
    loadTimes.push(performance.now() - t0);
    if (loaded?.ok) irs.push(loaded.ir);
  });
  const failed = skillDirs.length - irs.length;
  const reports = irs.map((ir) => analyzeRequirements(ir));
  const analysisTimes = irs.map((ir) => {
    const own: number[] = [];
    for (let i = 0; i < repeat; i++) {
      const t = performance.now();
      analyzeRequirements(ir);
      own.push(performance.now() - t);
    }
    return median(own);
  });
  const counts = reports.map((r) => r.requirements.length);
  const gaps: CapabilitySurvey["gaps"] = {};
  for (const { id, profile } of await bundledProfiles()) {
    const found = reports.map((r) => findGaps(r, profile.capabilities));
    gaps[id] = { skills: found.filter((g) => g.length > 0).length, primitives: countBy(found.flatMap((g) => g.map((x) => x.id))) };
  }
  return {
    root,
    skills: skillDirs.length,
    failed,
    requirementsPerSkill: { mean: counts.reduce((a, b) => a + b, 0) / Math.max(1, counts.length), median: median(counts), none: counts.filter((c) => c === 0).length },
    primitives: countBy(reports.flatMap((r) => r.requirements.map((q) => q.id))),
    analysisMs: median(analysisTimes),
    loadMs: median(loadTimes),
    gaps,
  };
}

/** The bench suite: bundled skills/, plus the folders in SKVM_BENCH_CORPUS (colon-separated). */
export async function benchCapability(repeat: number): Promise<BenchRow[]> {
  const roots = ["skills", ...(process.env.SKVM_BENCH_CORPUS ?? "").split(":").filter(Boolean)];
  const rows: BenchRow[] = [];
  for (const root of roots) {
    const s = await surveyCapabilities(root, repeat);
    const analysed = s.skills - s.failed;
    rows.push({ suite: "capability", case: `requirement analysis per skill, ${root} (${analysed} skills)`, median: s.analysisMs, unit: "ms", baseline: "loading the skill", ratio: s.analysisMs / s.loadMs });
  }
  return rows;
}
