import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { writeFileAtomic } from "../compiler/atomic-write.js";
import { FailureClass } from "./failure.js";
import { PROPOSAL_FILE } from "./patch.js";

/**
 * A model's proposed edit of a compiled SKILL.md, for failures no rule explains. Never applied
 * on its own: a person accepts (it becomes an `edit` patch) or rejects it. `refused`: the edit
 * broke the guard (see proposal-guard.ts) and is kept only to show why.
 */
export const Proposal = z.object({
  id: z.string(),
  skill: z.string(),
  createdAt: z.string(),
  status: z.enum(["pending", "accepted", "rejected", "refused"]),
  class: FailureClass,
  failures: z.array(z.string()),
  /** `sha256:` of the compiled SKILL.md the edit was made against. */
  baseDigest: z.string(),
  /** The whole compiled SKILL.md as proposed. */
  skillMd: z.string(),
  rationale: z.string(),
  model: z.string(),
  refusedReason: z.string().optional(),
  /** The patch an accepted proposal became. */
  patch: z.string().optional(),
});
export type Proposal = z.infer<typeof Proposal>;

const ProposalFile = z.object({ version: z.literal(1), proposals: z.array(Proposal) });

export async function readProposals(compiledDir: string): Promise<Proposal[]> {
  const path = join(compiledDir, PROPOSAL_FILE);
  const text = await readFile(path, "utf8").catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT") return undefined;
    throw err;
  });
  if (text === undefined) return [];
  const parsed = ProposalFile.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`PROPOSALS_INVALID: ${path} field "${parsed.error.issues[0]?.path.join(".") ?? "(root)"}": ${parsed.error.issues[0]?.message}; hint: delete the file to drop the skill's proposals`);
  return parsed.data.proposals;
}

export async function writeProposals(compiledDir: string, proposals: readonly Proposal[]): Promise<void> {
  await writeFileAtomic(join(compiledDir, PROPOSAL_FILE), `${JSON.stringify({ version: 1, proposals }, null, 2)}\n`);
}

export const newProposalId = (): string => `q-${randomBytes(4).toString("hex")}`;
