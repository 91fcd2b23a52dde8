export { Catalog, openCatalog, describeProblem } from "./catalog.js";
export type { CatalogSkill, CatalogProblem, CatalogOptions, CatalogState } from "./catalog.js";
export { createSkvmServer, DEFAULT_MAX_SKILL_TOOLS } from "./create-server.js";
export type { ServerOptions } from "./create-server.js";
export { serveStdio } from "./stdio.js";
export { skillUri, parseSkillUri } from "./uri.js";
export { SKILLS_EXTENSION } from "./skills-extension.js";
export { Readiness, describeNotReady } from "./readiness.js";
