import type { CatalogSkill } from "../server/index.js";
import { loadCatalog, pickSkills } from "./catalog-access.js";
import { missingSkillsRoot, type RootOptions } from "./paths.js";

export type SkillLookupOptions = RootOptions;

/** One compiled skill by name (compiling what is stale first), or a message saying why not. */
export async function findCompiledSkill(name: string, opts: SkillLookupOptions): Promise<CatalogSkill | string> {
  const missing = missingSkillsRoot(opts.skills);
  if (missing) return missing;
  const picked = pickSkills(await loadCatalog(opts), [name]);
  return typeof picked === "string" ? picked : (picked[0] as CatalogSkill);
}
