// The public face of src/jit: schemas, the template index, parameters and solidification state.
// The parsing and matching engine is the other half (engine.ts), loaded on first use.
export { JitLang, jitLang, Template, TemplateParam, ParamValue, MatchResult, ScriptArgs } from "./schema.js";
export { argparseArgs, documentedArgs } from "./script-args.js";
export { TemplateIndex, type IndexedTemplate } from "./template-index.js";
export { coerceParam, checkParams, optionLike, TemplateCallError } from "./params.js";
export { programArgs } from "./program-args.js";
export { Solidifier, SolidifyState, TemplateStats, DEFAULT_POLICY, emptyStats, templateKey, type SolidifyPolicy, type Transition } from "./solidify.js";

import { log } from "../log.js";

export type JitEngine = typeof import("./engine.js");
let engine: Promise<JitEngine> | undefined;
/** The parsing and matching half of the JIT, imported once. */
export function loadJitEngine(): Promise<JitEngine> {
  if (!engine) log.debug("loading the JIT engine (matcher, tree-sitter, tokenizer)");
  return (engine ??= import("./engine.js"));
}
