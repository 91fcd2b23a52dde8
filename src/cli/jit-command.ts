import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { emptyStats, Solidifier, jitLang, templateKey, type JitLang, type MatchResult, type ParamValue, type Template } from "../jit/index.js";
import { JitRuntime, TemplateCallError, jitStatePath, readJitState, type CatalogSkill } from "../server/index.js";
import { loadCatalog, pickSkills, usageError, type CatalogCommandOptions } from "./catalog-access.js";
import { missingSkillsRoot, resolveRoots } from "./paths.js";
import { renderTable } from "./table.js";
import { readAdaptStats, type AdaptStats } from "../adapt/index.js";

const RANK: Readonly<Record<MatchResult["kind"], number>> = { exact: 3, variant: 2, near: 1, none: 0 };

async function oneSkill(command: string, name: string, opts: CatalogCommandOptions): Promise<{ runtime: JitRuntime; skill: CatalogSkill } | number> {
  const missing = missingSkillsRoot(opts.skills);
  if (missing) return usageError(command, missing);
  const catalog = await loadCatalog(opts);
  const picked = pickSkills(catalog, [name]);
  if (typeof picked === "string") return usageError(command, picked);
  return { runtime: await JitRuntime.open(catalog), skill: picked[0]! };
}

/** `skvm match --skill S [--lang L] < code`: which template the code matches, and why or why not. */
export async function matchCommand(opts: CatalogCommandOptions & { skill: string; lang?: string; file?: string }): Promise<number> {
  const langs: JitLang[] = opts.lang ? [jitLang(opts.lang)].filter((l): l is JitLang => l !== undefined) : ["python", "bash", "javascript"];
  if (langs.length === 0) return usageError("match", `unknown language "${opts.lang}"; use python, bash or javascript`);
  let code: string;
  try {
    code = opts.file ? await readFile(opts.file, "utf8") : await readStdin();
  } catch (err) {
    return usageError("match", `cannot read ${opts.file}: ${(err as Error).message}`);
  }
  if (!code.trim()) return usageError("match", "no code given: pipe it on stdin or pass --file");
  const opened = await oneSkill("match", opts.skill, opts);
  if (typeof opened === "number") return opened;
  const results = await Promise.all(langs.map(async (lang) => ({ lang, ...(await opened.runtime.match(opened.skill, lang, code)) })));
  const best = results.sort((a, b) => RANK[b.kind] - RANK[a.kind] || b.score - a.score)[0]!;
  if (opts.json) process.stdout.write(`${JSON.stringify(best, null, 2)}\n`);
  else process.stdout.write(`${renderMatch(best)}\n`);
  return best.matched ? 0 : 1;
}

function renderMatch(m: MatchResult & { lang: JitLang }): string {
  const head = m.matched
    ? `matched: ${m.kind} (${m.lang}) template "${m.template}"${m.title ? ` (${m.title})` : ""}, score ${m.score}`
    : `no match (${m.lang})${m.template ? `; nearest template "${m.template}", score ${m.score}` : ""}`;
  const params = Object.entries(m.params).map(([k, v]) => `  ${k} = ${JSON.stringify(v)}`);
  const differs = m.differs.map((d) => `  ${d}`);
  return [head, ...(params.length ? ["params:", ...params] : []), ...(differs.length ? ["differs:", ...differs] : [])].join("\n");
}

/** `skvm run S TEMPLATE --arg k=v`: runs a template's canonical program, as its direct tool would. */
export async function runCommand(skillName: string, templateId: string, opts: CatalogCommandOptions & { arg: string[]; cwd?: string }): Promise<number> {
  const opened = await oneSkill("run", skillName, opts);
  if (typeof opened === "number") return opened;
  const { runtime, skill } = opened;
  const template = runtime.index.find(skill.name, templateId)?.template;
  if (!template) return usageError("run", `skill ${skill.name} has no template "${templateId}"; templates: ${runtime.index.templates(skill.name).map((e) => e.template.id).join(", ") || "(none)"}`);
  const values = parseArgs(template, opts.arg);
  if (typeof values === "string") return usageError("run", values);
  try {
    const { result } = await runtime.runTemplate(skill, template, values, { cwd: resolve(opts.cwd ?? ".") });
    if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else {
      process.stdout.write(result.stdout);
      process.stderr.write(result.stderr);
      if (result.spawnError) process.stderr.write(`skvm run: could not start: ${result.spawnError}\n`);
      if (result.timedOut) process.stderr.write("skvm run: timed out and was killed\n");
    }
    return result.exitCode ?? 1;
  } catch (err) {
    if (err instanceof TemplateCallError) return usageError("run", err.message);
    throw err;
  }
}

