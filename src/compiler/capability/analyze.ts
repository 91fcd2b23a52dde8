import type { SkillIR } from "../../skill/ir.js";
import type { RequirementReport } from "./contract.js";
import { mergeFindings } from "./finding.js";
import { RULES } from "./rules/index.js";
import { skillText } from "./skill-text.js";

/**
 * The deterministic requirement analysis: what the skill demands of the model, each primitive at
 * its minimum level with the lines that show it. Pure: the same IR always gives the same report.
 */
export function analyzeRequirements(ir: SkillIR): RequirementReport {
  const text = skillText(ir);
  return { version: 1, sourceHash: ir.sourceHash, requirements: mergeFindings(RULES.flatMap((rule) => rule(text))) };
}
