import type { Gap } from "../../capability/contract.js";
import type { Edit } from "../edit.js";
import { locateEvidence, noteAfter, type Located, type Transform, type TransformContext } from "./transform.js";

const NAME = "sectioned-output";

/**
 * gen.text.long: a long output is written section by section, one file per section, each
 * checked before the next and joined at the end, so a model that drifts over long text only
 * ever writes one section at a time. The sections the skill names are listed in order.
 */
export const sectionedOutput: Transform = {
  name: NAME,
  serves: (primitive) => primitive === "gen.text.long",
  apply(ctx, gap) {
    return locateEvidence(ctx, gap).map((at) => lowerLongOutput(ctx, gap, at));
  },
};

function lowerLongOutput(ctx: TransformContext, gap: Gap, at: Located): Edit {
  const sections = namedSections(ctx, at.index);
  const files = sections.length
    ? sections.map((s, n) => `\`report/${String(n + 1).padStart(2, "0")}-${slug(s)}.md\``).join(", ")
    : "`report/01-<section>.md`, `report/02-<section>.md`, ...";
  return noteAfter(
    ctx,
    NAME,
    gap,
    at,
    `write this long output section by section, not in one go: first list the sections, then write each to its own file (${files}), one write per section, re-reading the requirements before each; finally join the files in order into the deliverable and check every section is there.`,
  );
}

/** Section names the ask lists: "sections: A, B and C" on the line, or the list items right after it. */
function namedSections(ctx: TransformContext, index: number): string[] {
  const line = ctx.doc.lines[index]!;
  const inline = /sections?\b[^:]*:\s*(.+)$/i.exec(line);
  if (inline) return splitList(inline[1]!);
  const items: string[] = [];
  for (let i = ctx.doc.blockEnd(index) + 1; i < ctx.doc.lines.length && items.length < 20; i++) {
    const text = ctx.doc.lines[i]!;
    if (text.trim() === "" && items.length === 0) continue;
    const item = /^\s*(?:[-*+]|\d+[.)])\s+(.+)$/.exec(text);
    if (!item || !ctx.doc.isProse(i)) break;
    items.push(item[1]!.replace(/[*_`]/g, "").split(/[:.–—-]\s/)[0]!.trim());
  }
  return items.filter(Boolean);
}

function splitList(text: string): string[] {
  return text
    .replace(/[*_`.]/g, "")
    .split(/,\s*(?:and\s+)?|\s+and\s+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0 && s.length <= 60);
}

const slug = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40) || "section";
