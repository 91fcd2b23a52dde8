// The public face of src/adapt: failure records and their classes, rule-based patches of compiled
// skills, model proposals and the stats over them. The server records; the CLI lists and reverts.
export { FailureClass, FailureRecord, FailureSource, Classification } from "./failure.js";
export { classifyFailure, type FailedRun } from "./classify.js";
export { appendFailure, boundRecord, readFailures, failureLogDir } from "./failure-log.js";
export { Patch, PATCH_FILE, PROPOSAL_FILE, ADAPT_FILES, type PatchDraft } from "./patch.js";
export { readPatches, writePatches, newPatch } from "./patch-store.js";
export { applyPatch, applyPatches, skillMdDigest, splitSkillMd, type Artifact } from "./apply-patches.js";
export { readArtifact, writeArtifactChanges, reapplyPatches } from "./artifact-io.js";
export { ruleFix } from "./fixers.js";
export { Proposal, readProposals, writeProposals, newProposalId } from "./proposal.js";
export { guardEdit, growthAllowance, addedLines, fencedBlocks } from "./proposal-guard.js";
export { draftEdit, type Draft } from "./propose.js";
export { acceptProposal, rejectProposal, ReviewError } from "./proposal-review.js";
export { adaptStats, readAdaptStats, type AdaptStats, type FixOutcome } from "./stats.js";
