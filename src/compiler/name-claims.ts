import { createHash } from "node:crypto";
import { basename, relative, sep } from "node:path";
import type { Diagnostic } from "../skill/diagnostic.js";
import { normalizeName } from "../skill/index.js";
import type { SkillCompileResult } from "./compile.js";

export const NAME_CLAIM_CODE = "DUPLICATE_SKILL_NAME";
export const SHADOWED_CODE = "SKILL_SHADOWED";

/** The (normalized) name a skill declares, which may differ from the name it is served under. */
export const claimOf = (r: SkillCompileResult): string => r.claim ?? r.name;

/** A skill whose folder bears the name it declares: that name's rightful home (the spec says name equals folder). */
export const ownsItsName = (r: SkillCompileResult): boolean => r.status !== "failed" && normalizeName(basename(r.dir)) === claimOf(r);

/** What settling the names decided for one skill. */
export type NamePlan =
  | { result: SkillCompileResult; kind: "served"; name: string; note?: Diagnostic }
  | { result: SkillCompileResult; kind: "shadowed"; by: string[]; note: Diagnostic };

/**
 * Settles skills that declare the same name, across one registry and across roots (`roots` is
 * nearest first). Nobody is refused and nothing is decided by sort order:
 * - a folder that bears the name keeps the plain name; of several such folders, the one in the
 *   nearest root wins and those in farther roots are shadowed (the same skill installed at two
 *   levels: the nearer copy overrides), while several in that nearest root (`alice/pdf`,
 *   `bob/pdf`) all get qualified names;
 * - every other claimant is served under a name qualified by its path in its root
 *   (`alice--pdf`, `impostor--text-stats`). `--` never occurs in a normalized name, so a
 *   qualified name cannot collide with a plain one.
 */
export function resolveNameClaims(results: readonly SkillCompileResult[], roots: readonly string[]): NamePlan[] {
  const rank = (r: SkillCompileResult): number => roots.indexOf(r.root);
  const claims = new Map<string, SkillCompileResult[]>();
  for (const r of results) if (r.status !== "failed") claims.set(claimOf(r), [...(claims.get(claimOf(r)) ?? []), r]);
  const used = new Set([...claims].filter(([, claimants]) => claimants.length === 1).map(([name]) => name));
  const plans: NamePlan[] = [];
  for (const [name, claimants] of claims) {
    if (claimants.length === 1) {
      plans.push({ result: claimants[0] as SkillCompileResult, kind: "served", name });
      continue;
    }
    const owners = claimants.filter(ownsItsName);
    const nearest = Math.min(...owners.map(rank));
    const nearestOwners = owners.filter((r) => rank(r) === nearest);
    const winner = nearestOwners.length === 1 ? nearestOwners[0] : undefined;
    const shadowed = owners.filter((r) => rank(r) > nearest);
    for (const r of shadowed) plans.push({ result: r, kind: "shadowed", by: nearestOwners.map((o) => o.dir), note: shadowNote(name, r, nearestOwners) });
    const qualified = qualify(name, claimants.filter((r) => r !== winner && !shadowed.includes(r)), used);
    if (winner) {
      used.add(name);
      plans.push({ result: winner, kind: "served", name, note: claimNote(name, winner, name, qualified) });
    }
    for (const [r, served] of qualified) plans.push({ result: r, kind: "served", name: served, note: claimNote(name, r, served, qualified, winner) });
  }
  return plans;
}

/** Qualified names for `claimants`, each the shortest of its candidates that no other skill takes. */
function qualify(name: string, claimants: readonly SkillCompileResult[], used: Set<string>): Map<SkillCompileResult, string> {
  const candidates = new Map(claimants.map((r) => [r, candidatesFor(name, r)]));
  const chosen = new Map<SkillCompileResult, string>();
  let pending = [...claimants];
  for (let k = 0; pending.length > 0; k++) {
    const at = new Map(pending.map((r) => [r, pick(candidates.get(r) ?? [], k)]));
    const counts = new Map<string, number>();
    for (const c of at.values()) counts.set(c, (counts.get(c) ?? 0) + 1);
    for (const [r, c] of at) {
      if (counts.get(c) !== 1 || used.has(c)) continue;
      chosen.set(r, c);
      used.add(c);
    }
    pending = pending.filter((r) => !chosen.has(r));
  }
  return chosen;
}

/** The k-th candidate, or past the last a suffix from the folder's absolute path (unique by construction). */
function pick(candidates: readonly string[], k: number): string {
  const last = candidates.at(-1) ?? "skill";
  if (k < candidates.length) return candidates[k] ?? last;
  return `${last}-${k - candidates.length + 1}`;
}

/**
 * `owner--name`, then `group--owner--name`, ...: the folders between the root and the skill (the
 * skill's own folder only when it does not bear the name), nearest first; the root's folder name
 * when there are none. Each fits in 64 characters (a hash keeps long ones apart).
 */
function candidatesFor(name: string, r: SkillCompileResult): string[] {
  const rel = relative(r.root, r.dir).split(sep).filter(Boolean).map(normalizeName).filter(Boolean);
  if (rel.at(-1) === name) rel.pop();
  const segments = rel.length ? rel : [normalizeName(basename(r.root)) || "root"];
  const out = segments.map((_, i) => fit(`${segments.slice(-(i + 1)).join("--")}--${name}`));
  out.push(fit(`${segments.join("--")}-${createHash("sha256").update(r.dir).digest("hex").slice(0, 6)}--${name}`));
  return out;
}

const fit = (qualified: string): string =>
  qualified.length <= 64 ? qualified : `${qualified.slice(0, 55).replace(/-+$/, "")}-${createHash("sha256").update(qualified).digest("hex").slice(0, 8)}`;

function claimNote(name: string, r: SkillCompileResult, served: string, qualified: ReadonlyMap<SkillCompileResult, string>, winner?: SkillCompileResult): Diagnostic {
  const others = [...(winner && winner !== r ? [`${winner.dir} (as "${name}")`] : []), ...[...qualified].filter(([o]) => o !== r).map(([o, n]) => `${o.dir} (as "${n}")`)];
  const how = served === name ? `keeps the name "${name}"` : `is served as "${served}"`;
  return {
    code: NAME_CLAIM_CODE,
    severity: "warning",
    message: `skill name "${name}" is also declared by ${others.join(", ")}; this one ${how}`,
    file: r.dir,
    hint: "the folder that bears a skill's name keeps it; the others are qualified by their folders; rename a skill to choose its name",
  };
}

function shadowNote(name: string, r: SkillCompileResult, nearer: readonly SkillCompileResult[]): Diagnostic {
  return {
    code: SHADOWED_CODE,
    severity: "info",
    message: `skill "${name}" is shadowed by ${nearer.map((o) => o.dir).join(", ")} in a nearer skills root; not served`,
    file: r.dir,
    hint: "a skill in an earlier root (`skvm where` lists them in order) overrides one of the same name in a later root",
  };
}
