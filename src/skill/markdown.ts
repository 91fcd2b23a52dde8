import type { Code as CodeNode, Nodes, Root } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import type { CodeBlock, CodeSpan, Section, Step } from "./ir.js";
import { headingText } from "./md-text.js";
import { findSteps } from "./steps.js";

export interface Outline {
  sections: Section[];
  codeBlocks: CodeBlock[];
  steps: Step[];
  codeSpans: CodeSpan[];
}

/** What the step finder needs from the outline pass: the tree, line mapping and block ids. */
export interface OutlineCtx {
  tree: Root;
  /** Body line -> SKILL.md line. */
  line(bodyLine: number): number;
  sections: Section[];
  /** The section heading enclosing a SKILL.md line. */
  sectionAt(line: number): string;
  idOf: ReadonlyMap<CodeNode, string>;
}

/**
 * Parses the Markdown body into sections, fenced code blocks and steps. Every line number is a
 * SKILL.md line: `bodyStartLine` is where the body begins in the file.
 */
export function outlineBody(body: string, bodyStartLine: number): Outline {
  const tree = fromMarkdown(body);
  const line = (bodyLine: number): number => bodyLine + bodyStartLine - 1;
  const sections = findSections(tree, line);
  const sectionAt = (at: number): string => sectionBefore(sections, at)?.heading ?? "";

  const codeBlocks: CodeBlock[] = [];
  const idOf = new Map<CodeNode, string>();
  for (const node of fencedCode(tree, body)) {
    const id = `cb${codeBlocks.length + 1}`;
    idOf.set(node, id);
    const startLine = line(node.position?.start.line ?? 1);
    codeBlocks.push({
      id,
      lang: (node.lang ?? "").toLowerCase(),
      meta: node.meta ?? "",
      code: node.value,
      startLine,
      endLine: line(lastLineOf(node)),
      section: sectionAt(startLine),
    });
  }
  const steps = findSteps({ tree, line, sections, sectionAt, idOf });
  return { sections, codeBlocks, steps, codeSpans: codeSpansOf(tree) };
}

/** Every code and inline-code node with its offsets, in document order. */
export function codeSpansOf(tree: Root): CodeSpan[] {
  const spans: CodeSpan[] = [];
  const visit = (node: Nodes): void => {
    const at = node.position;
    if ((node.type === "code" || node.type === "inlineCode") && at?.start.offset !== undefined && at.end.offset !== undefined) {
      const lang = node.type === "code" ? (node.lang ?? "").toLowerCase() : "";
      spans.push({ start: at.start.offset, end: at.end.offset, inline: node.type === "inlineCode", lang, value: node.value, line: at.start.line, column: at.start.column });
    }
    if ("children" in node) for (const child of node.children as Nodes[]) visit(child);
  };
  visit(tree);
  return spans;
}

/** The last section starting at or before `line` (binary search: sections are in line order). */
function sectionBefore(sections: readonly Section[], line: number): Section | undefined {
  let lo = 0;
  let hi = sections.length - 1;
  let found: Section | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = sections[mid];
    if (s !== undefined && s.startLine <= line) {
      found = s;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Flat sections: each top-level heading runs to the line before the next one. */
function findSections(tree: Root, line: (n: number) => number): Section[] {
  const sections: Section[] = [];
  const first = tree.children[0];
  if (first === undefined) return sections;
  const lastLine = line(tree.children.at(-1)?.position?.end.line ?? 1);
  const close = (endLine: number): void => {
    const open = sections.at(-1);
    if (open) open.endLine = Math.max(open.startLine, endLine);
  };
  if (first.type !== "heading") {
    const start = line(first.position?.start.line ?? 1);
    sections.push({ heading: "", depth: 0, startLine: start, endLine: start });
  }
  for (const node of tree.children) {
    if (node.type !== "heading") continue;
    const start = line(node.position?.start.line ?? 1);
    close(start - 1);
    sections.push({ heading: headingText(node), depth: node.depth, startLine: start, endLine: start });
  }
  close(lastLine);
  return sections;
}

/** Fenced code nodes in document order; indented code (no fence) is not a code block here. */
function fencedCode(tree: Root, body: string): CodeNode[] {
  const found: CodeNode[] = [];
  const visit = (node: Nodes): void => {
    if (node.type === "code" && isFenced(node, body)) found.push(node);
    if ("children" in node) for (const child of node.children as Nodes[]) visit(child);
  };
  visit(tree);
  return found;
}

/** An unclosed fence runs to the end of input, past the final newline onto an empty line: not counted. */
function lastLineOf(node: CodeNode): number {
  const start = node.position?.start.line ?? 1;
  const end = node.position?.end ?? { line: start, column: 2 };
  return end.column === 1 && end.line > start ? end.line - 1 : end.line;
}

function isFenced(node: CodeNode, body: string): boolean {
  const offset = node.position?.start.offset;
  if (offset === undefined) return false;
  const opener = body.slice(offset, offset + 3);
  return opener === "```" || opener === "~~~";
}
