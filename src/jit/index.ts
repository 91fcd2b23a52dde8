// The public face of src/jit: schemas, the template index, parameters and solidification state.
// The parsing and matching engine is the other half (engine.ts), loaded on first use.
export { JitLang, jitLang, Template, TemplateParam, ParamValue, MatchResult } from "./schema.js";
export { TemplateIndex, type IndexedTemplate } from "./template-index.js";
export { coerceParam, checkParams, TemplateParamError } from "./params.js";
export { Solidifier, SolidifyState, TemplateStats, DEFAULT_POLICY, emptyStats, templateKey, type SolidifyPolicy, type Transition } from "./solidify.js";

export type JitEngine = typeof import("./engine.js");
let engine: Promise<JitEngine> | undefined;
/** The parsing and matching half of the JIT, imported once. */
export const loadJitEngine = (): Promise<JitEngine> => (engine ??= import("./engine.js"));
