import { relative } from "node:path";
import { compileSkills, defaultPassManager, loadPassModule, type CompileReport, type SkillCompileResult } from "../compiler/index.js";
import { createProvider, ModelError, resolveModelConfig, type ModelProvider } from "../model/index.js";
import { formatDiagnostic } from "../skill/diagnostic.js";
import { resolveRoots } from "./paths.js";
import { loweringProfiles } from "./lowering-profiles.js";
import { progressBar } from "./progress.js";
import { renderTable } from "./table.js";

export interface CompileCommandOptions {
  out?: string;
  compiled?: string;
  force?: boolean;
  json?: boolean;
  pass?: string[];
  /** Profile ids (each may be a comma list): also compile a variant per profile. */
  profile?: string[];
  /** A provider that rewrites what no lowering transform serves (only with profiles). */
  provider?: string;
  model?: string;
  baseUrl?: string;
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
    process.stderr.write(`skvm: ${profiles.message}\n`);
    return 2;
  }
  let provider: ModelProvider | undefined;
  try {
    if (opts.provider && profiles.list.length) provider = await createProvider(resolveModelConfig({ provider: opts.provider, model: opts.model, baseUrl: opts.baseUrl }));
  } catch (err) {
    if (!(err instanceof ModelError)) throw err;
    process.stderr.write(`skvm: ${err.message}\n`);
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
    ...(provider ? { provider } : {}),
    onProgress: (done, total, r) => bar.update(done, total, r.name),
  });
  bar.stop();
  const failed = report.results.some((r) => r.status === "failed") || report.diagnostics.some((d) => d.severity === "error");
  if (opts.json) process.stdout.write(`${JSON.stringify({ out: outRoot, ...toJson(report, passes.names) }, null, 2)}\n`);
  else process.stdout.write(`${renderReport(report)}\nartifacts: ${outRoot}\n`);
  return failed ? 1 : 0;
}

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
