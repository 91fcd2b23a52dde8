/**
 * The skill loader's public face: find skill folders, load one into a validated SkillIR, hash a
 * skill's sources without parsing it, and resolve a client-supplied path to a servable file.
 * Everything else in this folder is private to it.
 */
export { discoverSkills } from "./discover.js";
export { discoverRoots, isFolder, standardRootPlaces, RootPlace } from "./roots.js";
export { normalizeName } from "./skill-name.js";
export type { LoadResult, LoadOptions } from "./load.js";
export { computeSourceHash } from "./source-hash.js";
export { resolveSkillPath, isInside } from "./safe-path.js";
export { Code } from "./codes.js";
export { Limits, EXCLUDED_NAMES, ENTRY_NAMES } from "./limits.js";
export * from "./ir.js";
export * from "./diagnostic.js";

import type { LoadOptions, LoadResult } from "./load.js";

/**
 * Loads one skill folder into a validated SkillIR (see load.ts). The parser modules (YAML,
 * Markdown) load on the first call, so a server whose artifacts are fresh never pays for them.
 */
export async function loadSkill(dir: string, opts?: LoadOptions): Promise<LoadResult> {
  const { loadSkill: load } = await import("./load.js");
  return load(dir, opts);
}
export { statSignature } from "./stat-signature.js";
export { codeLanguage, type CodeLanguage } from "./code-language.js";
