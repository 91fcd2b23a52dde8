import { describeProblem, openCatalog, type CatalogSkill } from "../server/index.js";
import { defaultCompiledDir, missingSkillsRoot } from "./paths.js";

export interface SkillLookupOptions {
  skills: string;
  compiled?: string;
}

/** One compiled skill by name (compiling what is stale first), or a message saying why not. */
export async function findCompiledSkill(name: string, opts: SkillLookupOptions): Promise<CatalogSkill | string> {
  const missing = missingSkillsRoot(opts.skills);
  if (missing) return missing;
  const catalog = await openCatalog({ skillsRoot: opts.skills, compiledRoot: opts.compiled ?? defaultCompiledDir(opts.skills) });
  await catalog.startVerification();
  const skill = catalog.get(name);
  if (skill) return skill;
  const problem = catalog.problems.find((p) => p.name === name);
  if (problem) return `skill "${name}" did not compile: ${describeProblem(problem)}`;
  return `SKILL_NOT_FOUND: no skill named "${name}"; known: ${catalog.names.join(", ") || "(none)"}`;
}
