import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileSkills } from "../src/compiler/index.js";
import { generateSkills } from "./generate.js";
import { median, sample, type BenchRow } from "./stats.js";

/** Full compile of N generated skills, then a no-op recompile of the same (all fresh). */
export async function benchCompile(runs: number, count: number): Promise<BenchRow[]> {
  const root = await mkdtemp(join(tmpdir(), "skvm-bench-compile-"));
  try {
    const skills = join(root, "skills");
    await generateSkills(skills, count);
    let round = 0;
    const full = median(await sample(runs, () => compileSkills({ skillsRoot: skills, outRoot: join(root, `out-${round++}`) })));
    const out = join(root, "out-noop");
    await compileSkills({ skillsRoot: skills, outRoot: out });
    const noop = median(await sample(runs, () => compileSkills({ skillsRoot: skills, outRoot: out })));
    return [
      { suite: "compile", case: `full compile, ${count} skills`, median: full, unit: "ms" },
      { suite: "compile", case: `throughput, ${count} skills`, median: (count / full) * 1000, unit: "skills/s" },
      {
        suite: "compile",
        case: `no-op recompile, ${count} skills`,
        median: noop,
        unit: "ms",
        baseline: "full compile",
        ratio: noop / full,
        target: "< 1000 ms",
        met: noop < 1000,
      },
    ];
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
