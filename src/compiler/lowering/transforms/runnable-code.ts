import type { Gap } from "../../capability/contract.js";
import type { Edit } from "../edit.js";
import { locateEvidence, noteAfter, toolCall, type Located, type Transform, type TransformContext } from "./transform.js";

const NAME = "runnable-code";

/** Per gen.code language: the run_code language, the extensions of bundled scripts in it, and fence tags. */
const LANGUAGES: Readonly<Record<string, { runAs?: string; extensions: readonly string[]; fences: readonly string[] }>> = {
  python: { runAs: "python", extensions: [".py"], fences: ["python", "py", "python3"] },
  javascript: { runAs: "javascript", extensions: [".js", ".mjs", ".cjs"], fences: ["javascript", "js", "node", "mjs"] },
  shell: { runAs: "bash", extensions: [".sh", ".bash"], fences: ["bash", "sh", "shell", "zsh"] },
  sql: { extensions: [".sql"], fences: ["sql", "sqlite"] },
  html: { extensions: [".html", ".htm"], fences: ["html"] },
};

/**
 * gen.code.*: code the model would have to write is replaced by what already exists, in order:
 * a bundled script in that language (`run_script`), the skill's own complete example (run it
 * through `run_code`, where the JIT matches it to its template and later offers a direct tool),
 * or, with neither, the demand for one complete program run and checked through `run_code`.
 */
export const runnableCode: Transform = {
  name: NAME,
  serves: (primitive) => primitive.startsWith("gen.code."),
  apply(ctx, gap) {
    const language = LANGUAGES[gap.id.slice("gen.code.".length)];
    if (!language) return [];
    return locateEvidence(ctx, gap).map((at) => lowerAsk(ctx, gap, at, language));
  },
};

function lowerAsk(ctx: TransformContext, gap: Gap, at: Located, language: (typeof LANGUAGES)[string]): Edit {
  const script = ctx.manifest.files.find((f) => f.kind === "script" && language.extensions.some((ext) => f.path.endsWith(ext)));
  if (script) {
    return noteAfter(ctx, NAME, gap, at, `this skill ships \`${script.path}\`: run it with ${toolCall("run_script", { skill: ctx.skill, script: script.path, args: ["..."] })} instead of writing new code; only write code for what it does not do.`);
  }
  const fence = ctx.doc.fenceAt(at.index) ?? exampleNear(ctx, at.index, language.fences);
  const run = language.runAs ? toolCall("run_code", { skill: ctx.skill, language: language.runAs, code: "<the whole program>" }) : undefined;
  if (fence && run) {
    return noteAfter(ctx, NAME, gap, { evidence: at.evidence, index: fence.open }, `the example at line ${fence.open + 1} is a complete program: copy it whole, change only its inputs, and run it with ${run}; the server recognizes it and may offer a direct tool for it.`);
  }
  if (run) {
    return noteAfter(ctx, NAME, gap, at, `write one complete program (imports, a main entry point, no placeholders or \`...\`), run it with ${run}, and fix what the error says until it exits 0 before going on.`);
  }
  return noteAfter(ctx, NAME, gap, at, `write the complete ${gap.id.slice("gen.code.".length).toUpperCase()} text in one piece (no placeholders), then check it by running it through \`run_code\` (python: \`sqlite3\` for SQL, \`html.parser\` for HTML) before using it.`);
}

/** A fenced example in the language within the next few lines of the ask (the example it refers to). */
function exampleNear(ctx: TransformContext, index: number, fences: readonly string[]) {
  return ctx.doc.fences.find((f) => f.open > index && f.open <= index + 8 && fences.includes(f.lang));
}
