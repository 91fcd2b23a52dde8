import type { SkillIR } from "../../../skill/ir.js";
import { argparseArgs, documentedArgs, jitLang, type ScriptArgs } from "../../../jit/index.js";
import type { TemplateSource } from "../../../jit/engine.js";
import { FOREIGN_SKILL_DIR_PLACEHOLDERS, SKILL_DIR_TOKEN } from "../../skill-dir-token.js";
import { commandLines, parseInvocation } from "../paths/invocation.js";

/** `{baseDir}/scripts/x.py` and friends read as the skill's own script. */
const withToken = (line: string): string => FOREIGN_SKILL_DIR_PLACEHOLDERS.reduce((text, p) => text.replaceAll(p, SKILL_DIR_TOKEN), line);

const slug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/^(template|example|step \d+|recipe)\s*[:.-]\s*/, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "") || "snippet";

/**
 * What the skill documents as code to run: every fenced python/shell/javascript block, except
 * that a shell block made only of runs of bundled scripts gives one template per run (a model
 * runs one of them, never the whole block).
 */
export function templateSources(ir: SkillIR): TemplateSource[] {
  const bundled = new Set(ir.files.map((f) => f.path));
  const isBundled = (p: string) => (bundled.has(p) ? p : undefined);
  const taken = new Set<string>();
  const unique = (base: string): string => {
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    taken.add(id);
    return id;
  };
  const out: TemplateSource[] = [];
  for (const block of ir.codeBlocks) {
    const lang = jitLang(block.lang);
    if (!lang || block.code.trim() === "") continue;
    const lines = lang === "bash" ? commandLines(block.code).filter((l) => l.text.trim() !== "" && !l.text.trim().startsWith("#")) : [];
    const runs = lines.map((l) => ({ line: l, run: parseInvocation(withToken(l.text), isBundled) }));
    if (runs.length > 0 && runs.every((r) => r.run)) {
      for (const { line, run } of runs) {
        const at = block.startLine + 1 + block.code.slice(0, line.offset).split("\n").length - 1;
        const stem = run!.script.replace(/^.*\//, "").replace(/\.[^.]+$/, "");
        out.push({ id: unique(slug(stem)), lang, kind: "script", title: `run ${run!.script}`, code: line.text.trim(), origin: `SKILL.md:L${at}` });
      }
      continue;
    }
    out.push({ id: unique(slug(block.section)), lang, kind: "code-block", title: block.section.replace(/^(template|example|recipe)\s*:\s*/i, "") || "snippet", code: block.code, origin: `SKILL.md:L${block.startLine}-L${block.endLine}` });
  }
  return out;
}

/**
 * How each bundled script takes its arguments: from its argparse declarations (names and
 * lists), else from the documented runs (different numbers of positional arguments: a list).
 */
export function scriptArgsOf(ir: SkillIR, sources: readonly TemplateSource[]): Record<string, ScriptArgs> {
  const bundled = new Set(ir.files.map((f) => f.path));
  const runs = new Map<string, string[][]>();
  for (const source of sources) {
    const run = source.kind === "script" ? parseInvocation(withToken(source.code), (p) => (bundled.has(p) ? p : undefined)) : undefined;
    if (run) runs.set(run.script, [...(runs.get(run.script) ?? []), run.args]);
  }
  const out: Record<string, ScriptArgs> = {};
  for (const file of ir.files) {
    const text = ir.sources[file.path];
    const declared = text !== undefined && file.path.endsWith(".py") ? argparseArgs(text) : undefined;
    const args = declared ?? documentedArgs(runs.get(file.path) ?? []);
    if (args) out[file.path] = args;
  }
  return out;
}
