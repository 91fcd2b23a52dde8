import { join } from "node:path";
import { runtimeEnvFor } from "../env/index.js";
import { ResultCache, runCode, type RunResult } from "../exec/index.js";
import {
  coerceParam,
  DEFAULT_POLICY,
  loadTokenCounter,
  matchCode,
  matchNormalized,
  normalize,
  programArgs,
  resolveBundledPaths,
  Solidifier,
  TemplateIndex,
  type JitLang,
  type MatchResult,
  type ParamValue,
  type SolidifyPolicy,
  type Template,
  type TokenCounter,
  type Transition,
} from "../jit/index.js";
import { log } from "../log.js";
import { loadParsers, type Parsers } from "../syntax/index.js";
import type { Catalog, CatalogSkill } from "./catalog.js";
import { readJitState, writeJitState } from "./jit-state-file.js";

export interface RunSettings {
  cwd: string;
  /** Extra argv for the code (after the parameters, for a served template). */
  args?: string[];
  stdin?: string;
  timeoutMs?: number;
}

export interface CodeOutcome {
  match: MatchResult;
  /** The canonical program ran instead of the code as given. */
  served: boolean;
  cached: boolean;
  result: RunResult;
  transition: Transition;
  template?: Template;
}

export interface TemplateOutcome {
  result: RunResult;
  cached: boolean;
  transition: Transition;
}

/** Direct tool of a promoted template; within the 64 characters clients accept. */
export function directToolName(skill: string, id: string): string {
  const name = `${skill}__${id}`;
  return name.length <= 64 ? name : `${name.slice(0, 55)}_${hash8(name)}`;
}
const hash8 = (text: string): string => [...text].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0, 7).toString(16).padStart(8, "0");

/**
 * The JIT side of the server, shared by every session: the template index over the catalog, the
 * solidification state (persisted), and the cache of side-effect-free results.
 */
export class JitRuntime {
  readonly index = new TemplateIndex();
  readonly cache = new ResultCache();
  readonly solidifier: Solidifier;
  readonly #listeners = new Set<() => void>();
  #parsers: Promise<Parsers> | undefined;
  #tokens: Promise<TokenCounter> | undefined;
  #saving: Promise<void> = Promise.resolve();
  #queued: Promise<void> | undefined;
  #indexedSkills = new Set<string>();

  private constructor(
    readonly catalog: Catalog,
    readonly statePath: string | undefined,
    solidifier: Solidifier,
  ) {
    this.solidifier = solidifier;
    this.sync();
    catalog.onChange(() => {
      this.sync();
      this.#emit();
    });
  }

  /** Loads the saved state (when `statePath` is given) and indexes the catalog's templates. */
  static async open(catalog: Catalog, opts: { statePath?: string; policy?: Partial<SolidifyPolicy> } = {}): Promise<JitRuntime> {
    const saved = opts.statePath ? await readJitState(opts.statePath) : undefined;
    return new JitRuntime(catalog, opts.statePath, new Solidifier({ ...DEFAULT_POLICY, ...opts.policy }, saved));
  }

