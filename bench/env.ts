import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileSkills, type Manifest } from "../src/compiler/index.js";
import { EnvChecker, runVerify, type EnvSkill } from "../src/env/index.js";
import { generateSkills } from "./generate.js";
import { median, sample, type BenchRow } from "./stats.js";

/**
 * Environment checks for N compiled skills: one after another (the baseline, as a harness would
 * run each skill's check), all at once on a cold start, and again with the verdict cache warm.
 */
export async function benchEnv(runs: number, count: number): Promise<BenchRow[]> {
  const root = await mkdtemp(join(tmpdir(), "skvm-bench-env-"));
  const home = process.env.SKVM_HOME;
  try {
    const skillsRoot = join(root, "skills");
    const outRoot = join(root, "compiled");
    await generateSkills(skillsRoot, count);
    const report = await compileSkills({ skillsRoot, outRoot, cache: false });
    const skills: EnvSkill[] = report.results.flatMap((r) =>
      r.manifest ? [{ name: r.name, manifest: r.manifest as Manifest, dir: r.dir, compiledDir: join(outRoot, r.name) }] : [],
    );
    const serial = median(await sample(runs, async () => {
      for (const skill of skills) await runVerify(skill);
    }));
    let fresh = 0;
    const cold = median(await sample(runs, async () => {
      process.env.SKVM_HOME = join(root, `home-${fresh++}`);
      await new EnvChecker().checkAll(skills);
    }, 0));
    process.env.SKVM_HOME = join(root, "home-warm");
    await new EnvChecker().checkAll(skills);
    // A new checker each time: the cache that counts is the one a restarted server reads from disk.
    const cached = median(await sample(runs, () => new EnvChecker().checkAll(skills)));
    return [
      { suite: "env", case: `verify ${skills.length} skills one after another`, median: serial, unit: "ms" },
      { suite: "env", case: `verify ${skills.length} skills, concurrent, cold`, median: cold, unit: "ms", baseline: "one after another", ratio: cold / serial },
      { suite: "env", case: `verify ${skills.length} skills, verdict cache (restart)`, median: cached, unit: "ms", baseline: "one after another", ratio: cached / serial },
    ];
  } finally {
    if (home === undefined) delete process.env.SKVM_HOME;
    else process.env.SKVM_HOME = home;
    await rm(root, { recursive: true, force: true });
  }
}
