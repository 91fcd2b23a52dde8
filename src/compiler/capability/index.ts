export { analyzeRequirements } from "./analyze.js";
export { CAPABILITIES_FILE, Evidence, Gap, Requirement, RequirementReport, findGaps, requiredLevels } from "./contract.js";
