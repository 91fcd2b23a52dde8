import type { Evidence } from "../capability/contract.js";
import { SKILL_DIR_TOKEN } from "../skill-dir-token.js";

/** A fenced code block of a SKILL.md: 0-based indexes of its fence lines. */
export interface Fence {
  open: number;
  close: number;
  lang: string;
  /** False for a fence never closed: CommonMark runs it to the end of the document. */
  closed: boolean;
}

const FENCE_OPEN = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)/;

/**
 * A compiled SKILL.md as lines, with what lowering must know to edit it safely: where the
 * frontmatter ends and which lines belong to fenced code (never edited). Line indexes are 0-based.
 */
export class SkillDocument {
  readonly lines: readonly string[];
  /** Index of the first body line (after the closing `---`). */
  readonly bodyStart: number;
  readonly fences: readonly Fence[];
  readonly #fenceOf: (Fence | undefined)[];

  constructor(readonly text: string) {
    this.lines = text.split("\n");
    this.bodyStart = frontmatterEnd(this.lines);
    this.fences = findFences(this.lines, this.bodyStart);
    this.#fenceOf = new Array<Fence | undefined>(this.lines.length);
    for (const fence of this.fences) for (let i = fence.open; i <= fence.close; i++) this.#fenceOf[i] = fence;
  }

  fenceAt(index: number): Fence | undefined {
    return this.#fenceOf[index];
  }

  /** A body line outside any fenced code: the only lines a transform may change. */
  isProse(index: number): boolean {
    return index >= this.bodyStart && index < this.lines.length && !this.#fenceOf[index];
  }

  /** A line of a `> **skvm...**` note the compiler added (the paths pass's or a transform's): not the author's prose. */
  isNote(index: number): boolean {
    let i = index;
    while (i >= this.bodyStart && /^\s*>/.test(this.lines[i] ?? "")) {
      if (/^\s*>\s*\*\*skvm\b/.test(this.lines[i]!)) return true;
      i--;
    }
    return false;
  }

  /**
   * The line of this document an evidence item points at. Evidence names SOURCE lines, and the
   * compiled text adds notes and fills in the skill-dir token, so the line is found by its text,
   * nearest to the source line number.
   */
  locate(evidence: Evidence, entry: string): number | undefined {
    if (evidence.file !== entry && evidence.file !== "SKILL.md") return undefined;
    const want = normalize(evidence.text.replace(/…$/, ""));
    const hint = evidence.line - 1;
    if (!want) return hint >= this.bodyStart && hint < this.lines.length ? hint : undefined;
    let best: number | undefined;
    for (let i = this.bodyStart; i < this.lines.length; i++) {
      if (!normalize(this.lines[i]!).includes(want)) continue;
      // Ties go to the later line: compiled text only grows before a given source line.
      if (best === undefined || Math.abs(i - hint) <= Math.abs(best - hint)) best = i;
    }
    return best;
  }

  /**
   * Where a note about line `index` goes: after the fence that holds it, or after the end of its
   * paragraph or list item, so the note never splits a block.
   */
  blockEnd(index: number): number {
    const fence = this.#fenceOf[index];
    if (fence) return fence.close;
    let end = index;
    while (end + 1 < this.lines.length) {
      const next = this.lines[end + 1]!;
      if (next.trim() === "" || this.#fenceOf[end + 1] || startsBlock(next)) break;
      end++;
    }
    return end;
  }

  /** The first line of the paragraph or list item holding prose line `index`. */
  blockStart(index: number): number {
    let start = index;
    while (start > this.bodyStart && !startsBlock(this.lines[start]!) && this.isProse(start - 1) && this.lines[start - 1]!.trim() !== "") start--;
    return start;
  }

  /** The indentation a note about line `index` takes to stay inside the same list item. */
  indentFor(index: number): string {
    const fence = this.#fenceOf[index];
    const line = this.lines[fence ? fence.open : index] ?? "";
    const item = LIST_ITEM.exec(line);
    if (item) return " ".repeat(item[0].length);
    return /^\s*/.exec(line)?.[0] ?? "";
  }
}

const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)])\s+/;
const startsBlock = (line: string): boolean => LIST_ITEM.test(line) || /^\s*(?:#{1,6}\s|>|\||<)/.test(line);

/** Lines up to the closing `---` of the frontmatter; 0 when the text has none. */
function frontmatterEnd(lines: readonly string[]): number {
  if (lines[0]?.trimEnd() !== "---") return 0;
  for (let i = 1; i < lines.length; i++) if (lines[i]!.trimEnd() === "---") return i + 1;
  return 0;
}

/** Fenced blocks as CommonMark opens and closes them: same character, at least as long, nothing after. */
export function findFences(lines: readonly string[], from = 0): Fence[] {
  const fences: Fence[] = [];
  for (let i = from; i < lines.length; i++) {
    const open = FENCE_OPEN.exec(lines[i]!);
    if (!open) continue;
    const marker = open[2]!;
    if (marker[0] === "`" && lines[i]!.slice(open[0].length).includes("`")) continue;
    const closeRe = new RegExp(`^\\s*${marker[0] === "`" ? "`" : "~"}{${marker.length},}\\s*$`);
    let close = i + 1;
    while (close < lines.length && !closeRe.test(lines[close]!)) close++;
    fences.push({ open: i, close: Math.min(close, lines.length - 1), lang: (open[3] ?? "").toLowerCase(), closed: close < lines.length });
    i = close;
  }
  return fences;
}

/** Text as compared between source and compiled: the skill-dir prefix and spacing do not count. */
function normalize(text: string): string {
  return text
    .replaceAll(`${SKILL_DIR_TOKEN}/`, "")
    .replace(/(^|[\s`"'(])\.\//g, "$1")
    .replace(/\s+/g, " ")
    .trim();
}
