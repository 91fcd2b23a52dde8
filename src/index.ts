// The library face of skvm-mcp: compile skills (with your own passes), open a catalog, serve it.
export { compileSkills, defaultPassManager, PassManager, PassRegistrationError, Manifest, parseManifest } from "./compiler/index.js";
export type {
  CompileOptions,
  CompileOutput,
  CompileReport,
  CompileUnit,
  CompilerPass,
  PassContext,
  PassPlacement,
  PassResult,
  SkillCompileResult,
} from "./compiler/index.js";
export { EnvChecker } from "./env/index.js";
export { Catalog, createSkvmServer, JitRuntime, jitStatePath, openCatalog, Readiness, serveStdio, SKILLS_EXTENSION } from "./server/index.js";
export { TemplateIndex, Template, MatchResult, loadJitEngine } from "./jit/index.js";
export { discoverSkills, loadSkill } from "./skill/index.js";
export type { SkillIR } from "./skill/ir.js";
export type { Diagnostic } from "./skill/diagnostic.js";
export { VERSION } from "./version.js";
