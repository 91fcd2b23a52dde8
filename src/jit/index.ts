// The public face of src/jit: normalization, fingerprints, templates, matching, solidification.
export { JitLang, jitLang, Template, TemplateParam, ParamValue, MatchResult } from "./schema.js";
export { buildTemplate, TEMPLATES_DIR, type TemplateSource, type BuiltTemplate } from "./build.js";
export { TemplateIndex, type IndexedTemplate } from "./template-index.js";
export { matchCode, matchNormalized, NEAR_THRESHOLD, type MatchRequest } from "./matcher.js";
export { normalize, type Normalized } from "./normalize/index.js";
export { programArgs, resolveBundledPaths } from "./program.js";
export { coerceParam } from "./params.js";
export { loadTokenCounter, TOKENIZER_NAME, type TokenCounter } from "./tokenizer.js";
export { Solidifier, SolidifyState, TemplateStats, DEFAULT_POLICY, emptyStats, templateKey, type SolidifyPolicy, type Transition } from "./solidify.js";
