export { Catalog, openCatalog, describeProblem } from "./catalog.js";
export type { CatalogSkill, CatalogProblem, CatalogOptions, CatalogState } from "./catalog.js";
export { createSkvmServer, DEFAULT_MAX_SKILL_TOOLS } from "./create-server.js";
export type { ServerOptions } from "./create-server.js";
export type { ProfileSettings } from "./session-profile.js";
export { serveStdio } from "./stdio.js";
export { skillUri, parseSkillUri } from "./uri.js";
export { SKILLS_EXTENSION } from "./skills-extension.js";
export { Readiness, type ReadinessOptions } from "./readiness.js";
export { HttpConfigError } from "./http-guards.js";
export { DEFAULT_MAX_SESSIONS } from "./http-sessions.js";
export { JitRuntime, directToolName, TemplateCallError, type CodeOutcome, type RunSettings } from "./jit-runtime.js";
export { jitStatePath, readJitState } from "./jit-state-file.js";
export type { HttpOptions, HttpHandle } from "./http.js";
import type { HttpHandle, HttpOptions } from "./http.js";
import type { Readiness as ReadinessType } from "./readiness.js";

/** Serves over HTTP (see http.ts); express loads only when HTTP is asked for, not for stdio. */
export async function serveHttp(readiness: ReadinessType, opts: HttpOptions): Promise<HttpHandle> {
  const { serveHttp: serve } = await import("./http.js");
  return serve(readiness, opts);
}
