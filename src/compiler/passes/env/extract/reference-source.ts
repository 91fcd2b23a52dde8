import type { SkillIR } from "../../../../skill/ir.js";
import type { CodeScanOptions } from "./code-scan.js";
import { blockFindings } from "./markdown-source.js";
import type { RequirementSet } from "./requirement-set.js";

const OPENING_FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)/;

/**
 * Bundled Markdown files SKILL.md tells the model to read (it names their path, or their file
 * name: "see forms.md", "[API](references/api.md)"): what their code blocks need is listed too.
 * Optional, every one: a reference serves some tasks (OCR, forms), so a program it names is
 * reported but never makes the skill unready.
 */
export function fromReferences(ir: SkillIR, opts: CodeScanOptions, set: RequirementSet): void {
  for (const path of Object.keys(ir.sources).sort()) {
    if (!/\.(md|markdown)$/i.test(path) || !isReferenced(ir.body, path)) continue;
    for (const block of fencedBlocks(ir.sources[path] ?? "")) {
      const scanned = blockFindings(block.lang, block.code, opts);
      if (scanned === undefined) continue;
      set.addAll(scanned.findings, { origin: (row) => `${path}:${block.firstLine + row}`, optional: () => true });
    }
  }
}

function isReferenced(body: string, path: string): boolean {
  const name = path.slice(path.lastIndexOf("/") + 1);
  return body.includes(path) || new RegExp(`(^|[\\s(\\[/\`'"])${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`, "m").test(body);
}

/** Fenced code blocks of a Markdown text (CommonMark fences: a closing fence as long, of the same character). */
export function fencedBlocks(text: string): { lang: string; code: string; firstLine: number }[] {
  const blocks: { lang: string; code: string; firstLine: number }[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const open = OPENING_FENCE.exec(lines[i] ?? "");
    if (open === null) continue;
    const fence = open[1] ?? "```";
    const start = i + 1;
    let end = start;
    while (end < lines.length && !isClosing(lines[end] ?? "", fence)) end++;
    blocks.push({ lang: open[2] ?? "", code: lines.slice(start, end).join("\n"), firstLine: start + 1 });
    i = end;
  }
  return blocks;
}

const isClosing = (line: string, fence: string): boolean => {
  const m = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
  return m !== null && m[1]?.[0] === fence[0] && (m[1]?.length ?? 0) >= fence.length;
};
