import type { SkillIR } from "../../../skill/ir.js";
import type { Manifest } from "../../manifest.js";
import { CAPABILITIES_FILE, RequirementReport, requiredLevels } from "../contract.js";
import type { RequirementRefiner } from "./index.js";

/**
 * Applies a refiner to a built (not yet written) artifact: capabilities.json and the manifest's
 * `capabilities` take the refined report. An artifact without a capability report is returned as is.
 */
export async function refineArtifact(
  ir: SkillIR,
  manifest: Manifest,
  files: Readonly<Record<string, string>>,
  refiner: RequirementRefiner,
): Promise<{ manifest: Manifest; files: Readonly<Record<string, string>> }> {
  const text = files[CAPABILITIES_FILE];
  if (text === undefined) return { manifest, files };
  const { report, diagnostics } = await refiner.refine(ir, RequirementReport.parse(JSON.parse(text)));
  const capabilities = { required: requiredLevels(report), profile: manifest.capabilities?.profile ?? "default", ...(report.refinedBy ? { refinedBy: report.refinedBy } : {}) };
  return {
    manifest: { ...manifest, capabilities, diagnostics: [...manifest.diagnostics, ...diagnostics] },
    files: { ...files, [CAPABILITIES_FILE]: `${JSON.stringify(report, null, 2)}\n` },
  };
}

/** True when an artifact must be rebuilt to carry this refiner's review. */
export const lacksRefinement = (manifest: Manifest, refiner: RequirementRefiner | undefined): boolean =>
  refiner !== undefined && manifest.capabilities?.refinedBy !== refiner.id;
