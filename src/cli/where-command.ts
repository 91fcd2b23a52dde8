import { relative } from "node:path";
import { compileSkills, type SkillCompileResult } from "../compiler/index.js";
import { isFolder, standardRootPlaces, type RootPlace } from "../skill/index.js";
import { missingSkillsRoot, resolveRoots, type RootOptions } from "./paths.js";
import { usageError } from "./catalog-access.js";

export interface WhereCommandOptions extends RootOptions {
  json?: boolean;
}

/** A root given with --skills, or a standard place (which says who reads it). */
type Place = Pick<RootPlace, "path"> & Partial<RootPlace>;

interface RootReport {
  path: string;
  scope?: RootPlace["scope"];
  readBy?: string;
  exists: boolean;
  /** Served skills, by the name they are served under. */
  skills: { name: string; dir: string; declaredName?: string }[];
  shadowed: { name: string; dir: string; by: string[] }[];
  failed: { name: string; dir: string; code: string; message: string }[];
}

/**
 * `skvm where`: the skills roots searched (the standard places when no --skills is given), in
 * order, what each holds, what is shadowed and by what, and where artifacts go. It compiles what
 * is stale (into the artifact folder, never into a skills root) so names are those served.
 */
export async function whereCommand(opts: WhereCommandOptions): Promise<number> {
  const missing = missingSkillsRoot(opts.skills);
  if (missing) return usageError("where", missing);
  const roots = resolveRoots(opts);
  const places: Place[] = roots.discovered ? standardRootPlaces() : roots.skills.map((path) => ({ path }));
  const report = await compileSkills({ skillsRoot: roots.skills, outRoot: roots.compiled });
  const reports = places.map((place) => rootReport(place, report.results));
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ discovered: roots.discovered, compiled: roots.compiled, roots: reports }, null, 2)}\n`);
    return 0;
  }
  process.stdout.write(`${render(reports, roots.discovered)}\ncompiled artifacts: ${roots.compiled}\n`);
  return 0;
}

function rootReport(place: Place, results: readonly SkillCompileResult[]): RootReport {
  const mine = results.filter((r) => r.root === place.path);
  const served = mine.filter((r) => r.status === "compiled" || r.status === "fresh");
  return {
    ...place,
    exists: isFolder(place.path),
    skills: served.map((r) => ({ name: r.name, dir: r.dir, ...(r.claim && r.claim !== r.name ? { declaredName: r.claim } : {}) })),
    shadowed: mine.filter((r) => r.status === "shadowed").map((r) => ({ name: r.name, dir: r.dir, by: r.shadowedBy ?? [] })),
    failed: mine
      .filter((r) => r.status === "failed")
      .map((r) => {
        const error = r.diagnostics.find((d) => d.severity === "error");
        return { name: r.name, dir: r.dir, code: error?.code ?? "UNKNOWN", message: error?.message ?? "" };
      }),
  };
}

const MAX_NAMES_SHOWN = 12;

function render(reports: readonly RootReport[], discovered: boolean): string {
  const lines = [
    discovered
      ? "No --skills given: searched the standard places, nearest first (a skill shadows one of the same name further down):"
      : "Skills roots, nearest first (a skill shadows one of the same name further down):",
  ];
  let rank = 0;
  for (const r of reports) {
    const at = r.exists ? `${++rank}.` : "-";
    const who = r.readBy ? `  [${r.scope}: ${r.readBy}]` : "";
    lines.push(`${at} ${r.path}${r.exists ? "" : " (absent)"}${who}`);
    if (!r.exists) continue;
    const names = r.skills.map((s) => (s.declaredName ? `${s.name} (declares "${s.declaredName}")` : s.name));
    const shown = names.slice(0, MAX_NAMES_SHOWN).join(", ") + (names.length > MAX_NAMES_SHOWN ? `, ... ${names.length - MAX_NAMES_SHOWN} more` : "");
    lines.push(`     ${r.skills.length} skill(s) served${names.length ? `: ${shown}` : ""}`);
    for (const s of r.shadowed) lines.push(`     shadowed: ${s.name} (${relative(r.path, s.dir) || "."}) by ${s.by.join(", ")}`);
    for (const f of r.failed) lines.push(`     not served: ${f.name} (${relative(r.path, f.dir) || "."}): ${f.code}: ${f.message}`);
  }
  return lines.join("\n");
}
