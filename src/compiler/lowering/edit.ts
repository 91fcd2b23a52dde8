import { z } from "zod";
import { PrimitiveId } from "../../profile/catalogue.js";
import { Evidence } from "../capability/contract.js";
import type { SkillDocument } from "./document.js";

/**
 * One recorded change of a variant against the base: which transform made it, for which gap, on
 * which evidence, and what it did. Lines are 1-based in the base compiled SKILL.md.
 */
export const Edit = z.object({
  transform: z.string(),
  gap: PrimitiveId,
  evidence: z.array(Evidence).min(1),
  line: z.number().int().positive(),
  change: z.discriminatedUnion("kind", [
    /** A note (Markdown lines) inserted after `line`. */
    z.object({ kind: z.literal("insert"), text: z.string().min(1) }),
    /** A phrase of prose on `line` replaced. */
    z.object({ kind: z.literal("replace"), from: z.string().min(1), to: z.string() }),
    /** Lines `line`..`endLine` rewritten whole (a provider's rewrite of a section). */
    z.object({ kind: z.literal("rewrite"), endLine: z.number().int().positive(), from: z.string(), to: z.string() }),
  ]),
});
export type Edit = z.infer<typeof Edit>;

/**
 * Applies edits to the base: replacements on their line (in order), rewrites of line ranges, and
 * inserted notes after their line, each set off by blank lines so it stays its own block. An edit
 * whose text is no longer there is an error: edits are computed on the base, never guessed.
 */
export function applyEdits(doc: SkillDocument, edits: readonly Edit[]): string {
  const lines = [...doc.lines];
  const inserts = new Map<number, string[]>();
  const rewritten = new Map<number, { end: number; text: string }>();
  for (const edit of edits) {
    const at = edit.line - 1;
    const { change } = edit;
    if (change.kind === "insert") inserts.set(at, [...(inserts.get(at) ?? []), change.text]);
    else if (change.kind === "rewrite") rewritten.set(at, { end: change.endLine - 1, text: change.to });
    else {
      const line = lines[at];
      if (line === undefined || !line.includes(change.from)) throw new Error(`edit of line ${edit.line} by "${edit.transform}": "${change.from}" is not on that line`);
      lines[at] = line.replace(change.from, change.to);
    }
  }
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const rewrite = rewritten.get(i);
    if (rewrite) {
      out.push(...rewrite.text.split("\n"));
      i = rewrite.end;
    } else out.push(lines[i]!);
    const notes = inserts.get(i);
    if (!notes) continue;
    for (const note of notes) out.push("", ...note.split("\n"));
    if ((lines[i + 1] ?? "").trim() !== "") out.push("");
  }
  return out.join("\n");
}
