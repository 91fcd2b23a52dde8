// PASS-1's requirement analysis over real skill collections: what skills demand, how long the
// analysis takes per skill (against loading the same skill, measured in the same run), and how
// many skills each bundled profile falls short of.
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { analyzeRequirements, findGaps, type RequirementReport } from "../src/compiler/capability/index.js";
import { BUNDLED_DIR, readProfileFile } from "../src/profile/index.js";
import { discoverSkills, loadSkill } from "../src/skill/index.js";
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

/** Loads and analyses every skill under `root`; each analysis is timed alone (median of `repeat`). */
export async function surveyCapabilities(root: string, repeat = 3): Promise<CapabilitySurvey> {
  const { skillDirs } = await discoverSkills(root);
  const loadTimes: number[] = [];
  const analysisTimes: number[] = [];
  const reports: RequirementReport[] = [];
  let failed = 0;
  await mapLimit(skillDirs, 4, async (dir) => {
    const t0 = performance.now();
    const loaded = await loadSkill(dir, {}).catch(() => undefined);
    loadTimes.push(performance.now() - t0);
    if (!loaded?.ok) {
      failed++;
      return;
    }
    const own: number[] = [];
    let report: RequirementReport | undefined;
    for (let i = 0; i < repeat; i++) {
      const t = performance.now();
      report = analyzeRequirements(loaded.ir);
      own.push(performance.now() - t);
    }
    analysisTimes.push(median(own));
    if (report) reports.push(report);
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
