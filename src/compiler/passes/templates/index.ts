import type { Diagnostic } from "../../../skill/diagnostic.js";
import type { Parsers } from "../../../syntax/index.js";
import { loadJitEngine, type JitEngine, type Template } from "../../../jit/index.js";
import type { CompilerPass } from "../../pass.js";
import { loadShellParser } from "../paths/invocation.js";
import { scriptArgsOf, templateSources } from "./sources.js";

let parsers: Parsers | undefined;
let countTokens: ((text: string) => number) | undefined;
let engine: JitEngine | undefined;

/**
 * PASS "templates": every piece of code the skill tells a model to write or run becomes a
 * template (canonical program, named parameters, fingerprints), so the runtime can recognize
 * the model's code and, once it keeps coming back, run the template itself.
 */
export const templatesPass: CompilerPass = {
  name: "templates",
  description: "extract code templates with fingerprints and parameters for JIT solidification",
  async setup() {
    // The JIT engine (tree-sitter, the tokenizer) loads only when a skill is actually compiled.
    engine ??= await loadJitEngine();
    await loadShellParser();
    parsers ??= await engine.loadParsers();
    countTokens ??= await engine.loadTokenCounter();
  },
  run(unit) {
    if (!engine || !parsers || !countTokens) throw new Error('pass "templates" ran before its setup() hook');
    const { ir } = unit;
    const sources = templateSources(ir);
    const scriptArgs = scriptArgsOf(ir, sources);
    const context = { bundled: new Set(ir.files.map((f) => f.path)), scripts: scriptArgs };
    const templates: Template[] = [];
    const files: Record<string, string> = {};
    const diagnostics: Diagnostic[] = [];
    const seen = new Set<string>();
    for (const source of sources) {
      const built = engine.buildTemplate(source, parsers, context, countTokens);
      const line = Number(/L(\d+)/.exec(source.origin)?.[1] ?? 1);
      if (!built.ok) {
        diagnostics.push({ code: "TEMPLATE_SKIPPED", severity: "info", message: `${source.lang} code is not a template: ${built.reason}`, file: `${ir.folder}/${ir.entry}`, line });
        continue;
      }
      // The same code written twice is one template.
      if (seen.has(built.template.fingerprint)) continue;
      seen.add(built.template.fingerprint);
      templates.push(built.template);
      files[built.template.file] = built.program;
    }
    return {
      unit: { ir, out: { ...unit.out, files: { ...unit.out.files, ...files }, manifest: { ...unit.out.manifest, templates, scriptArgs } } },
      diagnostics,
    };
  },
};
