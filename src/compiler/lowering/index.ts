// PASS-1 lowering's public face: pure transforms and the guard, plus the variant files at the edge.
export { lowerSkill, variantRecord, VariantRecord, GapOutcome, SHORT_FILE_BYTES, type LoweringInput, type LoweringResult } from "./lower.js";
export { guardVariant, maxAddedLines, GuardVerdict, GuardViolation } from "./guard.js";
export { Edit, applyEdits } from "./edit.js";
export { SkillDocument } from "./document.js";
export { profileHash, variantSlug, type LoweringProfile } from "./profile-key.js";
export { TRANSFORMS, transformFor } from "./transforms/index.js";
export { rewriteUnlowered, PROVIDER_REWRITE } from "./provider-rewrite.js";
export { compileVariant, prepareLowering, readFreshVariant, readLoweringInput, variantDir, VariantManifest, VARIANTS_DIR, EDITS_FILE, type BaseArtifact, type VariantOutcome } from "./variant-artifact.js";
