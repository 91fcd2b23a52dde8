import { relative } from "node:path";
import { compileSkills, defaultPassManager, loadPassModule, type CompileReport, type SkillCompileResult } from "../compiler/index.js";
import { providerRefiner, type RequirementRefiner } from "../compiler/capability/index.js";
import { createProvider, ModelError, resolveModelConfig, type ModelFlags, type ModelProvider } from "../model/index.js";
import { skvmHome } from "../state-dir.js";
import { formatDiagnostic } from "../skill/diagnostic.js";
import { missingSkillsRoot, resolveRoots, type RootOptions } from "./paths.js";
import { loweringProfiles } from "./lowering-profiles.js";
import { progressBar } from "./progress.js";
import { renderTable } from "./table.js";

export interface CompileCommandOptions extends RootOptions, ModelFlags {
  /** Have the configured model review each skill's requirement analysis. */
  refine?: boolean;
  out?: string;
  force?: boolean;
  json?: boolean;
  pass?: string[];
  /** Profile ids (each may be a comma list): also compile a variant per profile. */
  profile?: string[];
  /** Have the configured model rewrite what no lowering transform serves (only with profiles). */
  rewrite?: boolean;
}

/** Above this many skills the human report sums up instead of listing every skill and warning. */
const LIST_AT_MOST = 50;

/** `skvm compile [DIR]`: returns the process exit code (1 when any skill failed, 2 on a missing root). */
export async function compileCommand(opts: CompileCommandOptions): Promise<number> {
  const missing = missingSkillsRoot(opts.skills);
  if (missing) {
    process.stderr.write(`skvm compile: ${missing}\n`);
    return 2;
  }
  const passes = defaultPassManager();
  for (const module of opts.pass ?? []) {
    const { pass, placement } = await loadPassModule(module);
    passes.register(pass, placement);
  }
  const profiles = await loweringProfiles(opts.profile ?? []);
  if (!profiles.ok) {
    process.stderr.write(`skvm compile: ${profiles.message}\n`);
    return 2;
  }
  let refine: RequirementRefiner | undefined;
  let rewriter: ModelProvider | undefined;
  try {
    refine = opts.refine ? await modelRefiner(opts) : undefined;
    rewriter = opts.rewrite && profiles.list.length ? await configuredModel(opts) : undefined;
  } catch (err) {
    if (!(err instanceof ModelError)) throw err;
    process.stderr.write(`skvm compile: ${err.message}\n`);
    return 2;
  }
  // On stderr, so --json output on stdout stays one document.
  const bar = progressBar("compiling", true);
  // The same folder every other command resolves for these skills roots, so nothing is compiled twice.
  const roots = resolveRoots({ skills: opts.skills, compiled: opts.out ?? opts.compiled });
  if (roots.skills.length === 0) process.stderr.write("skvm compile: no skills root found in the standard places (`skvm where` lists them); pass a folder or --skills DIR\n");
  const report = await compileSkills({
    skillsRoot: roots.skills,
    outRoot: roots.compiled,
    force: opts.force,
    passes,
    profiles: profiles.list,
    ...(rewriter ? { provider: rewriter } : {}),
    ...(refine ? { refine } : {}),
    onProgress: (done, total, r) => bar.update(done, total, r.name),
  });
  bar.stop();
  const failed = report.results.some((r) => r.status === "failed") || report.diagnostics.some((d) => d.severity === "error");
  const reviewed = refine ? { refinedBy: refine.id } : {};
  if (opts.json) process.stdout.write(`${JSON.stringify({ out: roots.compiled, ...reviewed, ...toJson(report, passes.names) }, null, 2)}\n`);
  else process.stdout.write(`${renderReport(report)}\nartifacts: ${roots.compiled}\n${refine ? `requirements reviewed by ${refine.id}\n` : ""}`);
  return failed ? 1 : 0;
}

/** The model of the configuration (flags over env over the config file), answers cached under SKVM_HOME. */
async function modelRefiner(flags: ModelFlags): Promise<RequirementRefiner> {
  return providerRefiner(await configuredModel(flags), skvmHome());
}

/** The model the flags, environment and config file name (`skvm config` shows it). */
const configuredModel = (flags: ModelFlags): Promise<ModelProvider> => createProvider(resolveModelConfig({ provider: flags.provider, model: flags.model, baseUrl: flags.baseUrl }));

