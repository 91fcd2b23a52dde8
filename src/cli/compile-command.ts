import { relative } from "node:path";
import { compileSkills, defaultPassManager, loadPassModule, type CompileReport, type SkillCompileResult } from "../compiler/index.js";
import { providerRefiner, type RequirementRefiner } from "../compiler/capability/index.js";
import { createProvider, ModelError, resolveModelConfig, type ModelFlags, type ModelProvider } from "../model/index.js";
import { skvmHome } from "../state-dir.js";
import { formatDiagnostic } from "../skill/diagnostic.js";
import { resolveRoots } from "./paths.js";
import { loweringProfiles } from "./lowering-profiles.js";
import { progressBar } from "./progress.js";
import { renderTable } from "./table.js";

export interface CompileCommandOptions extends ModelFlags {
  /** Have the configured model review each skill's requirement analysis. */
  refine?: boolean;
  out?: string;
  compiled?: string;
  force?: boolean;
  json?: boolean;
  pass?: string[];
  /** Profile ids (each may be a comma list): also compile a variant per profile. */
  profile?: string[];
  /** Have the configured model rewrite what no lowering transform serves (only with profiles). */
  rewrite?: boolean;
}

/** `skvm compile [DIR]`: returns the process exit code (1 when any skill failed). */
export async function compileCommand(dir: string, opts: CompileCommandOptions): Promise<number> {
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
  const bar = progressBar("compiling", !opts.json);
  // The same folder every other command resolves for this skills root, so nothing is compiled twice.
  const outRoot = resolveRoots({ skills: dir, compiled: opts.out ?? opts.compiled }).compiled;
  const report = await compileSkills({
    skillsRoot: dir,
    outRoot,
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
  if (opts.json) process.stdout.write(`${JSON.stringify({ out: outRoot, ...reviewed, ...toJson(report, passes.names) }, null, 2)}\n`);
  else process.stdout.write(`${renderReport(report)}\nartifacts: ${outRoot}\n${refine ? `requirements reviewed by ${refine.id}\n` : ""}`);
  return failed ? 1 : 0;
}

/** The model of the configuration (flags over env over the config file), answers cached under SKVM_HOME. */
async function modelRefiner(flags: ModelFlags): Promise<RequirementRefiner> {
  return providerRefiner(await configuredModel(flags), skvmHome());
}

/** The model the flags, environment and config file name (`skvm config` shows it). */
const configuredModel = (flags: ModelFlags): Promise<ModelProvider> => createProvider(resolveModelConfig({ provider: flags.provider, model: flags.model, baseUrl: flags.baseUrl }));

function toJson(report: CompileReport, passes: string[]) {
  const count = (s: string) => report.results.filter((r) => r.status === s).length;
  return {
    passes,
    summary: { total: report.results.length, compiled: count("compiled"), fresh: count("fresh"), failed: count("failed") },
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
  const withVariants = report.results.some((r) => r.variants);
  const rows = report.results.map((r) => [
    r.name,
    r.status,
    ...(withVariants ? [variantCell(r)] : []),
    String(r.diagnostics.filter((d) => d.severity === "warning").length),
    String(r.diagnostics.filter((d) => d.severity === "error").length),
    `${Math.round(r.durationMs)} ms`,
  ]);
  const problems = [...report.diagnostics, ...report.results.flatMap((r) => r.diagnostics)]
    .filter((d) => d.severity !== "info")
    .map((d) => `${d.severity === "error" ? "error" : "warn "} ${formatDiagnostic(d)}`);
  const count = (s: string) => report.results.filter((r) => r.status === s).length;
  const summary = `${report.results.length} skill(s): ${count("compiled")} compiled, ${count("fresh")} fresh, ${count("failed")} failed${
    report.pruned.length ? `; pruned ${report.pruned.join(", ")}` : ""
  }`;
  const headers = ["skill", "status", ...(withVariants ? ["variants (profile: edits)"] : []), "warnings", "errors", "time"];
  const table = rows.length ? renderTable(headers, rows) : "no skills found";
  return [table, ...(problems.length ? ["", ...problems] : []), "", summary].join("\n");
}

/** `qwen3.5-9b: 3 edits, claude-opus-4.6: none`: per profile, what serves it. */
function variantCell(r: SkillCompileResult): string {
  const model = (id: string) => id.split("/").at(-1) ?? id;
  const what = (v: NonNullable<SkillCompileResult["variants"]>[number]) =>
    v.status === "written" || v.status === "fresh" ? `${v.edits} edit(s)${v.status === "fresh" ? " (fresh)" : ""}` : v.status === "none" ? "base" : v.status;
  return (r.variants ?? []).map((v) => `${model(v.profile)}: ${what(v)}`).join(", ");
}
