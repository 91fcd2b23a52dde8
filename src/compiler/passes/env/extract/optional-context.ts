import type { CodeBlock, SkillIR } from "../../../../skill/ir.js";

/**
 * Words that present a tool as an alternative rather than a need: "(optional)", "alternatively",
 * "or use X", "if available/installed", "fall back to". "Optional arguments" and the like talk
 * about flags, not tools, and do not count.
 */
const OPTIONAL_WORDS =
  /\(optional\)|\boptional(ly)?\b(?!\s+(arguments?|args?|flags?|parameters?|params?|fields?|keys?|values?|options?)\b)|\balternative(ly|s)?\b|\bif (it is |it's )?(available|installed|present)\b|\bor use\b|\b(can|could|may) also use\b|\bfall ?back\b|\bnot required\b/i;

export const soundsOptional = (text: string): boolean => OPTIONAL_WORDS.test(text);

/** The body split once per skill, not once per block. */
const LINES = new WeakMap<SkillIR, readonly string[]>();
function bodyLines(ir: SkillIR): readonly string[] {
  let lines = LINES.get(ir);
  if (lines === undefined) {
    lines = ir.body.split("\n");
    LINES.set(ir, lines);
  }
  return lines;
}

const HEADING = /^\s{0,3}#{1,6}\s/;
const FENCE = /^\s*(```|~~~)/;
const LIST_ITEM = /^\s*([-*+]|\d+[.)])\s/;

/**
 * True when the prose that holds a code block presents it as an alternative: a heading of its
 * section or any section above it, the paragraph right before it, or the list item it sits in.
 */
export function blockIsOptional(ir: SkillIR, block: CodeBlock): boolean {
  const lines = bodyLines(ir);
  const at = block.startLine - ir.bodyStartLine;
  return [...headingsAbove(ir, block.startLine), paragraphBefore(lines, at), listItemLead(ir, block, lines)].some(soundsOptional);
}

/** True when a prose line, or a heading above it, presents what it mentions as an alternative. */
export function proseLineIsOptional(ir: SkillIR, line: number, text: string): boolean {
  return soundsOptional(text) || headingsAbove(ir, line).some(soundsOptional);
}

/** The headings of the section holding `line` and of every section enclosing it. */
function headingsAbove(ir: SkillIR, line: number): string[] {
  const chain: { depth: number; heading: string }[] = [];
  for (const s of ir.sections) {
    if (s.startLine > line) break;
    while (chain.length > 0 && (chain.at(-1)?.depth ?? 0) >= s.depth) chain.pop();
    chain.push(s);
  }
  return chain.map((s) => s.heading);
}

/** The paragraph that ends just above body line `at` (the sentence that introduces a block). */
function paragraphBefore(lines: readonly string[], at: number): string {
  let i = at - 1;
  while (i >= 0 && (lines[i] ?? "").trim() === "") i--;
  const out: string[] = [];
  for (; i >= 0 && out.length < 12; i--) {
    const line = lines[i] ?? "";
    if (line.trim() === "" || FENCE.test(line)) break;
    out.unshift(line);
    if (HEADING.test(line)) break;
  }
  return out.join(" ");
}

/** The first paragraph of the innermost list item holding the block ("3. (Optional) Convert ..."). */
function listItemLead(ir: SkillIR, block: CodeBlock, lines: readonly string[]): string {
  const holders = ir.steps.filter((s) => s.codeBlockIds.includes(block.id));
  const inner = holders.sort((a, b) => a.endLine - a.startLine - (b.endLine - b.startLine))[0];
  if (inner === undefined) return "";
  const first = inner.startLine - ir.bodyStartLine;
  if (!LIST_ITEM.test(lines[first] ?? "")) return "";
  const out: string[] = [];
  for (let i = first; i < lines.length && (lines[i] ?? "").trim() !== "" && !FENCE.test(lines[i] ?? ""); i++) out.push(lines[i] ?? "");
  return out.join(" ");
}

/** True when a line's comment, or the comment lines right above it, call it optional. */
export function lineIsOptional(lines: readonly string[], row: number): boolean {
  const comment = (line: string): string | undefined => /(?:^|\s)(?:#|\/\/)(.*)$/.exec(line)?.[1];
  if (soundsOptional(comment(lines[row] ?? "") ?? "")) return true;
  for (let i = row - 1; i >= 0; i--) {
    const line = (lines[i] ?? "").trim();
    if (!line.startsWith("#") && !line.startsWith("//")) return false;
    if (soundsOptional(line)) return true;
  }
  return false;
}