const count = (report: CompileReport, status: SkillCompileResult["status"]): number => report.results.filter((r) => r.status === status).length;

/** Failed skills per error code (a skill counts once, under its first error), most frequent first. */
export function refusalsByCode(results: readonly SkillCompileResult[]): Record<string, number> {
  const by = new Map<string, number>();
  for (const r of results) {
    if (r.status !== "failed") continue;
    const code = r.diagnostics.find((d) => d.severity === "error")?.code ?? "UNKNOWN";
    by.set(code, (by.get(code) ?? 0) + 1);
  }
  return Object.fromEntries([...by].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}

function summaryOf(report: CompileReport) {
  const total = report.results.length;
  const shadowed = count(report, "shadowed");
  const served = count(report, "compiled") + count(report, "fresh");
  return {
    total,
    compiled: count(report, "compiled"),
    fresh: count(report, "fresh"),
    failed: count(report, "failed"),
    shadowed,
    // Of the skills that could be served (a shadowed one is replaced, not refused).
    servedPercent: total - shadowed ? Math.round((served / (total - shadowed)) * 1000) / 10 : 100,
    refusals: refusalsByCode(report.results),
  };
}

function toJson(report: CompileReport, passes: string[]) {
  return {
    passes,
    roots: report.roots,
    summary: summaryOf(report),
    results: report.results.map((r) => ({
      name: r.name,
      source: relative(process.cwd(), r.dir) || ".",
      status: r.status,
      durationMs: Math.round(r.durationMs * 10) / 10,
      diagnostics: r.diagnostics,
      ...(r.variants ? { variants: r.variants.map(({ diagnostics: _, ...v }) => v) } : {}),
    })),
    diagnostics: report.diagnostics,
    pruned: report.pruned,
  };
}

function renderReport(report: CompileReport): string {
  const many = report.results.length > LIST_AT_MOST;
  const listed = many ? report.results.filter((r) => r.status === "failed") : report.results;
  const withVariants = listed.some((r) => r.variants);
  const rows = listed.map((r) => [
    r.name,
    r.status,
    ...(withVariants ? [variantCell(r)] : []),
    String(r.diagnostics.filter((d) => d.severity === "warning").length),
    String(r.diagnostics.filter((d) => d.severity === "error").length),
    `${Math.round(r.durationMs)} ms`,
  ]);
  const problems = [...report.diagnostics, ...listed.flatMap((r) => r.diagnostics)]
    .filter((d) => d.severity === "error" || (!many && d.severity === "warning"))
    .map((d) => `${d.severity === "error" ? "error" : "warn "} ${formatDiagnostic(d)}`);
  const s = summaryOf(report);
  const summary = `${s.total} skill(s): ${s.compiled} compiled, ${s.fresh} fresh, ${s.failed} failed${s.shadowed ? `, ${s.shadowed} shadowed` : ""} (${s.servedPercent}% served)${
    report.pruned.length ? `; pruned ${report.pruned.join(", ")}` : ""
  }`;
  const refusals = Object.entries(s.refusals).map(([code, n]) => `  ${code}: ${n}`);
  const headers = ["skill", "status", ...(withVariants ? ["variants (profile: edits)"] : []), "warnings", "errors", "time"];
  const table = rows.length ? renderTable(headers, rows) : many ? "" : "no skills found";
  return [
    ...(many ? [`${report.results.length} skills: only the failed ones are listed (--json has all)`] : []),
    table,
    ...(problems.length ? ["", ...problems] : []),
    "",
    summary,
    ...(refusals.length ? ["not served, by error code:", ...refusals] : []),
  ].join("\n");
}

/** `qwen3.5-9b: 3 edits, claude-opus-4.6: none`: per profile, what serves it. */
function variantCell(r: SkillCompileResult): string {
  const model = (id: string) => id.split("/").at(-1) ?? id;
  const what = (v: NonNullable<SkillCompileResult["variants"]>[number]) =>
    v.status === "written" || v.status === "fresh" ? `${v.edits} edit(s)${v.status === "fresh" ? " (fresh)" : ""}` : v.status === "none" ? "base" : v.status;
  return (r.variants ?? []).map((v) => `${model(v.profile)}: ${what(v)}`).join(", ");
}
