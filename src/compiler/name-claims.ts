import { basename } from "node:path";
import type { SkillCompileResult } from "./compile.js";

export const ownsItsName = (r: SkillCompileResult): boolean => r.status !== "failed" && basename(r.dir) === r.name;

export const NAME_CLAIM_CODE = "DUPLICATE_SKILL_NAME";

/**
 * Settles skills that claim the same name. The one folder that bears the name wins (the spec
 * says name equals folder, so it is the skill's rightful home); without exactly one such folder
 * nobody wins. Never decided by sort order, so a folder `impostor/` declaring `name: text-stats`
 * cannot take over `text-stats/`. Every claimant hears about the others.
 */
export function resolveNameClaims(results: SkillCompileResult[]): void {
  const claims = new Map<string, SkillCompileResult[]>();
  for (const r of results) if (r.status !== "failed") claims.set(r.name, [...(claims.get(r.name) ?? []), r]);
  for (const [name, claimants] of claims) {
    if (claimants.length < 2) continue;
    const owners = claimants.filter(ownsItsName);
    const winner = owners.length === 1 ? owners[0] : undefined;
    for (const r of claimants) {
      const others = claimants.filter((o) => o !== r).map((o) => o.dir).join(", ");
      if (r === winner) {
        r.diagnostics = [...r.diagnostics, { code: NAME_CLAIM_CODE, severity: "warning", message: `skill name "${name}" is also declared by ${others}, which is not served`, file: r.dir, hint: "the folder that bears a skill's name keeps it" }];
        continue;
      }
      r.status = "failed";
      r.manifest = undefined;
      delete r.pending;
      const why = winner ? `belongs to ${winner.dir}, whose folder bears that name` : `is also declared by ${others}, and no single folder among them bears that name`;
      r.diagnostics = [...r.diagnostics, { code: NAME_CLAIM_CODE, severity: "error", message: `skill name "${name}" ${why}; not served`, file: r.dir, hint: "skill names must be unique within a skills folder; rename the skill or its folder" }];
    }
  }
}
