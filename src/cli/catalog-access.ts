import { describeProblem, openCatalog, type Catalog, type CatalogSkill } from "../server/index.js";
import { resolveRoots, type RootOptions } from "./paths.js";

/** Flags every command that works on a compiled catalog takes. */
export interface CatalogCommandOptions extends RootOptions {
  json?: boolean;
}

/** The catalog, verified against the sources: a command must never act on stale artifacts. */
export async function loadCatalog(opts: CatalogCommandOptions): Promise<Catalog> {
  const roots = resolveRoots(opts);
  const catalog = await openCatalog({ skillsRoot: roots.skills, compiledRoot: roots.compiled });
  await catalog.startVerification();
  return catalog;
}

/** The named skills (all when none are named), or a message naming the first unknown one. */
export function pickSkills(catalog: Catalog, names: string[]): CatalogSkill[] | string {
  if (!names.length) return catalog.skills;
  const picked: CatalogSkill[] = [];
  for (const name of names) {
    const skill = catalog.get(name);
    if (skill) {
      picked.push(skill);
      continue;
    }
    const problem = catalog.problems.find((p) => p.name === name);
    if (problem) return `skill "${name}" did not compile: ${describeProblem(problem)}`;
    return `SKILL_NOT_FOUND: no skill named "${name}"; known: ${catalog.names.join(", ") || "(none)"}`;
  }
  return picked;
}

/** Prints `skvm <command>: message` and returns exit code 2 (bad input). */
export function usageError(command: string, message: string): number {
  process.stderr.write(`skvm ${command}: ${message}\n`);
  return 2;
}
