import type { ListItem, Nodes, RootContent } from "mdast";
import type { Step } from "./ir.js";
import type { OutlineCtx } from "./markdown.js";
import { headingText, proseText } from "./md-text.js";

// Applied to a heading's text, never to Markdown source.
const STEP_WORD = /^step\s*(\d+)\b\s*(?:[:.)\-\u2013\u2014]\s*)?(.*)$/i;
const NUMBERED = /^(\d+)[.)]\s+(.+)$/;

/**
 * Steps a skill spells out, in document order: items of ordered lists (a list nested inside an
 * item belongs to that item's text), and headings that number themselves (`## Step 2: Convert`,
 * `### 3. Assemble`), each spanning its content up to the next heading of the same or higher level.
 */
export function findSteps(ctx: OutlineCtx): Step[] {
  return [...listSteps(ctx), ...headingSteps(ctx)].sort((a, b) => a.startLine - b.startLine);
}

function listSteps(ctx: OutlineCtx): Step[] {
  const steps: Step[] = [];
  const visit = (node: Nodes, inItem: boolean): void => {
    if (node.type === "list" && node.ordered === true && !inItem) {
      // Numbered as rendered: `1. 1. 1.` is 1, 2, 3, and `3.` starts at 3.
      const first = node.start ?? 1;
      node.children.forEach((item, i) => steps.push(itemStep(item, first + i, ctx)));
    }
    if ("children" in node) for (const child of node.children as Nodes[]) visit(child, inItem || node.type === "listItem");
  };
  visit(ctx.tree, false);
  return steps;
}

function itemStep(item: ListItem, number: number, ctx: OutlineCtx): Step {
  const startLine = ctx.line(item.position?.start.line ?? 1);
  return {
    number,
    text: proseText(item),
    startLine,
    endLine: ctx.line(item.position?.end.line ?? 1),
    section: ctx.sectionAt(startLine),
    codeBlockIds: codeIds([item], ctx),
  };
}

function headingSteps(ctx: OutlineCtx): Step[] {
  const kids = ctx.tree.children;
  const steps: Step[] = [];
  // Latest heading text seen at each depth (1-6), to name a step's parent section in one pass.
  const latest: string[] = [];
  kids.forEach((node, i) => {
    if (node.type !== "heading") return;
    const title = headingText(node);
    const parent = latest.slice(1, node.depth).findLast((t) => t !== undefined) ?? "";
    latest[node.depth] = title;
    latest.length = node.depth + 1;
    const match = stepHeading(title);
    if (match === undefined) return;
    const span = spanOf(kids, i, node.depth);
    const text = [match.title, ...span.map(proseText)].filter((t) => t !== "").join("\n");
    steps.push({
      number: match.number,
      text,
      startLine: ctx.line(node.position?.start.line ?? 1),
      endLine: ctx.line((span.at(-1) ?? node).position?.end.line ?? 1),
      section: parent,
      codeBlockIds: codeIds(span, ctx),
    });
  });
  return steps;
}

export function stepHeading(text: string): { number: number; title: string } | undefined {
  const m = STEP_WORD.exec(text) ?? NUMBERED.exec(text);
  if (!m) return undefined;
  return { number: Number(m[1]), title: (m[2] ?? "").trim() };
}

/** The siblings after heading `i` up to the next heading of the same or a higher level. */
function spanOf(kids: RootContent[], i: number, depth: number): RootContent[] {
  let end = i + 1;
  while (end < kids.length) {
    const next = kids[end];
    if (next?.type === "heading" && next.depth <= depth) break;
    end++;
  }
  return kids.slice(i + 1, end);
}

function codeIds(nodes: Nodes[], ctx: OutlineCtx): string[] {
  const ids: string[] = [];
  const visit = (node: Nodes): void => {
    const id = node.type === "code" ? ctx.idOf.get(node) : undefined;
    if (id !== undefined) ids.push(id);
    if ("children" in node) for (const child of node.children as Nodes[]) visit(child);
  };
  nodes.forEach(visit);
  return ids;
}
