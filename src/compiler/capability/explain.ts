import { z } from "zod";
import { levelNumber, PrimitiveId, type LevelOrZero } from "../../profile/catalogue.js";
import { Evidence, findGaps, type RequirementReport } from "./contract.js";

// The analysis half of `skvm explain`: each requirement beside the profile's level for it and
// what that means (met, weak, missing, or not measured by the profile), with its evidence. The
// lowering half adds the transforms applied; the CLI renders both.

export const RequirementStatus = z.enum(["met", "weak", "missing", "unmeasured"]);
export type RequirementStatus = z.infer<typeof RequirementStatus>;

export const RequirementView = z.object({
  id: PrimitiveId,
  required: z.number().int().min(1).max(3),
  /** The profile's level; null when the profile does not list the primitive. */
  have: z.number().int().min(0).max(3).nullable(),
  status: RequirementStatus,
  source: z.enum(["rules", "provider"]),
  evidence: z.array(Evidence),
});
export type RequirementView = z.infer<typeof RequirementView>;

/** Every requirement of the report against a profile's capabilities, in the report's order. */
export function explainRequirements(report: RequirementReport, capabilities: Readonly<Record<string, LevelOrZero>>): RequirementView[] {
  const gaps = new Map(findGaps(report, capabilities).map((g) => [g.id, g.kind]));
  return report.requirements.map((r) => {
    const level = capabilities[r.id];
    const status: RequirementStatus = gaps.get(r.id) ?? (level === undefined ? "unmeasured" : "met");
    return { id: r.id, required: r.level, have: level === undefined ? null : levelNumber(level), status, source: r.source, evidence: r.evidence };
  });
}
