// The artifact module alone: the compiler's face loads every pass.
import { artifactDir, readManifest, sourceField } from "../../compiler/artifact.js";
import { listingOf } from "../../compiler/manifest.js";
import type { CatalogState } from "../catalog.js";

/**
 * A skill whose source no longer compiles (invalid YAML, a workflow cycle, a parse deadline) keeps
 * serving the artifact its last good source compiled to: a failed compile never writes one, so
 * the artifact on disk is that version, after a restart too. The problem stays listed with why.
 */
export async function keepLastGood(state: CatalogState, compiledRoot: string): Promise<CatalogState> {
  const served = new Set(state.skills.map((s) => s.name));
  const skills = [...state.skills];
  const problems = await Promise.all(
    state.problems.map(async (problem) => {
      if (served.has(problem.name) || problem.name.startsWith("(")) return problem;
      const manifest = await readManifest(compiledRoot, problem.name).catch(() => undefined);
      // Only this folder's own artifact: never another skill's that bears the name.
      if (!manifest || manifest.skill.source !== sourceField(compiledRoot, problem.dir)) return problem;
      served.add(problem.name);
      skills.push({ name: problem.name, listing: listingOf(manifest), manifest, dir: problem.dir, compiledDir: artifactDir(compiledRoot, problem.name) });
      return { ...problem, servingLastGood: manifest.skill.sourceHash };
    }),
  );
  return { skills, problems };
}
