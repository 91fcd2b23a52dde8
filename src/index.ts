// The library face of skvm-mcp: compile skills, register passes, serve a catalog.
export * from "./compiler/index.js";
export { createSkvmServer, openCatalog, Catalog, serveStdio, SKILLS_EXTENSION } from "./server/index.js";
export { discoverSkills, loadSkill, computeSourceHash } from "./skill/index.js";
export type { SkillIR } from "./skill/ir.js";
export type { Diagnostic } from "./skill/diagnostic.js";
export { VERSION } from "./version.js";
