import { z } from "zod";
import { levelNumber, PrimitiveId, type LevelOrZero } from "../../profile/catalogue.js";

// PASS-1's data contract: what a skill demands of the model (requirement analysis), and where a
// profile falls short of it (gaps). The analysis writes a RequirementReport beside the artifact;
// lowering reads it back, so the two halves meet in a file, not in memory.

/** The sidecar file in `compiled/<name>/` holding the requirements with their evidence. */
export const CAPABILITIES_FILE = "capabilities.json";

/** One place in the skill that shows a demand: `SKILL.md:40` or `scripts/x.py:3`. */
export const Evidence = z.object({
  /** Path relative to the skill folder, posix separators. */
  file: z.string().min(1),
  line: z.number().int().positive(),
  /** The line (or a short excerpt of it) as written. */
  text: z.string(),
  /** Why this line demands the primitive at this level, in one short sentence. */
  why: z.string().min(1),
});
export type Evidence = z.infer<typeof Evidence>;

/** A primitive the skill demands, at the minimum level it needs, with every piece of evidence. */
export const Requirement = z.object({
  id: PrimitiveId,
  level: z.number().int().min(1).max(3),
  evidence: z.array(Evidence).min(1),
  /** `rules` for the deterministic analysis; `provider` when a model refined it (evidence still required). */
  source: z.enum(["rules", "provider"]),
});
export type Requirement = z.infer<typeof Requirement>;

export const RequirementReport = z.object({
  version: z.literal(1),
  /** The skill's source hash the report was computed from (freshness). */
  sourceHash: z.string(),
  requirements: z.array(Requirement),
  /** `provider/model` when a provider refined the deterministic result. */
  refinedBy: z.string().optional(),
});
export type RequirementReport = z.infer<typeof RequirementReport>;

/** A requirement the profile does not reach: `missing` when the profile has L0, else `weak`. */
export const Gap = z.object({
  id: PrimitiveId,
  required: z.number().int().min(1).max(3),
  have: z.number().int().min(0).max(3),
  kind: z.enum(["missing", "weak"]),
  evidence: z.array(Evidence).min(1),
});
export type Gap = z.infer<typeof Gap>;

/** `manifest.capabilities.required`: the contract field, `{id: level}`. */
export const requiredLevels = (report: RequirementReport): Record<string, number> =>
  Object.fromEntries(report.requirements.map((r) => [r.id, r.level]));

/**
 * Each requirement the profile's level does not reach. A primitive the profile does not list
 * (a partial profile) counts as unmeasured, not as missing: it yields no gap, so an incomplete
 * profile never triggers rewrites on guesses.
 */
export function findGaps(report: RequirementReport, capabilities: Readonly<Record<string, LevelOrZero>>): Gap[] {
  const gaps: Gap[] = [];
  for (const req of report.requirements) {
    const level = capabilities[req.id];
    if (level === undefined) continue;
    const have = levelNumber(level);
    if (have >= req.level) continue;
    gaps.push({ id: req.id, required: req.level, have, kind: have === 0 ? "missing" : "weak", evidence: req.evidence });
  }
  return gaps;
}
