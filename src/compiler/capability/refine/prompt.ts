import { PRIMITIVE_IDS } from "../../../profile/catalogue.js";
import type { SkillIR } from "../../../skill/ir.js";
import type { RequirementReport } from "../contract.js";

// What the provider is shown: the skill's files with line numbers (so every claim can cite a
// line that is checked afterwards), the deterministic result, and the answer format.

/** Bumped when the prompt or the answer format changes: cached answers of older prompts are not reused. */
export const PROMPT_VERSION = 1;

/** Bundled sources shown beside SKILL.md are capped so one big script cannot crowd out the rest. */
const MAX_SOURCE_CHARS = 8_000;
const MAX_TOTAL_CHARS = 48_000;

/** The skill's text files by path, as line arrays (line 1 at index 0): what claims are checked against. */
export function skillLines(ir: SkillIR): Map<string, string[]> {
  const entry = [...Array(ir.bodyStartLine - 1).fill(""), ...ir.body.split("\n")];
  const files = new Map<string, string[]>([[ir.entry, entry]]);
  for (const [path, text] of Object.entries(ir.sources)) files.set(path, text.split("\n"));
  return files;
}

function numbered(path: string, lines: readonly string[], from: number, budget: number): string {
  const out: string[] = [];
  let used = 0;
  for (let i = from; i < lines.length && used < budget; i++) {
    const row = `${i + 1}: ${lines[i]}`;
    used += row.length + 1;
    out.push(row);
  }
  return `=== ${path} ===\n${out.join("\n")}`;
}

export function refinePrompt(ir: SkillIR, report: RequirementReport): { system: string; user: string } {
  const files = skillLines(ir);
  const parts = [numbered(ir.entry, files.get(ir.entry) ?? [], ir.bodyStartLine - 1, MAX_TOTAL_CHARS)];
  let total = parts[0]?.length ?? 0;
  for (const [path, lines] of files) {
    if (path === ir.entry || total >= MAX_TOTAL_CHARS) continue;
    const part = numbered(path, lines, 0, Math.min(MAX_SOURCE_CHARS, MAX_TOTAL_CHARS - total));
    total += part.length;
    parts.push(part);
  }
  const found = report.requirements.map((r) => `- ${r.id} L${r.level} (${r.evidence.map((e) => `${e.file}:${e.line}`).join(", ")})`).join("\n") || "- (none)";
  const system = [
    "You review what an agent skill demands of the model that runs it, as primitive capabilities at levels 1-3.",
    `Primitive ids: ${PRIMITIVE_IDS.join(", ")}.`,
    "Add requirements the list below misses and adjust levels it got wrong. Every claim must cite the file and line that shows it and quote that line's text exactly; claims without such evidence are discarded.",
    'Answer with one JSON object and nothing else: {"claims":[{"id":"gen.regex","level":2,"file":"SKILL.md","line":12,"text":"the quoted line text","why":"one short sentence"}]}. Answer {"claims":[]} when the list is right.',
  ].join("\n");
  const user = `Requirements found by rules:\n${found}\n\nThe skill's files, with line numbers:\n\n${parts.join("\n\n")}`;
  return { system, user };
}