  /** Promoted templates of served skills: each is offered as a direct tool. */
  promoted(): { skill: CatalogSkill; template: Template }[] {
    return this.catalog.skills.flatMap((skill) =>
      this.index.templates(skill.name).filter((e) => this.solidifier.isPromoted(skill.name, e.template)).map((e) => ({ skill, template: e.template })),
    );
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async match(skill: CatalogSkill, lang: JitLang, code: string): Promise<MatchResult> {
    return (await this.#matchAndResolve(skill, lang, code)).match;
  }

  /** The match, and the code with bundled-file paths pointed at the skill (what runs as given). */
  async #matchAndResolve(skill: CatalogSkill, lang: JitLang, code: string): Promise<{ match: MatchResult; runnable: string }> {
    this.#parsers ??= loadParsers();
    const context = { bundled: new Set(skill.manifest.files.map((f) => f.path)), skillDir: skill.dir };
    const n = normalize(await this.#parsers, lang, code, context);
    if (!n) return { match: matchCode(this.index, await this.#parsers, { lang, code, skill: skill.name, context }), runnable: code };
    return { match: matchNormalized(this.index, n, { lang, skill: skill.name }), runnable: resolveBundledPaths(lang, code, n.bundled) };
  }

  /**
   * run_code: match the code, then run it as given, or (once its template is promoted) run the
   * canonical program with the extracted parameters. Only clean runs count toward promotion.
   */
  async runCode(skill: CatalogSkill, lang: JitLang, code: string, settings: RunSettings, signal?: AbortSignal): Promise<CodeOutcome> {
    const { match, runnable } = await this.#matchAndResolve(skill, lang, code);
    const template = match.template ? this.index.find(skill.name, match.template)?.template : undefined;
    if (template && match.kind === "exact" && this.solidifier.isPromoted(skill.name, template)) {
      const served = await this.runTemplate(skill, template, match.params, settings, signal, { direct: false });
      return { match, served: true, cached: served.cached, result: served.result, transition: served.transition, template };
    }
    const result = await runCode({ lang, code: runnable, ...this.#request(skill, settings) }, { signal });
    let transition: Transition;
    if (template && match.kind === "exact" && succeeded(result)) transition = this.solidifier.match(skill.name, template);
    else if (template && match.matched) this.solidifier.miss(skill.name, template);
    if (template && match.matched) await this.#changed(transition);
    return { match, served: false, cached: false, result, transition, ...(template ? { template } : {}) };
  }

  /** Runs a template's canonical program; `values` are checked against its parameters first. */
  async runTemplate(
    skill: CatalogSkill,
    template: Template,
    values: Readonly<Record<string, unknown>>,
    settings: RunSettings,
    signal?: AbortSignal,
    opts: { direct: boolean } = { direct: true },
  ): Promise<TemplateOutcome> {
    const params = checkParams(template, values);
    const args = programArgs(template.lang, template.params, params);
    const program = join(skill.compiledDir, template.file);
    const cacheable = template.pure && settings.stdin === undefined && !settings.args?.length;
    const key = cacheable ? await this.cache.key(`${skill.name}/${template.id}/${template.fingerprint}`, settings.cwd, [...args, ...Object.values(params)]) : undefined;
    const hit = key ? this.cache.get(key) : undefined;
    const result = hit ?? (await runCode({ lang: template.lang, program, ...this.#request(skill, settings), args: [...args, ...(settings.args ?? [])] }, { signal }));
    if (key && !hit) this.cache.set(key, result);
    const saved = opts.direct ? template.codeTokens - (await this.#countTokens(JSON.stringify({ name: directToolName(skill.name, template.id), arguments: values }))) : 0;
    const transition = result.cancelled ? undefined : this.solidifier.served(skill.name, template, succeeded(result), { direct: opts.direct, tokensSaved: saved });
    await this.#changed(transition);
    return { result, cached: hit !== undefined, transition };
  }

  /** Waits for pending writes of the state file. */
  flush(): Promise<void> {
    return this.#saving;
  }

  sync(): void {
    const names = new Set(this.catalog.names);
    for (const skill of this.catalog.skills) this.index.set(skill.name, skill.manifest.templates ?? []);
    for (const name of this.#indexedSkills) if (!names.has(name)) this.index.remove(name);
    this.#indexedSkills = names;
  }
  #request(skill: CatalogSkill, settings: RunSettings) {
    return {
      cwd: settings.cwd,
      args: settings.args ?? [],
      ...(settings.stdin !== undefined ? { stdin: settings.stdin } : {}),
      ...(settings.timeoutMs ? { timeoutMs: settings.timeoutMs } : {}),
      env: { ...runtimeEnvFor(skill), SKVM_SKILL_DIR: skill.dir },
    };
  }

  async #countTokens(text: string): Promise<number> {
    this.#tokens ??= loadTokenCounter();
    return (await this.#tokens)(text);
  }

  /**
   * Persists the state after every change: a promotion or demotion is on disk before the tool
   * answers (a restart must keep it); counters are written behind the answer.
   */
  async #changed(transition: Transition): Promise<void> {
    if (this.statePath) {
      const saved = this.#save(this.statePath);
      if (transition) await saved;
    }
    if (transition) this.#emit();
  }

  /** One write queued behind the one in flight; changes made meanwhile ride along with it. */
  #save(path: string): Promise<void> {
    this.#queued ??= this.#saving.then(async () => {
      this.#queued = undefined;
      await writeJitState(path, this.solidifier.state).catch((err: unknown) => log.warn(`could not save JIT state: ${(err as Error).message}`));
    });
    this.#saving = this.#queued;
    return this.#queued;
  }

  #emit(): void {
    for (const listener of this.#listeners) listener();
  }
}

const succeeded = (r: RunResult): boolean => r.exitCode === 0 && !r.timedOut && !r.cancelled && !r.spawnError && !r.outputFlood;

export class TemplateParamError extends Error {}

/** Values for every parameter: given ones checked against its type, missing ones from the template. */
function checkParams(template: Template, values: Readonly<Record<string, unknown>>): Record<string, ParamValue> {
  const unknown = Object.keys(values).filter((k) => !template.params.some((p) => p.name === k));
  if (unknown.length) throw new TemplateParamError(`PARAM_UNKNOWN: template "${template.id}" has no parameter ${unknown.join(", ")}; it takes ${template.params.map((p) => p.name).join(", ") || "none"}`);
  const out: Record<string, ParamValue> = {};
  for (const param of template.params) {
    if (values[param.name] === undefined) continue;
    const value = coerceParam(param, values[param.name]);
    if (value === undefined) throw new TemplateParamError(`PARAM_INVALID: ${param.name} must be ${param.type}, got ${JSON.stringify(values[param.name])}`);
    out[param.name] = value;
  }
  return out;
}
