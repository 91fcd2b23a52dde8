import { applyPatch, skillMdDigest } from "./apply-patches.js";
import { readArtifact, writeArtifactChanges } from "./artifact-io.js";
import { readPatches, writePatches, newPatch } from "./patch-store.js";
import { readProposals, writeProposals, type Proposal } from "./proposal.js";
import { guardEdit } from "./proposal-guard.js";

/** Why a review could not be done, as a value the CLI prints (code, message, hint). */
export class ReviewError extends Error {}

async function pending(compiledDir: string, id: string): Promise<{ proposals: Proposal[]; proposal: Proposal }> {
  const proposals = await readProposals(compiledDir);
  const proposal = proposals.find((p) => p.id === id);
  if (!proposal) throw new ReviewError(`PROPOSAL_NOT_FOUND: no proposal ${id}; hint: \`skvm proposals list\` shows them`);
  if (proposal.status !== "pending") throw new ReviewError(`PROPOSAL_NOT_PENDING: proposal ${id} of ${proposal.skill} is ${proposal.status}; only a pending proposal can be accepted or rejected`);
  return { proposals, proposal };
}

/**
 * Accepts a pending proposal: the guard is checked again against the compiled SKILL.md as it is
 * now, and the edit becomes an `edit` patch (reapplied by recompiles while the SKILL.md it was
 * made for stays the same). Returns the patch id.
 */
export async function acceptProposal(compiledDir: string, id: string): Promise<string> {
  const { proposals, proposal } = await pending(compiledDir, id);
  const artifact = await readArtifact(compiledDir);
  if (skillMdDigest(artifact.skillMd) !== proposal.baseDigest) {
    throw new ReviewError(`PROPOSAL_STALE: the compiled SKILL.md of ${proposal.skill} changed since proposal ${id} was made; hint: reject it (\`skvm proposals reject ${id}\`); a new one is proposed if the failures go on`);
  }
  const refused = guardEdit(artifact.skillMd, proposal.skillMd);
  if (refused) throw new ReviewError(`PROPOSAL_REFUSED: ${refused}; hint: reject it`);
  const patches = await readPatches(compiledDir);
  const patch = newPatch(patches, {
    kind: "edit",
    proposal: proposal.id,
    baseDigest: proposal.baseDigest,
    skillMd: proposal.skillMd,
    evidence: { class: proposal.class, failures: proposal.failures, excerpt: proposal.rationale },
    summary: `accepted proposal ${proposal.id} (${proposal.model}): ${proposal.rationale}`,
  });
  if (!patch) throw new ReviewError(`PROPOSAL_NOT_PENDING: proposal ${id} is already applied`);
  const outcome = applyPatch(artifact, patch);
  if (!outcome.applied) throw new ReviewError(`PROPOSAL_STALE: ${outcome.moot}`);
  await writePatches(compiledDir, [...patches, patch]);
  await writeArtifactChanges(compiledDir, artifact, { ...outcome.artifact, manifest: { ...outcome.artifact.manifest, patches: [...(artifact.manifest.patches ?? []), patch.id] } });
  await writeProposals(compiledDir, proposals.map((p) => (p.id === id ? { ...p, status: "accepted" as const, patch: patch.id } : p)));
  return patch.id;
}

export async function rejectProposal(compiledDir: string, id: string): Promise<void> {
  const { proposals } = await pending(compiledDir, id);
  await writeProposals(compiledDir, proposals.map((p) => (p.id === id ? { ...p, status: "rejected" as const } : p)));
}
