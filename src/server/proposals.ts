import type { McpServer } from "@modelcontextprotocol/server";
import { z } from "zod";
import { draftEdit, guardEdit, newProposalId, readArtifact, readProposals, skillMdDigest, writeProposals, type FailureRecord, type Proposal } from "../adapt/index.js";
import { log } from "../log.js";
import type { ModelProvider } from "../model/index.js";
import type { Adaptive } from "./adaptive.js";
import type { Catalog, CatalogSkill } from "./catalog.js";
import { errorResult, textResult } from "./skill-view.js";

/** Failures of one class (for one skill, none of them explained by a rule) before a model is asked. */
export const REPEATS_BEFORE_PROPOSAL = 2;
/**
 * A model answers with the whole edited SKILL.md within its output budget (8,192 tokens), so a
 * longer one is not sent at all: checked before any request is made.
 */
const MAX_PROPOSABLE_CHARS = 24_000;
/** The proposed text shown to the host is cut here (the CLI shows it whole). */
const SHOWN_CHARS = 32 * 1024;

/**
 * Model-assisted fixes: a failure class that repeats for a skill and that no rule explains goes
 * to the configured provider, which proposes an edit of the compiled SKILL.md. The edit is
 * checked by the guard and kept as a proposal, pending a person's decision (`skvm proposals`):
 * nothing is applied here. Without a provider this is never created.
 */
export class Proposer {
  readonly #drafting = new Set<string>();
  #provider: Promise<ModelProvider> | undefined;

  constructor(
    adaptive: Adaptive,
    private readonly openProvider: () => Promise<ModelProvider>,
  ) {
    adaptive.onUnexplained((skill, record, history) => this.#consider(skill, record, history));
  }

  #consider(skill: CatalogSkill, record: FailureRecord, history: readonly FailureRecord[]): void {
    const same = history.filter((r) => r.classification.class === record.classification.class);
    const key = `${skill.name}\0${record.classification.class}`;
    if (same.length < REPEATS_BEFORE_PROPOSAL || this.#drafting.has(key)) return;
    this.#drafting.add(key);
    // In the background: the failed call's answer never waits for a model.
    void this.#propose(skill, record, same)
      .catch((err: unknown) => log.warn(`no proposal for ${skill.name}: ${(err as Error).message}`))
      .finally(() => this.#drafting.delete(key));
  }

  async #propose(skill: CatalogSkill, record: FailureRecord, same: readonly FailureRecord[]): Promise<void> {
    const ofClass = (await readProposals(skill.compiledDir)).filter((p) => p.class === record.classification.class);
    // One open question per class at a time, and a new one only once the failures doubled since
    // the last: a model that cannot help is asked a few times, not on every failure.
    if (ofClass.some((p) => p.status === "pending")) return;
    const last = ofClass.at(-1);
    if (last && same.length < 2 * last.failures.length) return;
    const { skillMd } = await readArtifact(skill.compiledDir);
    if (skillMd.length > MAX_PROPOSABLE_CHARS) {
      log.info({ skill: skill.name, chars: skillMd.length }, `no proposal: its SKILL.md is longer than a model can return whole (${MAX_PROPOSABLE_CHARS} characters)`);
      return;
    }
    this.#provider ??= this.openProvider();
    const draft = await draftEdit(await this.#provider, skillMd, same);
    const refused = guardEdit(skillMd, draft.skillMd);
    const proposal: Proposal = {
      id: newProposalId(),
      skill: skill.name,
      createdAt: new Date().toISOString(),
      status: refused ? "refused" : "pending",
      class: record.classification.class,
      failures: same.map((r) => r.id),
      baseDigest: skillMdDigest(skillMd),
      skillMd: draft.skillMd,
      rationale: draft.rationale,
      model: draft.model,
      ...(refused ? { refusedReason: refused } : {}),
    };
    await writeProposals(skill.compiledDir, [...(await readProposals(skill.compiledDir)), proposal]);
    log.info({ skill: skill.name, proposal: proposal.id, status: proposal.status }, refused ? `proposal refused: ${refused}` : "proposal pending review");
  }
}

/** The tool a host calls to see what the model proposed (people accept or reject in the CLI). */
export function registerProposalsTool(server: McpServer, catalog: Catalog): void {
  server.registerTool(
    "skill_proposals",
    {
      title: "Proposed fixes of skills",
      description:
        "Edits of a skill's instructions that a model proposed after the skill kept failing the same way, pending a person's review. " +
        "Show them to the user; they are applied only when the user accepts one (`skvm proposals accept ID`).",
      inputSchema: { skill: z.string().optional().describe("Only this skill's proposals") },
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async ({ skill: name }) => {
      await catalog.ready;
      const skills = name ? [catalog.get(name)].filter((s): s is CatalogSkill => s !== undefined) : catalog.skills;
      if (name && !skills.length) return errorResult(`SKILL_NOT_FOUND: no skill named "${name}"`);
      const pending = (await Promise.all(skills.map((s) => readProposals(s.compiledDir).catch(() => [])))).flat().filter((p) => p.status === "pending");
      if (!pending.length) return textResult(`no pending proposals${name ? ` for ${name}` : ""}`);
      return textResult(pending.map(describeProposal).join("\n\n"));
    },
  );
}

function describeProposal(p: Proposal): string {
  const text = p.skillMd.length > SHOWN_CHARS ? `${p.skillMd.slice(0, SHOWN_CHARS)}\n… (cut; \`skvm proposals show ${p.id}\` prints it whole)` : p.skillMd;
  return [
    `## Proposal ${p.id} for skill ${p.skill} (${p.class}, ${p.failures.length} failures; model ${p.model})`,
    p.rationale,
    `accept: skvm proposals accept ${p.id}    reject: skvm proposals reject ${p.id}`,
    "Proposed SKILL.md:",
    text,
  ].join("\n");
}
