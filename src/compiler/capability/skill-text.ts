import type { CodeBlock, SkillIR } from "../../skill/ir.js";

// The skill as the rules read it: SKILL.md prose split into sentences that remember their source
// lines (Markdown wraps a sentence over several lines, and evidence must name the right one),
// and the fenced code blocks with their SKILL.md line numbers.

export interface SourceLine {
  line: number;
  text: string;
  /** Offset of this line's text inside the sentence. */
  at: number;
}

export interface Sentence {
  text: string;
  /** The lines the sentence spans, in order (1-based SKILL.md lines, frontmatter counted). */
  lines: SourceLine[];
  /** Heading of the enclosing section ("" before the first heading). */
  section: string;
  /** A heading line, a list item or a table row: where short phrases stand alone. */
  kind: "heading" | "item" | "row" | "text";
}

export interface SkillText {
  ir: SkillIR;
  /** Path of the entry file relative to the skill folder: evidence's `file`. */
  entry: string;
  sentences: Sentence[];
  blocks: CodeBlock[];
  /** Bundled file paths, relative, posix. */
  bundled: ReadonlySet<string>;
}

const HEADING = /^#{1,6}\s+/;
const LIST_ITEM = /^(?:[-*+]|\d+[.)])\s+/;
const TABLE_ROW = /^\|/;
const FENCE = /^(`{3,}|~{3,})/;

/** Builds the view once per skill; every rule reads the same sentences and blocks. */
export function skillText(ir: SkillIR): SkillText {
  return {
    ir,
    entry: ir.entry,
    sentences: sentencesOf(ir),
    blocks: ir.codeBlocks,
    bundled: new Set(ir.files.map((f) => f.path)),
  };
}

interface Paragraph {
  kind: Sentence["kind"];
  lines: { line: number; text: string }[];
  section: string;
}

function sentencesOf(ir: SkillIR): Sentence[] {
  const inCode = codeLines(ir.codeBlocks);
  const paragraphs: Paragraph[] = [];
  let open: Paragraph | undefined;
  let fence: string | undefined;
  let section = "";
  ir.body.split("\n").forEach((raw, i) => {
    const line = ir.bodyStartLine + i;
    const text = raw.replace(/^\s*(?:>\s*)*/, "").trimEnd();
    // Fences the parser did not report (inside a list it still does): skip by marker as well.
    const marker = FENCE.exec(text)?.[1];
    if (fence !== undefined) {
      if (marker !== undefined && marker.startsWith(fence)) fence = undefined;
      return;
    }
    if (marker !== undefined && !inCode.has(line)) {
      fence = marker;
      open = undefined;
      return;
    }
    if (inCode.has(line) || text === "") {
      open = undefined;
      return;
    }
    if (HEADING.test(text)) {
      section = text.replace(HEADING, "").trim();
      paragraphs.push({ kind: "heading", lines: [{ line, text: text.replace(HEADING, "") }], section });
      open = undefined;
      return;
    }
    const kind = TABLE_ROW.test(text) ? "row" : LIST_ITEM.test(text) ? "item" : undefined;
    if (kind !== undefined || open === undefined || open.kind === "row") {
      open = { kind: kind ?? "text", lines: [], section };
      paragraphs.push(open);
    }
    open.lines.push({ line, text: kind === "item" ? text.replace(LIST_ITEM, "") : text.trim() });
  });
  return paragraphs.flatMap(splitSentences);
}

/** Lines inside fenced blocks, fences included. */
function codeLines(blocks: readonly CodeBlock[]): Set<number> {
  const lines = new Set<number>();
  for (const b of blocks) for (let l = b.startLine; l <= b.endLine; l++) lines.add(l);
  return lines;
}

// A sentence ends at . ! ? followed by space and a capital, a quote or Markdown emphasis.
const SENTENCE_END = /[.!?]\s+(?=[A-Z"'`*_(\[])/g;

function splitSentences(p: Paragraph): Sentence[] {
  const lines: SourceLine[] = [];
  let text = "";
  for (const l of p.lines) {
    if (text !== "") text += " ";
    lines.push({ line: l.line, text: l.text, at: text.length });
    text += l.text;
  }
  const sentences: Sentence[] = [];
  let from = 0;
  const cut = (to: number) => {
    const part = text.slice(from, to);
    const start = from + (part.length - part.trimStart().length);
    if (part.trim() !== "") sentences.push({ text: part.trim(), lines: linesIn(lines, start, to), section: p.section, kind: p.kind });
    from = to;
  };
  for (const m of text.matchAll(SENTENCE_END)) cut((m.index ?? 0) + 1);
  cut(text.length);
  return sentences;
}

/** The lines a slice [start, end) of the paragraph text touches, offsets made relative to the slice. */
function linesIn(lines: readonly SourceLine[], start: number, end: number): SourceLine[] {
  return lines
    .filter((l, i) => l.at < end && (lines[i + 1]?.at ?? Infinity) > start)
    .map((l) => ({ ...l, at: l.at - start }));
}

/** The source line holding offset `at` of a sentence. */
export function lineAt(sentence: Sentence, at: number): SourceLine {
  let found = sentence.lines[0] as SourceLine;
  for (const l of sentence.lines) if (l.at <= at) found = l;
  return found;
}
