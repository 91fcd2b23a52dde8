import { z } from "zod";
import { findFences } from "./document.js";
import { Edit } from "./edit.js";

/** A rule the variant broke, in words a user can act on. */
export const GuardViolation = z.object({
  rule: z.enum(["code-block", "frontmatter", "growth", "unrecorded-edit"]),
  message: z.string(),
});
export type GuardViolation = z.infer<typeof GuardViolation>;

export const GuardVerdict = z.object({
  ok: z.boolean(),
  baseLines: z.number().int().nonnegative(),
  addedLines: z.number().int(),
  maxAddedLines: z.number().int().nonnegative(),
  violations: z.array(GuardViolation),
});
export type GuardVerdict = z.infer<typeof GuardVerdict>;

/**
 * How many lines a variant may add (SkVM's rule): twice the original under 100 lines, as many
 * again up to 200, half as many above. A short skill has room for notes; a long one is not bloated.
 */
export function maxAddedLines(baseLines: number): number {
  if (baseLines < 100) return baseLines * 2;
  if (baseLines <= 200) return baseLines;
  return Math.floor(baseLines / 2);
}

/**
 * Checks a variant against its base before it may be written: every fenced code block of the
 * base present byte for byte and in order, the frontmatter unchanged, growth within bounds, and
 * every edit recorded with its gap and evidence (a change with none recorded is refused).
 */
export function guardVariant(base: string, variant: string, edits: readonly Edit[]): GuardVerdict {
  const baseLines = base.split("\n");
  const variantLines = variant.split("\n");
  const violations: GuardViolation[] = [];
  const front = (lines: readonly string[]) => lines.slice(0, frontmatterLength(lines)).join("\n");
  if (front(baseLines) !== front(variantLines)) violations.push({ rule: "frontmatter", message: "the frontmatter differs from the base" });
  violations.push(...codeBlockViolations(baseLines, variantLines));
  const addedLines = variantLines.length - baseLines.length;
  const max = maxAddedLines(baseLines.length);
  if (addedLines > max) violations.push({ rule: "growth", message: `adds ${addedLines} lines to ${baseLines.length}; at most ${max} may be added` });
  if (variant !== base && edits.length === 0) violations.push({ rule: "unrecorded-edit", message: "the variant differs from the base but records no edit" });
  for (const edit of edits) {
    const parsed = Edit.safeParse(edit);
    if (!parsed.success) violations.push({ rule: "unrecorded-edit", message: `an edit of line ${edit.line} lacks its gap or evidence: ${parsed.error.issues[0]?.message ?? "invalid"}` });
  }
  return { ok: violations.length === 0, baseLines: baseLines.length, addedLines, maxAddedLines: max, violations };
}

function frontmatterLength(lines: readonly string[]): number {
  if (lines[0]?.trimEnd() !== "---") return 0;
  const close = lines.findIndex((l, i) => i > 0 && l.trimEnd() === "---");
  return close < 0 ? 0 : close + 1;
}

/** Each base block must appear, byte for byte, in the variant's blocks in the same order (new blocks may sit between). */
function codeBlockViolations(baseLines: readonly string[], variantLines: readonly string[]): GuardViolation[] {
  const blocks = (lines: readonly string[]) => findFences(lines, frontmatterLength(lines)).map((f) => lines.slice(f.open, f.close + 1).join("\n"));
  const theirs = blocks(variantLines);
  let at = 0;
  const violations: GuardViolation[] = [];
  for (const [i, block] of blocks(baseLines).entries()) {
    const found = theirs.indexOf(block, at);
    if (found < 0) {
      violations.push({ rule: "code-block", message: `code block ${i + 1} ("${block.split("\n")[0]}") is changed or missing in the variant` });
      continue;
    }
    at = found + 1;
  }
  return violations;
}
