import { compileSkills } from "../compiler/index.js";
import { readPatches, writePatches, type Patch } from "../adapt/index.js";
import type { CatalogSkill } from "../server/index.js";
import { loadCatalog, pickSkills, usageError, type CatalogCommandOptions } from "./catalog-access.js";
import { missingSkillsRoot, resolveRoots } from "./paths.js";
import { renderTable } from "./table.js";

type Picked = { skills: CatalogSkill[] } | number;

async function skillsFor(command: string, names: string[], opts: CatalogCommandOptions): Promise<Picked> {
  const missing = missingSkillsRoot(opts.skills);
  if (missing) return usageError(command, missing);
  const picked = pickSkills(await loadCatalog(opts), names);
  return typeof picked === "string" ? usageError(command, picked) : { skills: picked };
}

/** `skvm patches [SKILL]`: the adaptive patches of each compiled skill, with their evidence. */
export async function patchesListCommand(name: string | undefined, opts: CatalogCommandOptions): Promise<number> {
  const picked = await skillsFor("patches", name ? [name] : [], opts);
  if (typeof picked === "number") return picked;
  const rows: (Patch & { skill: string })[] = [];
  for (const skill of picked.skills) for (const patch of await readPatches(skill.compiledDir)) rows.push({ skill: skill.name, ...patch });
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ patches: rows }, null, 2)}\n`);
    return 0;
  }
  if (!rows.length) {
    process.stdout.write(`no patches${name ? ` for ${name}` : ""}: no failed run has been fixed by a rule yet\n`);
    return 0;
  }
  const table = renderTable(
    ["skill", "patch", "kind", "status", "what", "evidence"],
    rows.map((p) => [p.skill, p.id, p.kind, p.status === "moot" ? `moot (${p.mootReason ?? ""})` : p.status, p.summary, `${p.evidence.class}: ${p.evidence.excerpt}`]),
  );
  process.stdout.write(`${table}\n\nundo one: skvm patches revert SKILL ID (all of a skill's: leave out the ID)\n`);
  return 0;
}

/**
 * `skvm patches revert SKILL [ID...]`: drops the patches (all of the skill's when none are named)
 * and recompiles the skill from its source, so its artifact is what the passes alone produce
 * plus the patches that are left.
 */
export async function patchesRevertCommand(name: string, ids: string[], opts: CatalogCommandOptions): Promise<number> {
  const picked = await skillsFor("patches revert", [name], opts);
  if (typeof picked === "number") return picked;
  const skill = picked.skills[0]!;
  const patches = await readPatches(skill.compiledDir);
  const unknown = ids.filter((id) => !patches.some((p) => p.id === id));
  if (unknown.length) {
    return usageError("patches revert", `PATCH_NOT_FOUND: ${skill.name} has no patch ${unknown.join(", ")}; hint: \`skvm patches ${skill.name}\` lists its patches (${patches.map((p) => p.id).join(", ") || "none"})`);
  }
  const reverted = ids.length ? patches.filter((p) => ids.includes(p.id)) : patches;
  await writePatches(skill.compiledDir, patches.filter((p) => !reverted.includes(p)));
  const report = await compileSkills({ skillsRoot: skill.dir, outRoot: resolveRoots(opts).compiled, force: true });
  const failed = report.results.find((r) => r.status === "failed");
  if (opts.json) process.stdout.write(`${JSON.stringify({ skill: skill.name, reverted: reverted.map((p) => p.id), recompiled: !failed }, null, 2)}\n`);
  else {
    for (const p of reverted) process.stdout.write(`reverted ${p.id}: ${p.summary}\n`);
    process.stdout.write(`${reverted.length ? "" : "nothing to revert; "}${skill.name} recompiled from its source${failed ? " FAILED (see `skvm compile`)" : ""}\n`);
  }
  return failed ? 1 : 0;
}
