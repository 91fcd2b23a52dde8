import { EnvChecker, InstallProgress, nextSteps, runInstall, type EnvVerdict, type InstallResult } from "../env/index.js";
import { describeProblem, type CatalogSkill } from "../server/index.js";
import { loadCatalog, pickSkills, type CatalogCommandOptions } from "./catalog-access.js";
import { commandFor, missingSkillsRoot, resolveRoots } from "./paths.js";
import { renderTable } from "./table.js";
import { usageError } from "./catalog-access.js";

export type EnvCommandOptions = CatalogCommandOptions;

export interface EnvInstallOptions extends EnvCommandOptions {
  dryRun?: boolean;
}

/** `skvm env check [skill...]`: a fresh verdict per skill; exit 1 when any is not ready, 2 on bad input. */
export async function envCheckCommand(names: string[], opts: EnvCommandOptions): Promise<number> {
  const missing = missingSkillsRoot(opts.skills);
  if (missing) return usageError("env", missing);
  const catalog = await loadCatalog(opts);
  const picked = pickSkills(catalog, names);
  if (typeof picked === "string") return usageError("env", picked);
  const checker = new EnvChecker();
  // A person asking wants the truth now, not a verdict from before they installed something;
  // the fresh verdicts also refresh the cache a server will read.
  await Promise.all(picked.map((skill) => checker.invalidate(skill)));
  const verdicts = await checker.checkAll(picked);
  const rows = picked.map((skill, i) => ({ name: skill.name, hasEnv: Boolean(skill.manifest.env), verdict: verdicts[i] as EnvVerdict }));
  if (opts.json) process.stdout.write(`${JSON.stringify({ skills: rows.map((r) => ({ name: r.name, ...r.verdict })) }, null, 2)}\n`);
  else process.stdout.write(`${renderCheck(rows, (name) => commandFor(["env", "install", name], resolveRoots(opts)))}\n`);
  // Skills that did not even compile cannot be checked; they must not pass silently.
  for (const problem of names.length ? [] : catalog.problems) process.stderr.write(`not checked: ${describeProblem(problem)}\n`);
  const uncheckable = names.length ? 0 : catalog.problems.length;
  return rows.every((r) => r.verdict.ready) && uncheckable === 0 ? 0 : 1;
}

/** `skvm env install <skill>`: runs install.sh, then checks again; exit 1 when anything failed. */
export async function envInstallCommand(name: string, opts: EnvInstallOptions): Promise<number> {
  const missing = missingSkillsRoot(opts.skills);
  if (missing) return usageError("env", missing);
  const catalog = await loadCatalog(opts);
  const picked = pickSkills(catalog, [name]);
  if (typeof picked === "string") return usageError("env", picked);
  const skill = picked[0] as CatalogSkill;
  const dryRun = opts.dryRun ?? false;
  const checker = new EnvChecker();
  await checker.invalidate(skill);
  const progress = new InstallProgress(await checker.check(skill), skill.manifest.env?.systemPackages.length ?? 0);
  const report = await runInstall(skill, { dryRun, onProgress: (line) => process.stderr.write(`  ${progress.step(line).message}\n`) });
  await checker.invalidate(skill);
  const verdict = await checker.check(skill);
  if (opts.json) process.stdout.write(`${JSON.stringify({ skill: skill.name, report, verdict }, null, 2)}\n`);
  else process.stdout.write(`${renderInstall(skill.name, report, verdict)}\n`);
  const failed = Boolean(report.error) || report.failed.length > 0;
  return failed || (!dryRun && !verdict.ready) ? 1 : 0;
}

const describeItem = (m: { kind: string; name: string; import?: string }): string =>
  `${m.kind}:${m.name}${m.import && m.import !== m.name ? ` (${m.import})` : ""}`;

function renderCheck(rows: { name: string; hasEnv: boolean; verdict: EnvVerdict }[], installCommand: (name: string) => string): string {
  if (!rows.length) return "no skills found";
  const table = renderTable(
    ["skill", "ready", "missing"],
    rows.map(({ name, hasEnv, verdict }) => [
      name,
      verdict.ready ? "yes" : "no",
      verdict.error ? `error: ${verdict.error}` : verdict.missing.map(describeItem).join(", ") || (hasEnv ? "-" : "- (no env section)"),
    ]),
  );
  const notes = rows.flatMap(({ name, verdict }) => [
    ...(verdict.optionalMissing.length ? [`${name}: optional, not found: ${verdict.optionalMissing.map(describeItem).join(", ")}`] : []),
    ...verdict.rejected.map((r) => `${name}: not checked: ${r.kind} ${JSON.stringify(r.name)} (${r.reason})`),
  ]);
  const notReady = rows.filter((r) => !r.verdict.ready).map((r) => r.name);
  const hint = notReady.length ? ["fix with:", ...notReady.map((n) => `  ${installCommand(n)}`)] : [];
  return [table, ...(notes.length ? ["", ...notes] : []), ...(hint.length ? ["", ...hint] : [])].join("\n");
}

function renderInstall(name: string, report: InstallResult, verdict: EnvVerdict): string {
  const list = (items: { kind: string; name: string }[]) => items.map((i) => `${i.kind}:${i.name}`).join(", ");
  const lines = [report.dryRun ? `Dry run for ${name} (nothing installed)` : `Install for ${name}`];
  if (report.error) lines.push(`  error: ${report.error}`);
  if (report.planned.length) lines.push(...uniqueCommands(report).map((c) => `  would run: ${c}`));
  if (report.installed.length) lines.push(`  installed: ${list(report.installed)}`);
  if (report.alreadyPresent.length) lines.push(`  already present: ${list(report.alreadyPresent)}`);
  // With a cause found, the tool's last line (pip: "No matching distribution found") would blame the wrong thing.
  const why = (error: string) => (report.diagnosis ? `(${report.diagnosis.cause}, see below)` : error.split("\n").at(-1));
  for (const f of report.failed) lines.push(`  FAILED ${f.kind}:${f.name}: ${why(f.error)}`);
  for (const s of report.skipped) lines.push(`  skipped ${s.kind}:${s.name}: ${s.reason}${s.command ? ` (run: ${s.command})` : ""}`);
  if (verdict.ready) return [...lines, "", `${name}: ready`].join("\n");
  const status = verdict.error ? `not ready: ${verdict.error}` : `not ready, missing ${verdict.missing.map(describeItem).join(", ")}`;
  const steps = report.dryRun ? [] : nextSteps(report, verdict);
  return [...lines, "", `${name}: ${status}`, ...steps.map((step) => `  ${step}`)].join("\n");
}

const uniqueCommands = (report: InstallResult): string[] => [...new Set(report.planned.map((p) => p.command))];
