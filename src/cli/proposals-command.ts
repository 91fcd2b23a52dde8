import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { COMPILED_SKILL_FILE } from "../compiler/index.js";
import { acceptProposal, addedLines, readProposals, rejectProposal, ReviewError, type Proposal } from "../adapt/index.js";
import type { CatalogSkill } from "../server/index.js";
import { loadCatalog, pickSkills, usageError, type CatalogCommandOptions } from "./catalog-access.js";
import { missingSkillsRoot } from "./paths.js";
import { renderTable } from "./table.js";

type Found = { skill: CatalogSkill; proposal: Proposal };

/** Every proposal of the named skills (all when none), with the skill it belongs to. */
async function proposalsOf(command: string, names: string[], opts: CatalogCommandOptions): Promise<Found[] | number> {
  const missing = missingSkillsRoot(opts.skills);
  if (missing) return usageError(command, missing);
  const picked = pickSkills(await loadCatalog(opts), names);
  if (typeof picked === "string") return usageError(command, picked);
  const found: Found[] = [];
  for (const skill of picked) for (const proposal of await readProposals(skill.compiledDir)) found.push({ skill, proposal });
  return found;
}

async function oneProposal(command: string, id: string, opts: CatalogCommandOptions): Promise<Found | number> {
  const all = await proposalsOf(command, [], opts);
  if (typeof all === "number") return all;
  return all.find((f) => f.proposal.id === id) ?? usageError(command, `PROPOSAL_NOT_FOUND: no proposal ${id}; hint: \`skvm proposals list\` shows them`);
}

/** `skvm proposals list [SKILL]`. */
export async function proposalsListCommand(name: string | undefined, opts: CatalogCommandOptions): Promise<number> {
  const found = await proposalsOf("proposals list", name ? [name] : [], opts);
  if (typeof found === "number") return found;
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ proposals: found.map((f) => f.proposal) }, null, 2)}\n`);
    return 0;
  }
  if (!found.length) {
    process.stdout.write("no proposals: a model proposes an edit when a skill keeps failing in a way no rule explains, and only when a provider is configured (`skvm config`)\n");
    return 0;
  }
  const rows = found.map(({ proposal: p }) => [p.skill, p.id, p.status, p.class, String(p.failures.length), p.refusedReason ?? p.rationale]);
  process.stdout.write(`${renderTable(["skill", "proposal", "status", "class", "failures", "why"], rows)}\n\nread one: skvm proposals show ID; then accept or reject it\n`);
  return 0;
}

/** `skvm proposals show ID`: the rationale, the lines the edit adds and removes, and the whole text with --json. */
export async function proposalsShowCommand(id: string, opts: CatalogCommandOptions): Promise<number> {
  const found = await oneProposal("proposals show", id, opts);
  if (typeof found === "number") return found;
  const { proposal: p, skill } = found;
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(p, null, 2)}\n`);
    return 0;
  }
  const current = await readFile(join(skill.compiledDir, COMPILED_SKILL_FILE), "utf8").catch(() => "");
  process.stdout.write(
    [
      `proposal ${p.id} for ${p.skill}: ${p.status}${p.refusedReason ? ` (${p.refusedReason})` : ""}`,
      `class ${p.class}, ${p.failures.length} failures (${p.failures.join(", ")}); model ${p.model}; ${p.createdAt}`,
      `why: ${p.rationale}`,
      `adds ${addedLines(current, p.skillMd)} lines, removes ${addedLines(p.skillMd, current)}`,
      "",
      lineDiff(current, p.skillMd),
      "",
      p.status === "pending" ? `accept: skvm proposals accept ${p.id}    reject: skvm proposals reject ${p.id}` : "",
    ].join("\n"),
  );
  return 0;
}

/** `skvm proposals accept ID` / `reject ID`. */
export async function proposalsDecideCommand(decision: "accept" | "reject", id: string, opts: CatalogCommandOptions): Promise<number> {
  const found = await oneProposal(`proposals ${decision}`, id, opts);
  if (typeof found === "number") return found;
  try {
    if (decision === "reject") {
      await rejectProposal(found.skill.compiledDir, id);
      process.stdout.write(opts.json ? `${JSON.stringify({ proposal: id, status: "rejected" })}\n` : `rejected ${id}\n`);
      return 0;
    }
    const patch = await acceptProposal(found.skill.compiledDir, id);
    process.stdout.write(opts.json ? `${JSON.stringify({ proposal: id, status: "accepted", patch })}\n` : `accepted ${id}: applied to ${found.skill.name} as patch ${patch} (undo: skvm patches revert ${found.skill.name} ${patch})\n`);
    return 0;
  } catch (err) {
    if (err instanceof ReviewError) return usageError(`proposals ${decision}`, err.message);
    throw err;
  }
}

/** The lines only one side has, marked - and +, in the order they appear. */
function lineDiff(before: string, after: string): string {
  const old = new Set(before.split("\n"));
  const neu = new Set(after.split("\n"));
  const removed = before.split("\n").filter((l) => !neu.has(l)).map((l) => `- ${l}`);
  const added = after.split("\n").filter((l) => !old.has(l)).map((l) => `+ ${l}`);
  return [...removed, ...added].join("\n") || "(no line differs)";
}