/** `k=v` pairs typed by the template: numbers and booleans parsed, arrays as JSON or comma lists. */
function parseArgs(template: Template, pairs: readonly string[]): Record<string, ParamValue> | string {
  const values: Record<string, ParamValue> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) return `--arg takes name=value, got "${pair}"`;
    const name = pair.slice(0, eq);
    const raw = pair.slice(eq + 1);
    const param = template.params.find((p) => p.name === name);
    if (!param) return `template "${template.id}" has no parameter "${name}"; it takes ${template.params.map((p) => `${p.name} (${p.type})`).join(", ") || "none"}`;
    if (param.type === "boolean" && raw !== "true" && raw !== "false") return `${name} is a boolean: pass ${name}=true or ${name}=false, not "${raw}"`;
    values[name] = param.type === "boolean" ? raw === "true" : param.type === "array" ? parseArray(raw) : raw;
  }
  return values;
}

function parseArray(raw: string): ParamValue {
  if (raw.trim().startsWith("[")) {
    try {
      return JSON.parse(raw) as ParamValue;
    } catch {
      return raw;
    }
  }
  return raw.split(",").map((s) => s.trim());
}

/** `skvm stats`: per template, how often it matched, was solidified and served, and tokens saved. */
export async function statsCommand(opts: CatalogCommandOptions): Promise<number> {
  const missing = missingSkillsRoot(opts.skills);
  if (missing) return usageError("stats", missing);
  const catalog = await loadCatalog(opts);
  const path = jitStatePath(resolveRoots(opts).compiled);
  const solidifier = new Solidifier(undefined, await readJitState(path));
  const rows = catalog.skills.flatMap((skill) =>
    (skill.manifest.templates ?? []).map((template) => ({ skill: skill.name, template: template.id, lang: template.lang, codeTokens: template.codeTokens, ...stateOf(solidifier, skill.name, template) })),
  );
  const adaptive = await adaptiveStats(catalog.skills);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ state: path, templates: rows, adaptive: Object.fromEntries(adaptive) }, null, 2)}\n`);
    return 0;
  }
  const used = rows.filter((r) => r.matches || r.servedRuns || r.misses);
  const table = renderTable(
    ["skill", "template", "matches", "misses", "promoted", "served", "direct", "failures", "tokens saved"],
    used.map((r) => [r.skill, r.template, String(r.matches), String(r.misses), r.promoted ? "yes" : "no", String(r.servedRuns), String(r.directCalls), String(r.failures), String(r.tokensSaved)]),
  );
  const total = used.reduce((sum, r) => sum + r.tokensSaved, 0);
  process.stdout.write(`${used.length ? table : "no template has been used yet"}\n\n${rows.length} template(s) in ${catalog.names.length} skill(s); ${used.length} used; ${total} tokens saved (o200k_base)\nstate: ${path}\n`);
  process.stdout.write(`\n${adaptiveTable(adaptive)}\n`);
  return 0;
}

/** Failed runs and patches per skill (src/adapt), for the skills that have any. */
async function adaptiveStats(skills: readonly CatalogSkill[]): Promise<Map<string, AdaptStats>> {
  const stats = await Promise.all(skills.map(async (s) => [s.name, await readAdaptStats(s).catch(() => undefined)] as const));
  return new Map(stats.filter((e): e is readonly [string, AdaptStats] => e[1] !== undefined));
}

function adaptiveTable(stats: ReadonlyMap<string, AdaptStats>): string {
  if (!stats.size) return "adaptive: no run of a skill has failed";
  const rows = [...stats].map(([skill, s]) => [
    skill,
    String(s.totalFailures),
    Object.entries(s.failures).map(([c, n]) => `${c} ${n}`).join(", "),
    String(s.patchesApplied),
    s.fixes.map((f) => `${f.patch} ${f.class}: ${f.before} before, ${f.after} since`).join("; ") || "-",
  ]);
  return `adaptive (failed runs and the patches made of them):\n${renderTable(["skill", "failures", "by class", "patches", "fix worked? (failures of its class before, since)"], rows)}`;
}

/** The saved counts, or zeros for a template never seen (never creating an entry). */
function stateOf(solidifier: Solidifier, skill: string, template: Template) {
  const saved = solidifier.state.templates[templateKey(skill, template.id)];
  const fresh = saved && saved.fingerprint === template.fingerprint ? saved : undefined;
  return fresh ?? emptyStats(template.fingerprint);
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return "";
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
