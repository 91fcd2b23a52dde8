/**
 * The skill loader's public face: find skill folders, load one into a validated SkillIR, hash a
 * skill's sources without parsing it, and resolve a client-supplied path to a servable file.
 * Everything else in this folder is private to it.
 */
export { discoverSkills, Discovery } from "./discover.js";
export { loadSkill, LoadResult, type LoadOptions } from "./load.js";
export { computeSourceHash } from "./source-hash.js";
export { resolveSkillPath, ResolvedPath } from "./safe-path.js";
export { Code } from "./codes.js";
export { Limits } from "./limits.js";
export * from "./ir.js";
export * from "./diagnostic.js";
