// The heavy half of src/jit's public face: tree-sitter normalization, template building,
// matching and program rendering. Loaded on first use (`loadJitEngine`), so a server that never
// sees run_code, and a compile with nothing stale, never pay for the parsers.
export { buildTemplate, TEMPLATES_DIR, type TemplateSource, type BuiltTemplate } from "./build.js";
export { matchCode, matchNormalized, type MatchRequest } from "./matcher.js";
export { normalize, type Normalized } from "./normalize/index.js";
export { resolveBundledPaths } from "./program.js";
export { loadTokenCounter, type TokenCounter } from "./tokenizer.js";
export { loadParsers } from "../syntax/index.js";
