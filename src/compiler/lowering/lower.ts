import { z } from "zod";
import { findGaps, Gap, type RequirementReport } from "../capability/contract.js";
import type { Manifest } from "../manifest.js";
import { SkillDocument } from "./document.js";
import { applyEdits, Edit } from "./edit.js";
import { guardVariant, GuardVerdict, maxAddedLines } from "./guard.js";
import { profileHash, type LoweringProfile } from "./profile-key.js";
import { transformFor, type TransformContext } from "./transforms/index.js";

export interface LoweringInput {
  skill: string;
  /** `SKILL.md` or `skill.md`: the file evidence names. */
  entry: string;
  /** The base artifact's compiled SKILL.md, skill-dir token and all. */
  base: string;
  report: RequirementReport;
  profile: LoweringProfile;
  manifest: TransformContext["manifest"];
  /** Bundled text files short enough to inline, by path (read at the edge; see SHORT_FILE_BYTES). */
  shortFiles?: Readonly<Record<string, string>>;
}

/** What became of one gap: the transform that served it and how many of its edits made it in. */
export const GapOutcome = Gap.extend({
  transform: z.string().optional(),
  /** `in-base`: the base artifact already lowers it for every model (the paths pass's `run_script` notes). */
  status: z.enum(["lowered", "in-base", "no-transform", "nothing-to-lower", "over-budget"]),
  edits: z.number().int().nonnegative(),
});
export type GapOutcome = z.infer<typeof GapOutcome>;

/** `edits.json` beside a variant: everything `skvm explain` shows, and what freshness is judged by. */
export const VariantRecord = z.object({
  version: z.literal(1),
  skill: z.string(),
  sourceHash: z.string(),
  profile: z.object({ id: z.string(), hash: z.string() }),
  compiler: z.string(),
  gaps: z.array(GapOutcome),
  edits: z.array(Edit),
  guard: GuardVerdict,
});
export type VariantRecord = z.infer<typeof VariantRecord>;

export interface LoweringResult {
  gaps: GapOutcome[];
  edits: Edit[];
  /** The variant's SKILL.md; absent when no gap needed an edit (the base serves the profile). */
  variant?: string;
  guard?: GuardVerdict;
}

/** Bundled text files up to this size may be inlined into a variant. */
export const SHORT_FILE_BYTES = 2048;

/**
 * PASS-1 lowering, a pure function: the gaps of the skill's requirements against the profile,
 * each lowered by its transform (missing primitives first), the notes trimmed to the growth
 * budget from the least urgent, then the guard's verdict on the result.
 */
export function lowerSkill(input: LoweringInput): LoweringResult {
  const gaps = findGaps(input.report, input.profile.capabilities).sort((a, b) => a.have - b.have || b.required - a.required);
  if (gaps.length === 0) return { gaps: [], edits: [] };
  const doc = new SkillDocument(input.base);
  const ctx: TransformContext = { skill: input.skill, entry: input.entry, doc, manifest: input.manifest, shortFiles: input.shortFiles ?? {} };
  const proposed = new Map<string, Edit>();
  const served = new Map<string, string>();
  const inBase = new Set<string>();
  for (const gap of gaps) {
    const transform = transformFor(gap.id);
    if (!transform) continue;
    served.set(gap.id, transform.name);
    for (const edit of transform.apply(ctx, gap)) if (!proposed.has(editKey(edit))) proposed.set(editKey(edit), edit);
    if (transform.inBase?.(ctx, gap)) inBase.add(gap.id);
  }
  // A note after a fence that is never closed would land inside it: such places take none.
  const placeable = [...proposed.values()].filter((e) => e.change.kind !== "insert" || doc.fenceAt(e.line - 1)?.closed !== false);
  const edits = withinBudget(doc, placeable);
  const outcomes = gaps.map((gap): GapOutcome => {
    const transform = served.get(gap.id);
    const made = edits.filter((e) => e.gap === gap.id).length;
    const offered = placeable.filter((e) => e.gap === gap.id).length;
    const status = !transform ? "no-transform" : made > 0 ? "lowered" : offered > 0 ? "over-budget" : inBase.has(gap.id) ? "in-base" : "nothing-to-lower";
    return { ...gap, ...(transform ? { transform } : {}), status, edits: made };
  });
  if (edits.length === 0) return { gaps: outcomes, edits };
  const variant = applyEdits(doc, edits);
  return { gaps: outcomes, edits, variant, guard: guardVariant(input.base, variant, edits) };
}

/**
 * Two transforms serving related gaps (batch and delegation) make the same change once, and a
 * note a transform would repeat word for word at several places is given once, at the first.
 */
const editKey = (e: Edit): string => (e.change.kind === "insert" ? `note\0${e.change.text.trimStart()}` : `${e.line}\0${JSON.stringify(e.change)}`);

/** Drops the last-proposed notes (the least urgent gaps' ones) until the growth rule holds. */
function withinBudget(doc: SkillDocument, edits: Edit[]): Edit[] {
  const max = maxAddedLines(doc.lines.length);
  const kept = [...edits];
  while (addedLines(doc, kept) > max) {
    const last = kept.findLastIndex((e) => e.change.kind === "insert");
    if (last < 0) break;
    kept.splice(last, 1);
  }
  return kept;
}

/** The lines `applyEdits` adds, counted without building the text (see its layout of notes). */
function addedLines(doc: SkillDocument, edits: readonly Edit[]): number {
  let added = 0;
  const anchors = new Set<number>();
  for (const { line, change } of edits) {
    if (change.kind === "insert") {
      added += 1 + change.text.split("\n").length;
      anchors.add(line);
    } else if (change.kind === "rewrite") added += change.to.split("\n").length - (change.endLine - line + 1);
  }
  for (const line of anchors) if ((doc.lines[line] ?? "").trim() !== "") added++;
  return added;
}

/** The record written beside a variant. */
export function variantRecord(input: LoweringInput, result: LoweringResult, sourceHash: string, compiler: string): VariantRecord {
  return {
    version: 1,
    skill: input.skill,
    sourceHash,
    profile: { id: input.profile.id, hash: profileHash(input.profile) },
    compiler,
    gaps: result.gaps,
    edits: result.edits,
    guard: result.guard ?? { ok: true, baseLines: input.base.split("\n").length, addedLines: 0, maxAddedLines: maxAddedLines(input.base.split("\n").length), violations: [] },
  };
}

