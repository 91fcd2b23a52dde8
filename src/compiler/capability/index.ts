export { analyzeRequirements } from "./analyze.js";
export { CAPABILITIES_FILE, Evidence, Gap, Requirement, RequirementReport, findGaps, requiredLevels } from "./contract.js";
export { providerRefiner, type RequirementRefiner } from "./refine/index.js";
export { refineArtifact, lacksRefinement } from "./refine/artifact.js";
export { refineCacheDir } from "./refine/cache.js";
