import { analyzeRequirements, CAPABILITIES_FILE, requiredLevels } from "../../capability/index.js";
import type { CompilerPass } from "../../pass.js";

/**
 * PASS "capability" (PASS-1, first half): what the skill demands of the model. Sets the
 * manifest's contract field `capabilities.required` ({id: level}) and writes the requirements
 * with their evidence to `capabilities.json`, which lowering reads to compare with a profile.
 */
export const capabilityPass: CompilerPass = {
  name: "capability",
  description: "find the primitive capabilities a skill demands of the model, with evidence",
  run(unit) {
    const report = analyzeRequirements(unit.ir);
    return {
      unit: {
        ir: unit.ir,
        out: {
          ...unit.out,
          files: { ...unit.out.files, [CAPABILITIES_FILE]: `${JSON.stringify(report, null, 2)}\n` },
          manifest: { ...unit.out.manifest, capabilities: { required: requiredLevels(report), profile: "default" } },
        },
      },
      diagnostics: [],
    };
  },
};
